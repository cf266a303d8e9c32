"""Ridge over a range of λ: the coefficient path, the conditioning of XᵀX + λL,
and the same penalized cost for gradient descent and contour plots, also with the
intercept penalized (L = I) to show why L = diag(0, 1, …, 1) is the right choice.

Everything here is built on `solvers.ridge`, `solvers.gradient_descent` and
`solvers.cost_surface`; nothing re-solves the normal equations by hand.
"""

from dataclasses import dataclass, replace

import numpy as np

from solvers.descent import DescentResult, gradient_descent
from solvers.linear import (
    LinearFit,
    Refusal,
    SingularMatrixError,
    augmented_system,
    check_data,
    design_matrix,
    gram_condition,
    penalty_matrix,
    squared_condition,
)
from solvers.linear import ridge as _ridge
from solvers.objective import CostSurface, cost_surface

# Beyond this condition number a solve keeps fewer than 10 of float64's ~16 digits,
# and tiny changes in y (noise, rounding) swing the weights wildly.
UNSTABLE_CONDITION = 1e6


@dataclass(frozen=True)
class RidgePath:
    """Ridge weights and the conditioning of the system solved, for many λ.

    Attributes
    ----------
    lams : ndarray of shape (n_lams,)
    weights : ndarray of shape (n_lams, n_params)
        [intercept, coef₁ … coef_p] for each λ.
    condition_numbers : ndarray of shape (n_lams,)
        cond(XᵀX + λL) = μ_max / μ_min; inf where the matrix is singular.
    mse : ndarray of shape (n_lams,)
        Training mean squared error for each λ.
    solved : ndarray of shape (n_lams,), dtype bool
        False where λ = 0 and XᵀX is singular to working precision, so the weights
        are lstsq's minimum-norm solution (the limit of ridge as λ → 0) instead.
    penalize_intercept : bool
        True when L = I (the intercept is shrunk too).
    """

    lams: np.ndarray
    weights: np.ndarray
    condition_numbers: np.ndarray
    mse: np.ndarray
    solved: np.ndarray
    penalize_intercept: bool

    @property
    def intercept(self) -> np.ndarray:
        """Intercepts, shape (n_lams,)."""
        return self.weights[:, 0]

    @property
    def coef(self) -> np.ndarray:
        """Coefficients, shape (n_lams, n_features)."""
        return self.weights[:, 1:]

    @property
    def coef_norms(self) -> np.ndarray:
        """‖coef‖₂ for each λ (the quantity the penalty shrinks), shape (n_lams,)."""
        return np.linalg.norm(self.coef, axis=1)

    @property
    def best_conditioned(self) -> tuple[float, float]:
        """(λ, cond) where cond(XᵀX + λL) is smallest along the path."""
        k = int(np.argmin(self.condition_numbers))
        return float(self.lams[k]), float(self.condition_numbers[k])


@dataclass(frozen=True)
class Verdict:
    """How the plain normal equation (λ = 0) fares on some data.

    Attributes
    ----------
    status : {"singular", "unstable", "fine"}
        (`figures.ridge.describe_verdict` says it in words.)
    condition : float
        cond(XᵀX) with the features centred and scaled: only what remains after
        that can amplify errors (rescaling a feature changes no prediction).
    """

    status: str
    condition: float


def judge_normal_equation(fit: LinearFit, refused: bool) -> Verdict:
    """Say whether XᵀX was singular, so ill-conditioned that the weights are noise-
    driven, or fine, from `ridge_or_min_norm`'s answer at λ = 0.

    Parameters
    ----------
    fit : LinearFit
        The λ = 0 fit (lstsq's minimum-norm weights when XᵀX was singular).
    refused : bool
        The exact solve was refused (`ridge_or_min_norm` gave a `Refusal`).

    Returns
    -------
    Verdict
    """
    if fit.lam != 0:
        raise ValueError(f"fit must be the λ = 0 fit, got lam={fit.lam:g}.")
    # The scaled condition number: rescaling a feature changes no prediction, so
    # only what remains after centring and scaling can amplify errors.
    condition = fit.scaled_condition_number
    if refused:
        return Verdict("singular", condition)
    return Verdict("unstable" if condition > UNSTABLE_CONDITION else "fine", condition)


def lambda_grid(low: int = -3, high: int = 4, per_decade: int = 15) -> np.ndarray:
    """λ = 0 followed by log-spaced values from 10^low to 10^high.

    Returns
    -------
    ndarray of shape (1 + (high - low) * per_decade + 1,)
    """
    if high <= low or per_decade < 1:
        raise ValueError(
            f"Need high > low and per_decade ≥ 1, got low={low}, high={high}, "
            f"per_decade={per_decade}."
        )
    steps = (high - low) * per_decade + 1
    return np.concatenate([[0.0], np.logspace(low, high, steps)])


def ridge_or_min_norm(
    X: np.ndarray, y: np.ndarray, lam: float, *, penalize_intercept: bool = False
) -> tuple[LinearFit, Refusal | None]:
    """Ridge solved by the normal equation, or by lstsq when that cannot be
    trusted (only possible at λ = 0): the minimum-norm solution when XᵀX is
    singular, the same optimum when it is only ill-conditioned.

    Returns
    -------
    fit : LinearFit
    refusal : Refusal or None
        Why the normal equation refused (lstsq's answer is shown instead), else
        None.
    """
    try:
        return _ridge(X, y, lam, penalize_intercept=penalize_intercept), None
    except SingularMatrixError as error:
        fit = _ridge(X, y, lam, method="lstsq", penalize_intercept=penalize_intercept)
        return fit, error.refusal


def ridge_path(
    X: np.ndarray,
    y: np.ndarray,
    lams: np.ndarray,
    *,
    penalize_intercept: bool = False,
) -> RidgePath:
    """Ridge weights for every λ in `lams`, with cond(XᵀX + λL): one of
    `ridge_paths`, for L = I when `penalize_intercept`, L = diag(0, 1, …, 1)
    otherwise."""
    return ridge_paths(X, y, lams)[penalize_intercept]


def ridge_paths(
    X: np.ndarray, y: np.ndarray, lams: np.ndarray
) -> tuple[RidgePath, RidgePath]:
    """Ridge weights and cond(XᵀX + λL) for every λ in `lams`, for both choices
    of L.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lams : ndarray of shape (n_lams,)
        Penalties λ ≥ 0, in the order to report them (e.g. `lambda_grid()`).

    Returns
    -------
    (RidgePath, RidgePath)
        L = diag(0, 1, …, 1) (the intercept free), then L = I.

    Notes
    -----
    One decomposition serves every λ > 0. With the intercept free, ridge is
    ‖y_c − X_c c‖² + λ‖c‖² on centred data; with X_c = U S Vᵀ its minimizer is
    c_λ = V diag(s / (s² + λ)) Uᵀ y_c and b = ȳ − x̄·c_λ (with L = I the same on
    the design [1, X] uncentred). That is (XᵀX + λL)⁻¹Xᵀy exactly, without forming
    XᵀX. Both decompositions come from one QR of [1, X, y]: eliminating the ones
    column is centring, so R's lower-right block is R of X_c.

    cond(XᵀX + λL) is (σ_max / σ_min)² of [D; √λ L], whose singular values are
    those of [R; √λ L] for the design D = QR, so no λ costs more than O(p³),
    whatever n. With L = I they are √(σᵢ² + λ) from R's own σᵢ: free. With
    L = diag(0, 1, …, 1) they are the square roots of the eigenvalues of
    RᵀR + λL, read off that p × p matrix where they are accurate enough, from the
    SVD of [R; √λ L] elsewhere (`solvers.linear.gram_condition`).

    At λ = 0 both L give least squares: the weights are `ridge_or_min_norm`'s,
    lstsq's minimum-norm ones where XᵀX is singular to working precision.
    """
    lams = np.asarray(lams, dtype=float)
    if lams.ndim != 1 or lams.size == 0 or not np.all(np.isfinite(lams)):
        raise ValueError(
            f"lams must be a non-empty 1-D array of finite numbers, got shape "
            f"{lams.shape}."
        )
    if np.any(lams < 0):
        raise ValueError(f"lams must all be ≥ 0, got min {lams.min():g}.")
    X, y = check_data(X, y)
    # One QR of [1, X, y]: its first n_params columns are R of the design; below
    # the first row they are R of the centred X, whose last column holds y_c.
    triangle = np.linalg.qr(np.column_stack([design_matrix(X), y]), mode="r")
    least_squares = None
    if np.any(lams == 0):
        least_squares = ridge_or_min_norm(X, y, 0.0)
    return tuple(
        _path(triangle, X, y, lams, least_squares, penalize)
        for penalize in (False, True)
    )


def _path(triangle, X, y, lams, least_squares, penalize_intercept) -> RidgePath:
    """`ridge_paths` for one L, from the QR `triangle` of [1, X, y]."""
    n_params = X.shape[1] + 1
    rows = triangle[:, :n_params]  # R of the design [1, X]
    if penalize_intercept:
        block, target = rows, triangle[:, n_params]
    else:
        block, target = triangle[1:, 1:n_params], triangle[1:, n_params]
        x_mean, y_mean = X.mean(axis=0), y.mean()
    left, singular, right_t = np.linalg.svd(block, full_matrices=False)
    projected = left.T @ target
    conditions = (
        _identity_conditions(singular, n_params, lams)  # block is R itself
        if penalize_intercept
        else _free_intercept_conditions(rows, lams)
    )

    weights, solved = [], []
    for lam in lams:
        if lam == 0:
            fit, refusal = least_squares
            weights.append(fit.weights)
            solved.append(refusal is None)
            continue
        coef = right_t.T @ (singular / (singular**2 + lam) * projected)
        if not penalize_intercept:
            coef = np.concatenate([[y_mean - x_mean @ coef], coef])
        weights.append(coef)
        solved.append(True)
    weights = np.array(weights)
    # ‖y − Dw‖ = ‖R [w; −1]‖ for [D, y] = QR: the residuals without an n × n_lams array.
    stacked = np.column_stack([weights, -np.ones(len(lams))])
    residuals = triangle @ stacked.T
    return RidgePath(
        lams=lams,
        weights=weights,
        condition_numbers=np.array(conditions),
        mse=np.sum(residuals**2, axis=0) / len(y),
        solved=np.array(solved),
        penalize_intercept=penalize_intercept,
    )


def _identity_conditions(singular, n_params: int, lams: np.ndarray) -> list[float]:
    """cond(DᵀD + λI) from the design's singular values σᵢ: those of [D; √λ I]
    are √(σᵢ² + λ), a missing σ (fewer rows than columns) counting as 0."""
    padded = np.zeros(n_params)
    padded[: singular.size] = singular
    return [squared_condition(np.sqrt(padded**2 + lam), n_params) for lam in lams]


def _free_intercept_conditions(rows: np.ndarray, lams: np.ndarray) -> list[float]:
    """cond(RᵀR + λL) for L = diag(0, 1, …, 1), R the design's triangle."""
    penalty = penalty_matrix(rows.shape[1]).diagonal()
    gram = rows.T @ rows
    return [
        gram_condition(
            np.linalg.eigvalsh(gram + np.diag(lam * penalty)),
            lambda lam=lam: augmented_system(rows, lam * penalty),
        )
        for lam in lams
    ]


def ridge_descent(
    X: np.ndarray,
    y: np.ndarray,
    lam: float,
    *,
    penalize_intercept: bool = False,
    **options,
) -> DescentResult:
    """`solvers.gradient_descent` on the ridge cost, with L = I when asked.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lam : float
    penalize_intercept : bool
        Penalize the intercept too (L = I).
    **options
        Passed to `solvers.gradient_descent` (not ``lam`` nor ``fit_intercept``).

    Returns
    -------
    DescentResult
        Weights in original units, [intercept, coef₁ … coef_p]. With
        ``penalize_intercept`` the run's ``standardization`` is not reported (it
        applies to the design matrix, ones column included).

    Notes
    -----
    gradient_descent never penalizes its own intercept, so L = I is run as a model
    with no intercept on [1, X]: the ones column's weight is the intercept and is
    penalized like the others. Features are then scaled but not centered.
    """
    if "fit_intercept" in options or "lam" in options:
        raise ValueError("Pass lam positionally and leave out fit_intercept.")
    if not penalize_intercept:
        return gradient_descent(X, y, lam=lam, **options)
    X, y = check_data(X, y)
    run = gradient_descent(design_matrix(X), y, lam=lam, fit_intercept=False, **options)
    # Without an intercept the history is [0, b, coef…]: drop the empty column.
    history = run.weights_history[:, 1:]
    return replace(
        run,
        coef=history[-1, 1:].copy(),
        intercept=float(history[-1, 0]),
        weights_history=history,
        standardization=None,
    )


def penalized_surface(
    X: np.ndarray,
    y: np.ndarray,
    lam: float,
    center: np.ndarray,
    axes: tuple[int, int],
    *,
    penalize_intercept: bool = False,
    path: np.ndarray | None = None,
) -> CostSurface:
    """The ridge cost J over two weights, the window covering every point of `path`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lam : float
    center : ndarray of shape (n_params,)
        [intercept, coef…] where the other weights are held (the ridge optimum).
    axes : tuple of int
        The two weights to vary, as indices into ``center``.
    penalize_intercept : bool
        J with L = I.
    path : ndarray of shape (n_points, n_params), optional
        Points the window must contain (e.g. the ridge path over λ).

    Returns
    -------
    CostSurface
    """
    X, y = check_data(X, y)
    if path is not None:
        # cost_surface ignores points more than 10x farther than the path's first
        # one (a diverging descent); a ridge path is all signal, so lead with the
        # farthest point.
        path = np.asarray(path, dtype=float)
        farthest = np.argsort(-np.abs(path - center).max(axis=1))
        path = path[farthest]
    if penalize_intercept:
        # J with L = I is J without an intercept on [1, X].
        return cost_surface(
            design_matrix(X), y, center, axes, lam=lam, fit_intercept=False, path=path
        )
    return cost_surface(X, y, center, axes, lam=lam, path=path)
