"""Gradient descent on the least-squares cost, the iterative road to the same weights.

Minimizes J(w) = 1/(2n) ‖y − Xw‖² + λ/(2n) wᵀLw (see `solvers.objective`), whose
minimizer is the closed-form ridge / normal-equation solution.
"""

import functools
from dataclasses import dataclass

import numpy as np

from solvers.linear import check_data, design_matrix, penalty_matrix

# A cost this many times its starting value means the iterates are running away.
BLOW_UP = 1e8
# Stop once the gradient has shrunk this much (the default of gradient_descent).
DEFAULT_TOL = 1e-10


@dataclass(frozen=True)
class Standardization:
    """Per-feature centering and scaling, and the maps between the two weight
    coordinate systems it induces.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
        Standard deviations, with 1 for constant features.
    """

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, X: np.ndarray, center: bool = True) -> "Standardization":
        """Means and standard deviations of the columns of X."""
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        mean = X.mean(axis=0) if center else np.zeros(X.shape[1])
        return cls(mean, scale)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Standardized features (X − mean) / scale."""
        return (X - self.mean) / self.scale

    def to_standardized(self, weights: np.ndarray) -> np.ndarray:
        """[b, c] in original units → [b + mean·c, c·scale] on standardized features."""
        weights = np.atleast_2d(weights)
        coef = weights[:, 1:]
        out = np.column_stack([weights[:, 0] + coef @ self.mean, coef * self.scale])
        return out

    def to_original(self, weights: np.ndarray) -> np.ndarray:
        """Inverse of `to_standardized`: same predictions, original feature units."""
        weights = np.atleast_2d(weights)
        coef = weights[:, 1:] / self.scale
        return np.column_stack([weights[:, 0] - coef @ self.mean, coef])


@dataclass(frozen=True)
class DescentResult:
    """What gradient descent found and how it got there.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Final weights in original feature units.
    intercept : float
    weights_history : ndarray of shape (n_iter + 1, n_params)
        [intercept, coef₁ … coef_p] at every iteration, original units (row 0 is the
        start).
    cost_history : ndarray of shape (n_iter + 1,)
        J at every iteration.
    grad_norm_history : ndarray of shape (n_iter + 1,)
        ‖∇J‖ of the full objective, in the coordinates descent ran in.
    n_iter : int
    status : {"converged", "max_iter", "diverged"}
    message : str
        One or two sentences for a student: what happened and what to try.
    learning_rate : float
    max_curvature : float
        Largest eigenvalue of the Hessian (XᵀX + λL)/n in the coordinates descent ran
        in; a full-batch step η is stable only while η < ``stability_limit``.
    stability_limit : float
        2(1 + momentum) / max_curvature.
    standardization : Standardization or None
        Set when descent ran on standardized features.
    momentum : float
        The heavy-ball coefficient β the run used.
    """

    coef: np.ndarray
    intercept: float
    weights_history: np.ndarray
    cost_history: np.ndarray
    grad_norm_history: np.ndarray
    n_iter: int
    status: str
    message: str
    learning_rate: float
    max_curvature: float
    stability_limit: float
    standardization: Standardization | None
    momentum: float = 0.0

    @property
    def weights(self) -> np.ndarray:
        """Final [intercept, coef₁ … coef_p]."""
        return self.weights_history[-1]

    @property
    def stability_formula(self) -> str:
        """How `stability_limit` is computed, for a label: 2/μ_max, or
        2(1+β)/μ_max with momentum β."""
        return "2/μ_max" if self.momentum == 0 else "2(1+β)/μ_max"


@dataclass(frozen=True)
class Quadratic:
    """The cost gradient descent minimizes, in the coordinates it runs in:
    J(w) = (wᵀGw − 2wᵀm + yᵀy + Σᵢ pᵢwᵢ²) / (2n), with G = DᵀD and m = Dᵀy for
    the design D (a column of ones first, then the features, standardized or not).

    Attributes
    ----------
    design : ndarray of shape (n_samples, n_params)
    gram : ndarray of shape (n_params, n_params)
        DᵀD; formed on first use.
    moment : ndarray of shape (n_params,)
    y_sq : float
    penalty : ndarray of shape (n_params,)
        The diagonal of λL, rescaled to standardized weights when standardized.
    n_samples : int
    standardization : Standardization or None
    """

    design: np.ndarray
    moment: np.ndarray
    y_sq: float
    penalty: np.ndarray
    n_samples: int
    standardization: "Standardization | None"

    @functools.cached_property
    def gram(self) -> np.ndarray:
        return self.design.T @ self.design


def descent_quadratic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    lam: float = 0.0,
    standardize: bool = False,
    fit_intercept: bool = True,
) -> Quadratic:
    """The cost J that `gradient_descent` minimizes, as its quadratic's pieces.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lam, standardize, fit_intercept
        As in `gradient_descent`.
    """
    X, y = check_data(X, y)
    scaling = Standardization.fit(X, center=fit_intercept) if standardize else None
    design = design_matrix(scaling.transform(X) if scaling else X, fit_intercept)
    penalty = lam * penalty_matrix(design.shape[1], fit_intercept).diagonal()
    if scaling:
        # λ‖c‖² in original units is λ‖c_s / scale‖² on standardized weights.
        penalty[-scaling.scale.size :] /= scaling.scale**2
    return Quadratic(design, design.T @ y, float(y @ y), penalty, len(y), scaling)


def gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float | None = None,
    max_iter: int = 1000,
    tol: float = DEFAULT_TOL,
    lam: float = 0.0,
    standardize: bool = False,
    momentum: float = 0.0,
    batch_size: int | None = None,
    init: np.ndarray | None = None,
    fit_intercept: bool = True,
    random_state: int = 0,
) -> DescentResult:
    """Minimize J step by step: w ← w − η ∇J(w), optionally with momentum/mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    learning_rate : float, optional
        Step size η. None picks 1 / μ_max(H), safely inside the stability limit.
    max_iter : int
    tol : float
        Stop when ‖∇J(w_t)‖ ≤ tol · ‖∇J(w_0)‖. ``tol=0`` turns the test off: the
        run takes exactly ``max_iter`` steps unless it diverges (for an animation
        of a fixed length), and reports "converged" only if the last gradient is
        exactly zero.
    lam : float
        Ridge penalty λ ≥ 0, as in `solvers.ridge`.
    standardize : bool
        Descend on standardized features (round contours); weights are reported in
        original units.
    momentum : float
        Heavy-ball coefficient β in [0, 1): v ← βv − η∇J, w ← w + v.
    batch_size : int, optional
        Samples per step; None is full batch. Mini-batches are drawn without
        replacement, reshuffled each epoch.
    init : ndarray of shape (n_params,), optional
        Start [intercept, coef…] in original units; zeros by default.
    fit_intercept : bool
    random_state : int
        Seed for mini-batch sampling.

    Returns
    -------
    DescentResult
        Divergence is a status with an explanation, not an exception.

    Notes
    -----
    ∇J(w) = (XᵀX w − Xᵀy + λLw)/n. With n > p the Gram matrix XᵀX is formed once,
    so a full-batch step costs O(p²); otherwise O(np).
    """
    X, y = check_data(X, y)
    learning_rate, max_iter, batch_size = _check_options(
        learning_rate, max_iter, tol, lam, momentum, batch_size, len(y)
    )
    problem = descent_quadratic(
        X, y, lam=lam, standardize=standardize, fit_intercept=fit_intercept
    )
    n_samples = problem.n_samples
    scaling = problem.standardization
    design, penalty, moment, y_sq = (
        problem.design,
        problem.penalty,
        problem.moment,
        problem.y_sq,
    )
    n_params = design.shape[1]
    use_gram = n_samples > n_params
    gram = problem.gram if use_gram else None

    def gradient_and_cost(w):
        if use_gram:
            gw = gram @ w
            cost = (w @ gw - 2 * w @ moment + y_sq + penalty @ w**2) / (2 * n_samples)
            return (gw - moment + penalty * w) / n_samples, cost
        residual = design @ w - y
        cost = (residual @ residual + penalty @ w**2) / (2 * n_samples)
        return (design.T @ residual + penalty * w) / n_samples, cost

    max_curvature = _largest_eigenvalue(design, gram, penalty, n_samples)
    stability_limit = 2 * (1 + momentum) / max_curvature
    if learning_rate is None:
        learning_rate = 1.0 / max_curvature

    start = np.zeros(n_params) if init is None else _check_init(init, n_params)
    w = _to_working(start[None, :], scaling, fit_intercept)[0]
    history = np.empty((max_iter + 1, n_params))
    costs = np.empty(max_iter + 1)
    grad_norms = np.empty(max_iter + 1)
    velocity = np.zeros(n_params)
    rng = np.random.default_rng(random_state)
    order, cursor = rng.permutation(n_samples), 0

    grad, costs[0] = gradient_and_cost(w)
    grad_norms[0] = np.linalg.norm(grad)
    history[0] = w
    early_stop = tol > 0
    status, t = ("converged" if early_stop and grad_norms[0] == 0 else "max_iter"), 0
    with np.errstate(over="ignore", invalid="ignore"):
        while status == "max_iter" and t < max_iter:
            t += 1
            step_grad = grad
            if batch_size < n_samples:
                if cursor + batch_size > n_samples:
                    order, cursor = rng.permutation(n_samples), 0
                batch = order[cursor : cursor + batch_size]
                cursor += batch_size
                rows = design[batch]
                step_grad = (
                    rows.T @ (rows @ w - y[batch]) / batch_size
                    + penalty * w / n_samples
                )
            velocity = momentum * velocity - learning_rate * step_grad
            w = w + velocity
            grad, costs[t] = gradient_and_cost(w)
            grad_norms[t] = np.linalg.norm(grad)
            history[t] = w
            if not np.isfinite(costs[t]) or costs[t] > BLOW_UP * max(costs[0], 1e-300):
                status = "diverged"
            elif early_stop and grad_norms[t] <= tol * grad_norms[0]:
                status = "converged"
    if not early_stop and status == "max_iter" and grad_norms[t] == 0:
        status = "converged"

    weights_history = _to_original(history[: t + 1], scaling, fit_intercept)
    final = weights_history[-1]
    return DescentResult(
        coef=final[1:].copy(),
        intercept=float(final[0]),
        weights_history=weights_history,
        cost_history=costs[: t + 1],
        grad_norm_history=grad_norms[: t + 1],
        n_iter=t,
        status=status,
        message=_explain(
            status, t, learning_rate, stability_limit, batch_size, n_samples, momentum
        ),
        learning_rate=float(learning_rate),
        max_curvature=float(max_curvature),
        stability_limit=float(stability_limit),
        standardization=scaling,
        momentum=float(momentum),
    )


def _to_working(weights, scaling, fit_intercept):
    """Original-unit weights → the coordinates descent runs in."""
    if not fit_intercept:
        weights = np.column_stack([np.zeros(len(weights)), weights])
    if scaling:
        weights = scaling.to_standardized(weights)
    return weights if fit_intercept else weights[:, 1:]


def _to_original(weights, scaling, fit_intercept):
    """Working coordinates → [intercept, coef…] in original units (intercept 0 when
    there is none)."""
    if not fit_intercept:
        weights = np.column_stack([np.zeros(len(weights)), weights])
    return scaling.to_original(weights) if scaling else weights


def _check_options(learning_rate, max_iter, tol, lam, momentum, batch_size, n_samples):
    if learning_rate is not None and not (
        np.isfinite(learning_rate) and learning_rate > 0
    ):
        raise ValueError(
            f"learning_rate must be a positive number, got {learning_rate}."
        )
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number ≥ 1, got {max_iter}.")
    if not tol >= 0:
        raise ValueError(f"tol must be ≥ 0, got {tol}.")
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"lam must be a finite number ≥ 0, got {lam}.")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}.")
    if batch_size is None:
        batch_size = n_samples
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number ≥ 1, got {batch_size}.")
    return learning_rate, int(max_iter), min(int(batch_size), n_samples)


def _check_init(init, n_params):
    init = np.asarray(init, dtype=float)
    if init.shape != (n_params,) or not np.isfinite(init).all():
        raise ValueError(
            f"init must hold {n_params} finite numbers ([intercept, coef…]), got "
            f"shape {init.shape}."
        )
    return init.copy()


def _largest_eigenvalue(design, gram, penalty, n_samples) -> float:
    """μ_max of the Hessian (XᵀX + λL)/n: exact for small p, power iteration beyond."""
    hessian_times = (
        (lambda v: gram @ v + penalty * v)
        if gram is not None
        else (lambda v: design.T @ (design @ v) + penalty * v)
    )
    n_params = design.shape[1]
    if n_params <= 300:
        matrix = gram if gram is not None else design.T @ design
        return float(np.linalg.eigvalsh(matrix + np.diag(penalty))[-1] / n_samples)
    v = np.random.default_rng(0).standard_normal(n_params)
    value = 0.0
    for _ in range(100):
        v = hessian_times(v)
        previous, value = value, np.linalg.norm(v)
        v = v / value
        if abs(value - previous) <= 1e-4 * value:
            break
    # Power iteration approaches μ_max from below; a little headroom keeps the
    # default step on the safe side.
    return float(1.01 * value / n_samples)


def _explain(
    status, n_iter, learning_rate, stability_limit, batch_size, n_samples, momentum
):
    formula = "2/μ_max" if momentum == 0 else "2(1+β)/μ_max"
    if status == "converged":
        return f"Converged after {_steps(n_iter)}."
    if status == "diverged":
        if learning_rate >= stability_limit:
            return (
                f"Diverged after {_steps(n_iter)}: the learning rate "
                f"η = {learning_rate:.3g} is above the stability limit "
                f"{formula} = {stability_limit:.3g}, so every step overshoots "
                f"further. Try η ≤ {stability_limit / 2:.3g}."
            )
        return (
            f"Diverged after {_steps(n_iter)} although η = {learning_rate:.3g} is "
            f"below the full-batch limit {stability_limit:.3g}: mini-batch noise or "
            f"momentum made the steps unstable. Lower η."
        )
    if batch_size < n_samples:
        return (
            f"Stopped at the {n_iter}-iteration limit. Mini-batch steps keep jittering "
            f"around the optimum at a fixed learning rate; use the full batch or a "
            f"smaller η to settle."
        )
    if learning_rate >= stability_limit:
        return (
            f"Unstable: η = {learning_rate:.3g} is at or above the stability limit "
            f"{formula} = {stability_limit:.3g}, so the steps overshoot along the "
            f"steepest direction instead of settling; stopped at the "
            f"{n_iter}-iteration limit before it blew up. Lower η below "
            f"{stability_limit:.3g}."
        )
    return (
        f"Not converged yet: stopped at the {n_iter}-iteration limit. Allow more "
        f"iterations, raise η (it stays stable below {formula} = "
        f"{stability_limit:.3g}), or standardize the features so that one learning "
        f"rate suits every direction."
    )


def _steps(n_iter: int) -> str:
    return f"{n_iter} iteration" + ("" if n_iter == 1 else "s")


def hessian_eigen(problem: Quadratic) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues μ₁ ≤ … ≤ μ_p of the Hessian H = (DᵀD + λL)/n of `problem` (the
    curvatures of the bowl along its own axes) and its eigenvectors, the columns of
    the second array: H = V diag(μ) Vᵀ. Rounding's tiny negative μ become 0."""
    hessian = (problem.gram + np.diag(problem.penalty)) / problem.n_samples
    values, vectors = np.linalg.eigh(hessian)
    return np.clip(values, 0.0, None), vectors


def curvature_range(eigenvalues: np.ndarray) -> tuple[float, float]:
    """(μ_min, μ_max): the flattest and the steepest curvature of the bowl, the
    flattest among the directions that curve at all (a flat one, where XᵀX is
    singular, never slows descent: it never moves there)."""
    curved = _curved(eigenvalues)
    return float(curved.min()), float(curved.max())


def _curved(eigenvalues: np.ndarray) -> np.ndarray:
    values = np.asarray(eigenvalues, dtype=float)
    return values[values > values.max() * 1e-12]


def convergence_factor(
    eigenvalues: np.ndarray, learning_rates: np.ndarray, momentum: float = 0.0
) -> np.ndarray:
    """How much the slowest direction's error shrinks per step, for each η.

    Along an eigenvector with curvature μ, full-batch descent with heavy-ball
    momentum β multiplies the error by the roots z of z² − (1 + β − ημ)z + β = 0
    (z = 1 − ημ without momentum). The factor is the largest |z| over all μ: below
    1 the run converges, at or above 1 it does not.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
    learning_rates : ndarray of shape (n_rates,)
    momentum : float

    Returns
    -------
    ndarray of shape (n_rates,)
    """
    mu = np.asarray(eigenvalues, dtype=float)[None, :]
    eta = np.asarray(learning_rates, dtype=float)[:, None]
    trace = 1 + momentum - eta * mu
    root = np.sqrt(trace.astype(complex) ** 2 - 4 * momentum)
    largest = np.maximum(np.abs((trace + root) / 2), np.abs((trace - root) / 2))
    return largest.max(axis=1)


def steps_to_converge(
    eigenvalues: np.ndarray,
    learning_rates: np.ndarray,
    momentum: float = 0.0,
    reduction: float = 1e-6,
) -> np.ndarray:
    """Steps until the error in every direction has shrunk by `reduction`, from
    `convergence_factor` (inf where descent does not converge). Directions of zero
    curvature never shrink and are left out: descent never moves along them.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
    learning_rates : ndarray of shape (n_rates,)
    momentum : float
    reduction : float
        The fraction of the starting error left, in (0, 1).

    Returns
    -------
    ndarray of shape (n_rates,)
    """
    factor = convergence_factor(_curved(eigenvalues), learning_rates, momentum)
    with np.errstate(divide="ignore"):
        steps = np.ceil(np.log(reduction) / np.log(np.minimum(factor, 1.0)))
    return np.where(factor < 1, steps, np.inf)
