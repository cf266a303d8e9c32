"""The least-squares cost J(w), evaluated at points, paths and over a grid.

J(w) = 1/(2n) ‖y − Xw‖² + λ/(2n) wᵀLw on the design X = [1, x₁ … x_p]. It has the same
minimizer as ridge (and, with λ = 0, the normal equation); averaging over the n
samples keeps a good learning rate independent of n.
"""

from dataclasses import dataclass

import numpy as np

from solvers.linear import design_matrix, penalty_matrix


@dataclass(frozen=True)
class CostSurface:
    """J on a grid over two weights, the others held at ``center``.

    Attributes
    ----------
    axes : tuple of int
        Indices of the two weights in [intercept, coef₁ … coef_p].
    grid_x : ndarray of shape (resolution,)
        Values of weight ``axes[0]``.
    grid_y : ndarray of shape (resolution,)
        Values of weight ``axes[1]``.
    cost : ndarray of shape (resolution, resolution)
        ``cost[i, j]`` is J at (grid_x[j], grid_y[i]), as contour plots expect.
    center : ndarray of shape (n_params,)
    """

    axes: tuple[int, int]
    grid_x: np.ndarray
    grid_y: np.ndarray
    cost: np.ndarray
    center: np.ndarray


def cost(
    X: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    *,
    lam: float = 0.0,
    fit_intercept: bool = True,
) -> np.ndarray:
    """J at one weight vector or at each row of a stack of them.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    weights : ndarray of shape (n_params,) or (n_points, n_params)
        [intercept, coef₁ … coef_p] (no intercept entry when ``fit_intercept`` is
        False).
    lam : float

    Returns
    -------
    float or ndarray of shape (n_points,)
    """
    design = design_matrix(np.asarray(X, dtype=float), fit_intercept)
    weights = np.asarray(weights, dtype=float)
    residuals = y[:, None] - design @ np.atleast_2d(weights).T
    penalty = penalty_matrix(design.shape[1], fit_intercept).diagonal()
    stacked = np.atleast_2d(weights)
    values = (np.sum(residuals**2, axis=0) + lam * stacked**2 @ penalty) / (2 * len(y))
    return values[0] if weights.ndim == 1 else values


def gradient(
    X: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    *,
    lam: float = 0.0,
    fit_intercept: bool = True,
) -> np.ndarray:
    """∇J(w) = (Xᵀ(Xw − y) + λLw) / n, the direction of steepest ascent.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    weights : ndarray of shape (n_params,)

    Returns
    -------
    ndarray of shape (n_params,)
    """
    design = design_matrix(np.asarray(X, dtype=float), fit_intercept)
    penalty = penalty_matrix(design.shape[1], fit_intercept).diagonal()
    return (design.T @ (design @ weights - y) + lam * penalty * weights) / len(y)


def excess_cost(weights: np.ndarray, optimum: np.ndarray, hessian: np.ndarray):
    """J(w) − J(w*) = ½ (w − w*)ᵀ H (w − w*), exact for a quadratic and free of the
    cancellation that subtracting two nearly equal costs would suffer.

    Parameters
    ----------
    weights : ndarray of shape (n_points, n_params)
    optimum : ndarray of shape (n_params,)
    hessian : ndarray of shape (n_params, n_params)
        (XᵀX + λL)/n, e.g. ``fit.gram / n_samples`` for a `LinearFit`.

    Returns
    -------
    ndarray of shape (n_points,)
    """
    delta = np.atleast_2d(weights) - optimum
    return 0.5 * np.sum((delta @ hessian) * delta, axis=1)  # one matrix product


def cost_surface(
    X: np.ndarray,
    y: np.ndarray,
    center: np.ndarray,
    axes: tuple[int, int] = (1, 2),
    *,
    lam: float = 0.0,
    fit_intercept: bool = True,
    path: np.ndarray | None = None,
    resolution: int = 101,
    margin: float = 0.25,
) -> CostSurface:
    """J over a square grid in two weights, bounds covering ``center`` and ``path``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    center : ndarray of shape (n_params,)
        Where the other weights are held (typically the closed-form optimum).
    axes : tuple of int
        The two weights to vary, as indices into ``center``.
    path : ndarray of shape (n_steps, n_params), optional
        A descent path the grid must contain. Points farther from ``center`` than
        ten times the path's first point are ignored, so that a diverging run
        does not shrink the picture to a dot.
    resolution : int
    margin : float
        Extra room around the points, as a fraction of their span. The window is
        square: both weights get the same span.

    Returns
    -------
    CostSurface

    Notes
    -----
    J is quadratic, so J(c + Δ) = J(c) + ∇J(c)ᵀΔ + ½ ΔᵀHΔ exactly, with
    H = (XᵀX + λL)/n. The grid is evaluated as that 2-D quadratic form with no loop
    over grid points.
    """
    i, j = axes
    if i == j:
        raise ValueError("axes must name two different weights.")
    design = design_matrix(np.asarray(X, dtype=float), fit_intercept)
    center = np.asarray(center, dtype=float)
    n_samples = len(y)
    penalty = lam * penalty_matrix(design.shape[1], fit_intercept)
    residual = y - design @ center
    base = cost(X, y, center, lam=lam, fit_intercept=fit_intercept)
    gradient = (penalty @ center - design.T @ residual) / n_samples
    columns = design[:, [i, j]]
    hessian = (columns.T @ columns + penalty[np.ix_([i, j], [i, j])]) / n_samples

    low, high = _bounds(center[[i, j]], None if path is None else path[:, [i, j]])
    # A square window: with equal axis scales, round contours look round and
    # stretched ones (badly scaled features) look stretched.
    middle = (low + high) / 2
    half = (1 + 2 * margin) * max(np.max(high - low), 1e-9) / 2
    low, high = middle - half, middle + half
    grid_x = np.linspace(low[0], high[0], resolution)
    grid_y = np.linspace(low[1], high[1], resolution)
    dx, dy = np.meshgrid(grid_x - center[i], grid_y - center[j])
    values = (
        base
        + gradient[i] * dx
        + gradient[j] * dy
        + 0.5
        * (hessian[0, 0] * dx**2 + 2 * hessian[0, 1] * dx * dy + hessian[1, 1] * dy**2)
    )
    return CostSurface((i, j), grid_x, grid_y, values, center)


def _bounds(center: np.ndarray, path: np.ndarray | None):
    points = center[None, :]
    if path is not None and len(path):
        finite = path[np.isfinite(path).all(axis=1)]
        if len(finite):
            reach = 10 * max(np.abs(finite[0] - center).max(), 1e-12)
            near = finite[np.abs(finite - center).max(axis=1) <= reach]
            points = np.vstack([points, near])
    low, high = points.min(axis=0), points.max(axis=0)
    # A lone point (no path yet) still gets a window around it.
    pad = np.where(high - low > 0, 0, 1 + np.abs(center))
    return low - pad, high + pad
