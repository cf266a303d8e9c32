"""Cached calls into `solvers`: each result is computed once per distinct input and
shared by every page, rerun and session (`ui.frame.cache`, bounded in bytes). Errors are
not cached; pages report them."""

from dataclasses import dataclass

import numpy as np

import solvers
from figures.normal_equation import explain_fallback, explain_refusal
from solvers import linear, projection, regularization
from solvers.descent import curvature_range, descent_quadratic, hessian_eigen
from ui.frame.cache import memoize
from ui.frame.weights import weight_names


@memoize
def generated_dataset(**settings) -> solvers.Dataset:
    """`solvers.make_dataset` for the sidebar's settings."""
    return solvers.make_dataset(**settings)


@memoize
def every_method(X: np.ndarray, y: np.ndarray):
    """The normal equation by each method: (fits, refusals), both keyed by method
    name, the refusals in words (`explain_refusal`) with their kinds."""
    fits, refusals = {}, {}
    for method, result in linear.every_method(X, y).items():
        if isinstance(result, solvers.SingularMatrixError):
            refusals[method] = (explain_refusal(result.refusal), result.kind)
        else:
            fits[method] = result
    return fits, refusals


# A run keeps every step's weights (the path, the convergence chart, the trajectory
# download): at most this many numbers (40 MB) per run, so that many steps on a
# wide upload cannot take most of the cache's byte budget (`ui.frame.cache.MAX_BYTES`).
HISTORY_VALUES = 5_000_000


def affordable_max_iter(max_iter: int, n_params: int) -> int:
    """The `max_iter` a run may take with `n_params` weights within HISTORY_VALUES."""
    return max(1, min(int(max_iter), HISTORY_VALUES // n_params - 1))


@memoize
def descent(X: np.ndarray, y: np.ndarray, **options) -> solvers.DescentResult:
    """`solvers.gradient_descent` with the page's options."""
    return solvers.gradient_descent(X, y, **options)


@memoize
def surface(
    X: np.ndarray,
    y: np.ndarray,
    center: np.ndarray,
    axes: tuple[int, int],
    *,
    lam: float = 0.0,
    path: np.ndarray | None = None,
) -> solvers.CostSurface:
    """`solvers.cost_surface` on the default grid."""
    return solvers.cost_surface(X, y, center, axes, lam=lam, path=path)


def reference_fit(X: np.ndarray, y: np.ndarray, lam: float = 0.0):
    """The closed-form optimum to compare against, and a note when the normal
    equation refused so that lstsq stands in (`ridge_fit` with L's 0 in place)."""
    return ridge_fit(X, y, lam, penalize_intercept=False)


@memoize
def ridge_fit(X: np.ndarray, y: np.ndarray, lam: float, *, penalize_intercept: bool):
    """`regularization.ridge_or_min_norm`: (fit, note when the solve was refused,
    in words: `explain_fallback`)."""
    fit, refusal = regularization.ridge_or_min_norm(
        X, y, lam, penalize_intercept=penalize_intercept
    )
    return fit, None if refusal is None else explain_fallback(refusal)


# Work allowed for one ridge path. Each λ costs at most one SVD of a (≤ 2k) × k
# matrix for cond(XᵀX + λL), k = p + 1 (about 7k³ flops, whatever n; eigenvalues
# of the k × k matrix, cheaper, where they are accurate): up to k ≈ 230 the whole
# grid fits (15 λ per decade); wider uploads get fewer λ, down to one per decade,
# so that a 500-column file costs well under a second here.
PATH_FLOPS = 1e10


def lambdas_per_decade(n_features: int) -> int:
    """How finely the λ path is sampled for `n_features` features (1 to 15)."""
    fits = PATH_FLOPS / (7 * (n_features + 1) ** 3)
    return int(np.clip((fits - 2) // 7, 1, 15))


def ridge_path(
    X: np.ndarray, y: np.ndarray, *, penalize_intercept: bool
) -> regularization.RidgePath:
    """Ridge weights and cond(XᵀX + λL) over `regularization.lambda_grid()`,
    sampled as finely as `lambdas_per_decade` allows (L = I when the intercept is
    penalized); both L come from one cached computation."""
    return _ridge_paths(X, y)[penalize_intercept]


@memoize
def _ridge_paths(X: np.ndarray, y: np.ndarray):
    grid = regularization.lambda_grid(per_decade=lambdas_per_decade(X.shape[1]))
    return regularization.ridge_paths(X, y, grid)


@memoize
def ridge_descent(
    X: np.ndarray, y: np.ndarray, lam: float, *, penalize_intercept: bool, **options
) -> solvers.DescentResult:
    """Gradient descent on the ridge cost (L = I when the intercept is penalized)."""
    return regularization.ridge_descent(
        X, y, lam, penalize_intercept=penalize_intercept, **options
    )


@memoize
def penalized_surface(
    X: np.ndarray,
    y: np.ndarray,
    lam: float,
    center: np.ndarray,
    axes: tuple[int, int],
    *,
    penalize_intercept: bool,
    path: np.ndarray,
) -> solvers.CostSurface:
    """The ridge cost over two weights, framing the whole ridge path."""
    return regularization.penalized_surface(
        X, y, lam, center, axes, penalize_intercept=penalize_intercept, path=path
    )


@memoize
def projection_scene(X: np.ndarray, y: tuple[float, ...]) -> projection.ProjectionScene:
    """`projection.projection_scene`: y projected onto the plane of X's two columns,
    with the plane patch and right-angle mark to draw it."""
    return projection.projection_scene(X, np.asarray(y, dtype=float))


@dataclass(frozen=True)
class DescentView:
    """A descent run as drawn: in the coordinates it ran in, where standardized
    features give round contours.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
        The features descent saw (standardized or not).
    y : ndarray of shape (n_samples,)
    path : ndarray of shape (n_iter + 1, n_params)
    optimum : ndarray of shape (n_params,)
    surface : solvers.CostSurface
    axis_titles : tuple of str
    names : list of str
    """

    X: np.ndarray
    y: np.ndarray
    path: np.ndarray
    optimum: np.ndarray
    surface: solvers.CostSurface
    axis_titles: tuple[str, str]
    names: list[str]


def descent_view(
    data: solvers.Dataset,
    run: solvers.DescentResult,
    reference: solvers.LinearFit,
    axes: tuple[int, int],
) -> DescentView:
    """Path, optimum and cost contours over `axes` in the run's own coordinates."""
    scaling = run.standardization
    to_view = scaling.to_standardized if scaling else np.atleast_2d
    X = scaling.transform(data.X) if scaling else data.X
    path = to_view(run.weights_history)
    optimum = to_view(reference.weights)[0]
    names = weight_names(data.X.shape[1])
    suffix = " (standardized)" if scaling else ""
    framed = path
    if run.status == "diverged":
        # Frame the first bounces, up to 4× the start's distance from w*: the
        # start stays in view and the growth shows before the path leaves.
        distance = np.linalg.norm(path - optimum, axis=1)
        far = np.flatnonzero(~(distance <= 4 * distance[0]))
        framed = path[: max(far[0], 1)] if far.size else path
    return DescentView(
        X=X,
        y=data.y,
        path=path,
        optimum=optimum,
        surface=surface(X, data.y, optimum, axes, path=framed),
        axis_titles=tuple(names[a] + suffix for a in axes),
        names=names,
    )


@memoize
def curvatures(X: np.ndarray, y: np.ndarray, *, standardize: bool = False):
    """The Hessian H of descent on (standardized) X: its eigenvalues μ (ascending),
    its eigenvectors (columns) and its diagonal, the curvature along each single
    weight. Computed once for the player and the page's explanation."""
    problem = descent_quadratic(X, y, standardize=standardize)
    eigenvalues, eigenvectors = hessian_eigen(problem)
    return eigenvalues, eigenvectors, np.diag(problem.gram) / problem.n_samples


def drawn_weights(
    data: solvers.Dataset, weights: np.ndarray, standardize: bool
) -> np.ndarray:
    """[intercept, coef…] in the coordinates the bowl is drawn in: on
    standardized features when `standardize`, else as they are."""
    if not standardize:
        return np.asarray(weights, dtype=float)
    return solvers.Standardization.fit(data.X).to_standardized(weights)[0]


def initial_weights(
    data: solvers.Dataset,
    reference: solvers.LinearFit,
    start: str,
    *,
    standardize: bool,
    clicked_start: tuple[float, float] | None,
    axes: tuple[int, int],
) -> np.ndarray | None:
    """The start [intercept, coef…] in original units: zeros (None), the mirror
    image of w*, with the two plotted weights moved to a point clicked on the
    chart (given in the coordinates the run is drawn in)."""
    base = -reference.weights if start == "mirror" else np.zeros(len(reference.weights))
    if clicked_start is None:
        return None if start != "mirror" else base
    scaling = solvers.Standardization.fit(data.X) if standardize else None
    drawn = scaling.to_standardized(base)[0] if scaling else base.copy()
    drawn[list(axes)] = clicked_start
    return scaling.to_original(drawn)[0] if scaling else drawn


def condition_number(X: np.ndarray, y: np.ndarray, *, standardize: bool) -> float:
    """κ = μ_max / μ_min of the bowl descent runs on (flat directions left out)."""
    low, high = curvature_range(curvatures(X, y, standardize=standardize)[0])
    return high / low
