"""Synthetic regression data: a numpy port of scikit-learn's generator, and presets.

``make_regression`` reproduces ``sklearn.datasets.make_regression`` draw for draw, so
the same seed gives the same data. ``make_dataset`` builds small teaching datasets on
top of it, each with one property that separates the normal equation from gradient
descent (badly scaled, collinear, duplicated or more features than samples).
"""

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

# The teaching presets, in display order; `figures.data` names them
# (`PRESET_LABELS`) and says what each shows (`describe_preset`).
PRESETS = (
    "well_conditioned",
    "badly_scaled",
    "collinear",
    "valley",
    "duplicated",
    "wide",
)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A regression problem, generated (known ground truth) or real.

    For generated data ``y = X @ coef_true + intercept_true + noise``, also after a
    preset's change to X.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    coef_true : ndarray of shape (n_features,)
        NaN for real data, whose true weights are unknown.
    intercept_true : float
        NaN for real data.
    feature_names : tuple of str
        ``("x1", "x2", ...)`` for generated data; the column headers of real data.
    preset : str
        A key of ``PRESETS``, or the name of a shipped sample, or ``"upload"``.
    description : str
        Real data's own card (its source, what it holds), for students; empty for
        generated data, which `figures.data.describe_dataset` tells from its
        preset.
    certified : ndarray of shape (n_features + 1,) or None
        [intercept, coef…] certified by NIST for its reference datasets (the exact
        least-squares solution, to 15 digits); None otherwise.
    target_name : str
        What y is called: ``"y"`` for generated data, the column header of real
        data.
    """

    X: np.ndarray
    y: np.ndarray
    coef_true: np.ndarray
    intercept_true: float
    feature_names: tuple[str, ...]
    preset: str
    description: str = ""
    certified: np.ndarray | None = None
    target_name: str = "y"


def make_regression(
    n_samples=100,
    n_features=100,
    *,
    n_informative=10,
    n_targets=1,
    bias=0.0,
    effective_rank=None,
    tail_strength=0.5,
    noise=0.0,
    shuffle=True,
    coef=False,
    random_state=None,
):
    """Generate a random linear regression problem, exactly as scikit-learn does.

    Only the first ``n_informative`` features (before shuffling) get nonzero
    coefficients, drawn uniformly from [0, 100).

    Parameters
    ----------
    n_samples, n_features : int, default=100
    n_informative : int, default=10
        Number of features with a nonzero coefficient (clipped to ``n_features``).
    n_targets : int, default=1
    bias : float, default=0.0
        The intercept of the true model.
    effective_rank : int or None, default=None
        None gives independent standard normal features; an int gives a matrix of
        roughly that rank with a fat tail of small singular values.
    tail_strength : float in [0, 1], default=0.5
        Weight of the fat tail when ``effective_rank`` is set.
    noise : float, default=0.0
        Standard deviation of the gaussian noise added to y.
    shuffle : bool, default=True
        Shuffle the samples and the features.
    coef : bool, default=False
        Also return the true coefficients.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    coef : ndarray of shape (n_features,) or (n_features, n_targets)
        Only when ``coef=True``. Like scikit-learn, y and coef are squeezed, so
        size-1 axes disappear.
    """
    _check_int("n_samples", n_samples, low=1)
    _check_int("n_features", n_features, low=1)
    _check_int("n_informative", n_informative, low=0)
    _check_int("n_targets", n_targets, low=1)
    _check_real("bias", bias)
    _check_int("effective_rank", effective_rank, low=1, optional=True)
    _check_real("tail_strength", tail_strength, low=0.0, high=1.0)
    _check_real("noise", noise, low=0.0)
    _check_bool("shuffle", shuffle)
    _check_bool("coef", coef)
    rng = _check_random_state(random_state)

    n_informative = min(n_features, n_informative)
    if effective_rank is None:
        X = rng.standard_normal(size=(n_samples, n_features))
    else:
        X = _make_low_rank_matrix(
            n_samples, n_features, effective_rank, tail_strength, rng
        )

    ground_truth = np.zeros((n_features, n_targets))
    ground_truth[:n_informative, :] = 100 * rng.uniform(size=(n_informative, n_targets))
    y = np.dot(X, ground_truth) + bias
    if noise > 0.0:
        y += rng.normal(scale=noise, size=y.shape)

    if shuffle:
        rows = np.arange(n_samples)
        rng.shuffle(rows)
        X, y = X[rows], y[rows]
        columns = np.arange(n_features)
        rng.shuffle(columns)
        X[:, :] = X[:, columns]
        ground_truth = ground_truth[columns]

    y = np.squeeze(y)
    if coef:
        return X, y, np.squeeze(ground_truth)
    return X, y


def _make_low_rank_matrix(n_samples, n_features, effective_rank, tail_strength, rng):
    """Port of ``sklearn.datasets.make_low_rank_matrix`` (numpy QR, not scipy's).

    Returns
    -------
    ndarray of shape (n_samples, n_features)
        U diag(s) Vᵀ with random orthonormal U, V and the singular values
        s_i = (1 - tail) exp(-(i / rank)²) + tail exp(-0.1 i / rank).
    """
    n = min(n_samples, n_features)
    # Random orthonormal columns. scipy's QR returns them in Fortran order and BLAS
    # rounds differently for each memory layout, so match it to get identical bits.
    u = np.asfortranarray(np.linalg.qr(rng.standard_normal(size=(n_samples, n)))[0])
    v = np.asfortranarray(np.linalg.qr(rng.standard_normal(size=(n_features, n)))[0])
    i = np.arange(n, dtype=np.float64)
    low_rank = (1 - tail_strength) * np.exp(-1.0 * (i / effective_rank) ** 2)
    tail = tail_strength * np.exp(-0.1 * i / effective_rank)
    return np.dot(np.dot(u, np.diag(low_rank + tail)), v.T)


def make_dataset(
    preset="well_conditioned",
    *,
    n_samples=100,
    n_features=2,
    n_informative=None,
    noise=10.0,
    bias=0.0,
    effective_rank=None,
    random_state=0,
) -> Dataset:
    """Build a teaching dataset from ``make_regression`` and one of the ``PRESETS``.

    Parameters
    ----------
    preset : str, default="well_conditioned"
        A key of ``PRESETS``.
    n_samples : int, default=100
        For ``"wide"`` it is reduced to at most ``max(1, n_features // 2)``.
    n_features : int, default=2
        At least 2 for ``"collinear"``, ``"duplicated"`` and ``"wide"``.
    n_informative : int or None, default=None
        Features with a nonzero true coefficient; None means all of them.
    noise : float, default=10.0
        Standard deviation of the gaussian noise on y.
    bias : float, default=0.0
        The true intercept.
    effective_rank : int or None, default=None
        See ``make_regression``.
    random_state : int, default=0
        Seed; the same seed always gives the same dataset.

    Returns
    -------
    Dataset
    """
    if not isinstance(preset, str) or preset not in PRESETS:
        raise ValueError(
            f"preset must be one of {', '.join(map(repr, PRESETS))}; got {preset!r}."
        )
    _check_int("n_samples", n_samples, low=1)
    _check_int("n_features", n_features, low=1)
    _check_int("n_informative", n_informative, low=0, optional=True)
    if n_informative is None:
        n_informative = n_features
    if n_informative > n_features:
        raise ValueError(
            f"n_informative must be at most n_features={n_features}; got "
            f"{n_informative}. Lower it, or pass None to make every feature count."
        )
    _check_real("noise", noise, low=0.0)
    _check_real("bias", bias)
    _check_int("effective_rank", effective_rank, low=1, optional=True)
    _check_int("random_state", random_state, low=0, high=2**32 - 1)
    if preset in ("collinear", "valley", "duplicated", "wide") and n_features < 2:
        raise ValueError(
            f"The {preset!r} preset needs n_features >= 2; got {n_features}. "
            "Add a feature."
        )

    n_samples = preset_n_samples(preset, n_samples, n_features)
    rng = np.random.RandomState(random_state)
    X, y, coef = make_regression(
        n_samples,
        n_features,
        n_informative=n_informative,
        bias=bias,
        effective_rank=effective_rank,
        noise=noise,
        coef=True,
        random_state=rng,
    )
    # Squeezing drops size-1 axes (one sample, one feature); put them back.
    X, y, coef = _PRESET_CHANGES[preset](
        X, y.reshape(n_samples), coef.reshape(n_features), rng
    )
    return Dataset(
        X=X,
        y=y,
        coef_true=coef,
        intercept_true=float(bias),
        feature_names=tuple(f"x{j}" for j in range(1, n_features + 1)),
        preset=preset,
    )


def preset_n_samples(preset: str, n_samples: int, n_features: int) -> int:
    """The samples a preset really draws: "wide" keeps at most half as many as
    there are features (at least one), so that p > n."""
    if preset == "wide":
        return min(n_samples, max(1, n_features // 2))
    return n_samples


def preset_script(preset: str) -> str:
    """The preset's change to (X, y, coef) in plain numpy, for a script that
    starts from scikit-learn's make_regression with ``rng`` as its random state
    (empty when the preset changes nothing)."""
    return _PRESET_SCRIPTS[preset]


# Each preset change takes and returns (X, y, coef) with y = X @ coef + bias + noise
# still true; replacing column x2 shifts y by (new x2 - old x2) * coef[1]. Beside
# each, `_PRESET_SCRIPTS` writes the same change as script lines (tests/
# test_snippet.py runs them and compares with these functions).


def _unchanged(X, y, coef, rng):
    return X, y, coef


def _badly_scaled(X, y, coef, rng):
    X, coef = X.copy(), coef.copy()
    X[:, 0] *= 100.0
    coef[0] /= 100.0
    return X, y, coef


def _replace_x2(X, y, coef, x2):
    y = y + (x2 - X[:, 1]) * coef[1]
    X = X.copy()
    X[:, 1] = x2
    return X, y, coef


def _collinear(X, y, coef, rng):
    return _replace_x2(X, y, coef, X[:, 0] + 0.001 * rng.standard_normal(len(X)))


# x2 = VALLEY_SCALE · (ρ x1 + √(1 − ρ²) z): the 2-D bowl's curvatures differ by
# κ ≈ 300 and its axes lie about 63° off the weights' axes.
VALLEY_CORRELATION = 0.99
VALLEY_SCALE = 2.0


def _valley(X, y, coef, rng):
    rho = VALLEY_CORRELATION
    fresh = rng.standard_normal(len(X))
    return _replace_x2(
        X, y, coef, VALLEY_SCALE * (rho * X[:, 0] + np.sqrt(1 - rho**2) * fresh)
    )


def _duplicated(X, y, coef, rng):
    return _replace_x2(X, y, coef, X[:, 0])


_PRESET_CHANGES = {
    "well_conditioned": _unchanged,
    "badly_scaled": _badly_scaled,
    "collinear": _collinear,
    "valley": _valley,
    "duplicated": _duplicated,
    "wide": _unchanged,
}
_PRESET_SCRIPTS = {
    "well_conditioned": "",
    "wide": "",
    "badly_scaled": "X[:, 0] *= 100.0  # one feature on a x100 scale\n",
    "collinear": (
        "x2 = X[:, 0] + 0.001 * rng.standard_normal(len(X))  # nearly a copy of x1\n"
        "y = y + (x2 - X[:, 1]) * coef[1]\n"
        "X[:, 1] = x2\n"
    ),
    "valley": (
        f"rho = {VALLEY_CORRELATION}  # x2 follows x1 closely, on twice its scale\n"
        f"x2 = {VALLEY_SCALE} * (rho * X[:, 0] + np.sqrt(1 - rho**2)"
        " * rng.standard_normal(len(X)))\n"
        "y = y + (x2 - X[:, 1]) * coef[1]\n"
        "X[:, 1] = x2\n"
    ),
    "duplicated": (
        "y = y + (X[:, 0] - X[:, 1]) * coef[1]  # x2 becomes an exact copy of x1\n"
        "X[:, 1] = X[:, 0]\n"
    ),
}


def _check_int(name, value, *, low, high=None, optional=False):
    """Raise ValueError unless value is an int in [low, high] (or None if optional)."""
    if value is None and optional:
        return
    if (
        isinstance(value, Integral)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    ):
        return
    bounds = f">= {low}" if high is None else f"between {low} and {high}"
    alternative = " or None" if optional else ""
    raise ValueError(f"{name} must be an int {bounds}{alternative}; got {value!r}.")


def _check_real(name, value, *, low=None, high=None):
    """Raise ValueError unless value is a finite number in [low, high]."""
    if (
        isinstance(value, Real)
        and not isinstance(value, bool)
        and np.isfinite(value)
        and (low is None or value >= low)
        and (high is None or value <= high)
    ):
        return
    if low is not None and high is not None:
        bounds = f" between {low} and {high}"
    elif low is not None:
        bounds = f" >= {low}"
    else:
        bounds = ""
    raise ValueError(f"{name} must be a finite number{bounds}; got {value!r}.")


def _check_bool(name, value):
    if isinstance(value, (bool, np.bool_)):
        return
    raise ValueError(f"{name} must be True or False; got {value!r}.")


def _check_random_state(seed):
    """Turn None, an int or a RandomState into a RandomState, like scikit-learn."""
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, np.random.RandomState):
        return seed
    if isinstance(seed, Integral) and not isinstance(seed, bool) and 0 <= seed < 2**32:
        return np.random.RandomState(seed)
    raise ValueError(
        "random_state must be None, an int between 0 and 2**32 - 1 or a "
        f"numpy.random.RandomState; got {seed!r}. Pass an int for reproducible data."
    )
