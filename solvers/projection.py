"""Least squares as a projection: ŷ = Xw* is the point of the column space of X
closest to y, and the residual y − ŷ is perpendicular to every column.

Small and exact, for pictures with n = 3 samples, where the column space of a 3×2
X is a plane through the origin that can be drawn.
"""

from dataclasses import dataclass

import numpy as np

from solvers.linear import check_data

# The x-values of the three-point line fit drawn on the derivations page.
EXAMPLE_FEATURE = (0.0, 1.0, 3.0)


@dataclass(frozen=True)
class Projection:
    """The orthogonal projection of y onto the column space C(X).

    Attributes
    ----------
    y_hat : ndarray of shape (n_samples,)
        The projection ŷ = Py = Xw*.
    residual : ndarray of shape (n_samples,)
        y − ŷ, perpendicular to every column of X.
    weights : ndarray of shape (n_columns,)
        w*, the coordinates of ŷ along the columns of X (the least-squares weights).
    projection_matrix : ndarray of shape (n_samples, n_samples)
        P = X(XᵀX)⁻¹Xᵀ, symmetric and idempotent.
    normal_residual : ndarray of shape (n_columns,)
        Xᵀ(y − ŷ): zero up to rounding, which is what the normal equations say.
    """

    y_hat: np.ndarray
    residual: np.ndarray
    weights: np.ndarray
    projection_matrix: np.ndarray
    normal_residual: np.ndarray


@dataclass(frozen=True)
class PlanePatch:
    """A disc of the plane through the origin spanned by two vectors, as the grids
    a plotly surface takes.

    Attributes
    ----------
    x, y, z : ndarray of shape (2, resolution)
        Coordinates of the grid points: the centre (repeated), then the rim.
    radius : float
    """

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    radius: float


@dataclass(frozen=True)
class ProjectionScene:
    """Everything a 3-D picture of the projection needs.

    Attributes
    ----------
    projection : Projection
    plane : PlanePatch
        The part of C(X) around the origin, the columns, y and ŷ.
    marker : ndarray of shape (3, 3) or None
        A right-angle mark at ŷ between the residual and the plane (None when y
        lies in the plane, so that there is no residual to mark).
    extent : float
        The largest coordinate, in absolute value, of the columns, y and ŷ.
    """

    projection: Projection
    plane: PlanePatch
    marker: np.ndarray | None
    extent: float


def example_design() -> np.ndarray:
    """The 3×2 design [1, x] of a line fit through three points at `EXAMPLE_FEATURE`.

    Returns
    -------
    ndarray of shape (3, 2)
        A column of ones (the intercept) and the x-values.
    """
    return np.column_stack([np.ones(len(EXAMPLE_FEATURE)), EXAMPLE_FEATURE])


def project(X: np.ndarray, y: np.ndarray) -> Projection:
    """Project y orthogonally onto the column space of X.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_columns)
        Columns that are linearly independent (full column rank).
    y : ndarray of shape (n_samples,)

    Returns
    -------
    Projection

    Raises
    ------
    ValueError
        If the shapes don't match, a value is not finite or the columns of X are
        linearly dependent.

    Notes
    -----
    With the thin QR factorization X = QR (Q has orthonormal columns spanning C(X)),
    P = X(XᵀX)⁻¹Xᵀ = QQᵀ and w* solves Rw = Qᵀy, which is the normal equation
    XᵀXw = Xᵀy multiplied by (Rᵀ)⁻¹. Working with Q keeps Xᵀ(y − ŷ) at rounding
    level however the columns are scaled; no inverse is formed.
    """
    X, y = _validate(X, y)
    Q, R = np.linalg.qr(X)
    coordinates = Q.T @ y
    y_hat = Q @ coordinates
    residual = y - y_hat
    return Projection(
        y_hat=y_hat,
        residual=residual,
        weights=np.linalg.solve(R, coordinates),
        projection_matrix=Q @ Q.T,
        normal_residual=X.T @ residual,
    )


def projection_scene(
    X: np.ndarray, y: np.ndarray, *, marker_size: float = 0.1
) -> ProjectionScene:
    """The projection of y onto the plane of the two columns of X, with the plane
    patch and right-angle mark to draw it.

    Parameters
    ----------
    X : ndarray of shape (3, 2)
    y : ndarray of shape (3,)
    marker_size : float
        Side of the right-angle mark as a fraction of the scene's extent (it is
        also kept under a third of the two legs it sits between).

    Returns
    -------
    ProjectionScene
    """
    result = project(X, y)
    X = np.asarray(X, dtype=float)
    points = np.vstack([X.T, y, result.y_hat])
    extent = float(np.abs(points).max())
    plane = plane_patch(X, points)
    residual_length = np.linalg.norm(result.residual)
    fitted_length = np.linalg.norm(result.y_hat)
    scale = max(extent, 1.0)
    marker = None
    if residual_length > 1e-9 * scale:
        # Any direction in the plane is perpendicular to the residual; back along ŷ
        # towards the origin reads best, and the first column stands in for ŷ = 0.
        in_plane = -result.y_hat if fitted_length > 1e-9 * scale else X[:, 0]
        legs = [residual_length, fitted_length or np.linalg.norm(X[:, 0])]
        size = min(marker_size * scale, *(leg / 3 for leg in legs))
        marker = right_angle_marker(result.y_hat, result.residual, in_plane, size)
    return ProjectionScene(result, plane, marker, extent)


def plane_patch(
    X: np.ndarray, points: np.ndarray, *, margin: float = 0.15, resolution: int = 61
) -> PlanePatch:
    """A disc of the plane spanned by the two columns of X, centred on the origin
    and large enough to hold the projections of `points` onto the plane.

    Parameters
    ----------
    X : ndarray of shape (3, 2)
        Two linearly independent columns in 3-D.
    points : ndarray of shape (n_points, 3)
        Points the disc should reach (their projections onto the plane).
    margin : float
        Extra radius, as a fraction of the farthest projection.
    resolution : int
        Points around the rim (≥ 4).

    Returns
    -------
    PlanePatch
        Grids of shape (2, resolution): the centre repeated, then the rim, so that
        every coordinate is at most the radius in absolute value.
    """
    X = np.asarray(X, dtype=float)
    if X.shape != (3, 2):
        raise ValueError(
            f"X must have shape (3, 2) to span a plane in 3-D, not {X.shape}."
        )
    if resolution < 4:
        raise ValueError(f"resolution must be at least 4, not {resolution}.")
    _check_rank(X)
    basis, _ = np.linalg.qr(X)
    in_plane = np.asarray(points, dtype=float).reshape(-1, 3) @ basis
    farthest = np.linalg.norm(in_plane, axis=1).max(initial=0.0)
    radius = (1 + margin) * max(farthest, 1.0)
    angle = np.linspace(0, 2 * np.pi, resolution)
    rim = radius * (
        np.outer(np.cos(angle), basis[:, 0]) + np.outer(np.sin(angle), basis[:, 1])
    )
    grid = np.stack([np.zeros_like(rim), rim])
    return PlanePatch(x=grid[..., 0], y=grid[..., 1], z=grid[..., 2], radius=radius)


def right_angle_marker(
    corner: np.ndarray, first: np.ndarray, second: np.ndarray, size: float
) -> np.ndarray:
    """The three points of a right-angle mark at `corner` between two directions.

    Parameters
    ----------
    corner : ndarray of shape (3,)
    first, second : ndarray of shape (3,)
        Directions of the two perpendicular legs (any length but zero).
    size : float
        Side length of the mark.

    Returns
    -------
    ndarray of shape (3, 3)
        corner + size·a, corner + size·(a + b), corner + size·b, with a and b the
        unit vectors along `first` and `second`.
    """
    legs = []
    for name, direction in (("first", first), ("second", second)):
        length = np.linalg.norm(direction)
        if not length > 0:
            raise ValueError(f"{name} must be a non-zero direction.")
        legs.append(np.asarray(direction, dtype=float) / length)
    a, b = legs
    corner = np.asarray(corner, dtype=float)
    return corner + size * np.array([a, a + b, b])


def _validate(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = check_data(X, y)
    _check_rank(X)
    return X, y


def _check_rank(X: np.ndarray) -> None:
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        raise ValueError(
            f"X has linearly dependent columns (rank {rank} < {X.shape[1]} columns), "
            "so XᵀX is singular and the projection has no unique weights: drop or "
            "change a column so that no column is a combination of the others."
        )
