"""Closed-form least squares: the normal equation and ridge regression.

Both solve the same system (XᵀX + λL) w = Xᵀy on the design matrix X = [1, x₁ … x_p]
(a column of ones carries the intercept), with L = diag(0, 1, …, 1) so the intercept
is never penalized. ``lam=0`` is the plain normal equation.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

METHODS = ("solve", "inv", "lstsq", "pinv")

# A probe solve gives a cheap lower bound on cond(A); beyond this the matrix is
# singular to working precision and solving it returns rounding noise.
_MAX_CONDITION = 1e13


class SingularMatrixError(ValueError):
    """XᵀX (+ λL) cannot be solved reliably; the message says why and what to do."""


@dataclass(frozen=True)
class LinearFit:
    """Weights found in closed form, with diagnostics of the system that was solved.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
    intercept : float
    method : str
    lam : float
    gram : ndarray of shape (n_params, n_params)
        The matrix XᵀX + λL of the design that was solved (n_params = n_features + 1
        with an intercept).
    design : ndarray of shape (n_samples, n_params)
        The design matrix X (with its column of ones).
    y : ndarray of shape (n_samples,)
    penalty : ndarray of shape (n_params,)
        The diagonal of λL.

    Diagnostics beyond the solve itself (residuals, eigenvalues, rank) are
    computed on first use, so that solving costs no more than it must.
    """

    coef: np.ndarray
    intercept: float
    method: str
    lam: float
    gram: np.ndarray = field(repr=False)
    design: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    penalty: np.ndarray = field(repr=False)

    @property
    def weights(self) -> np.ndarray:
        """All parameters as one vector: [intercept, coef₁ … coef_p]."""
        return np.concatenate([[self.intercept], self.coef])

    @cached_property
    def residual(self) -> np.ndarray:
        """y − Xw, shape (n_samples,)."""
        # Without an intercept the design has no column of ones: skip its weight.
        solved = self.weights[-self.design.shape[1] :]
        return self.y - self.design @ solved

    @cached_property
    def normal_residual(self) -> float:
        """‖Xᵀ(y − Xw) − λLw‖, zero at the exact optimum (the normal equations)."""
        solved = self.weights[-self.design.shape[1] :]
        gradient = self.design.T @ self.residual - self.penalty * solved
        return float(np.linalg.norm(gradient))

    @cached_property
    def mse(self) -> float:
        """Training mean squared error."""
        return float(np.mean(self.residual**2))

    @cached_property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of XᵀX + λL in ascending order (computed on first use)."""
        return np.linalg.eigvalsh(self.gram)

    @cached_property
    def condition_number(self) -> float:
        """λ_max / λ_min of XᵀX + λL; inf when it is singular."""
        smallest, largest = self.eigenvalues[0], self.eigenvalues[-1]
        if smallest <= largest * np.finfo(float).eps * len(self.eigenvalues):
            return float("inf")
        return float(largest / smallest)

    @cached_property
    def rank(self) -> int:
        """Numerical rank of XᵀX + λL."""
        return int(np.linalg.matrix_rank(self.gram, hermitian=True))


def design_matrix(X: np.ndarray, fit_intercept: bool = True) -> np.ndarray:
    """Prepend a column of ones to X when fitting an intercept.

    Returns
    -------
    ndarray of shape (n_samples, n_features + fit_intercept)
    """
    if not fit_intercept:
        return X
    return np.hstack([np.ones((X.shape[0], 1)), X])


def penalty_matrix(n_params: int, fit_intercept: bool = True) -> np.ndarray:
    """L = diag(0, 1, …, 1): every weight is penalized but the intercept."""
    diagonal = np.ones(n_params)
    if fit_intercept:
        diagonal[0] = 0.0
    return np.diag(diagonal)


def normal_equation(
    X: np.ndarray, y: np.ndarray, *, method: str = "solve", fit_intercept: bool = True
) -> LinearFit:
    """Least-squares weights in one shot: w* = (XᵀX)⁻¹Xᵀy.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    method : {"solve", "inv", "lstsq", "pinv"}
        ``"solve"`` solves XᵀX w = Xᵀy without forming an inverse; ``"inv"`` is the
        textbook formula, kept to show why it is less accurate; ``"lstsq"`` (SVD of X)
        and ``"pinv"`` never form XᵀX and return the minimum-norm solution when XᵀX
        is singular.
    fit_intercept : bool
        Add a column of ones to X and report its weight as ``intercept``.

    Returns
    -------
    LinearFit

    Raises
    ------
    SingularMatrixError
        With ``"solve"`` or ``"inv"`` when XᵀX is singular to working precision.

    Notes
    -----
    Setting the gradient of ‖y − Xw‖² to zero gives the normal equations
    XᵀX w = Xᵀy; the p×p solve costs O(p³) and forming XᵀX costs O(np²).
    """
    return ridge(X, y, 0.0, method=method, fit_intercept=fit_intercept)


def ridge(
    X: np.ndarray,
    y: np.ndarray,
    lam: float,
    *,
    method: str = "solve",
    fit_intercept: bool = True,
    penalize_intercept: bool = False,
) -> LinearFit:
    """Ridge weights in one shot: w = (XᵀX + λL)⁻¹Xᵀy, L = diag(0, 1, …, 1).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lam : float
        Penalty strength λ ≥ 0 (scikit-learn's ``alpha``); 0 is the normal equation.
    method : {"solve", "inv", "lstsq", "pinv"}
        See `normal_equation`; with λ > 0, ``"lstsq"`` and ``"pinv"`` solve the
        augmented system [X; √λ L] w ≈ [y; 0].
    fit_intercept : bool
    penalize_intercept : bool
        Use L = I instead, shrinking the intercept too (to show why L has a 0).

    Returns
    -------
    LinearFit

    Notes
    -----
    Minimizes ‖y − Xw‖² + λ wᵀLw, the objective of ``sklearn.linear_model.Ridge``.
    """
    X, y = check_data(X, y)
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(f"lam must be a finite number ≥ 0, got {lam}.")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    design = design_matrix(X, fit_intercept)
    penalty = (
        lam
        * penalty_matrix(
            design.shape[1], fit_intercept and not penalize_intercept
        ).diagonal()
    )
    gram = design.T @ design
    if lam > 0:
        gram[np.diag_indices_from(gram)] += penalty
    moment = design.T @ y
    if method in ("solve", "inv"):
        weights = _solve_checked(gram, moment, design, lam, method)
    else:
        stacked, target = design, y
        if lam > 0:
            # Augmenting with √(λL) rows turns ridge into plain least squares.
            stacked = np.vstack([design, np.diag(np.sqrt(penalty))])
            target = np.concatenate([y, np.zeros(design.shape[1])])
        if method == "lstsq":
            weights = np.linalg.lstsq(stacked, target, rcond=None)[0]
        else:
            weights = np.linalg.pinv(stacked) @ target
    intercept, coef = (weights[0], weights[1:]) if fit_intercept else (0.0, weights)
    return LinearFit(
        coef=coef,
        intercept=float(intercept),
        method=method,
        lam=float(lam),
        gram=gram,
        design=design,
        y=y,
        penalty=penalty,
    )


def check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """X and y as float arrays, or a ValueError naming what is wrong with them.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            f"X must be a 2-D array with at least one row and one column, got shape "
            f"{X.shape}."
        )
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must have one value per row of X: expected shape ({X.shape[0]},), "
            f"got {y.shape}."
        )
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must be finite: remove or fill the NaN/inf values.")
    return X, y


def _solve_checked(gram, moment, design, lam, method) -> np.ndarray:
    """Solve gram w = moment (LU, or through the inverse); raise SingularMatrixError
    when gram is singular to working precision."""
    # A second right-hand side r costs O(p²) and gives ‖G⁻¹r‖₁/‖r‖₁ ≤ ‖G⁻¹‖₁, so
    # ‖G‖₁‖G⁻¹r‖₁/‖r‖₁ bounds cond₁(G) from below without a second factorization.
    # Any r with a component along the near-null direction works: a fixed one.
    probe = np.sin(np.arange(1.0, len(moment) + 1))
    try:
        if method == "solve":
            both = np.linalg.solve(gram, np.column_stack([moment, probe]))
            weights, inverse_probe = both[:, 0], both[:, 1]
        else:
            inverse = np.linalg.inv(gram)
            weights, inverse_probe = inverse @ moment, inverse @ probe
        norm = np.abs(gram).sum(axis=0).max()
        estimate = norm * np.abs(inverse_probe).sum() / np.abs(probe).sum()
    except np.linalg.LinAlgError:
        estimate = np.inf
    if not estimate < _MAX_CONDITION:
        raise SingularMatrixError(_explain_singularity(design, lam))
    return weights


def _explain_singularity(design: np.ndarray, lam: float) -> str:
    """Say why XᵀX is singular (p > n or which columns are collinear) and the fix."""
    n_samples, n_params = design.shape
    fix = (
        "Fix: use ridge with λ > 0 (XᵀX + λL is then invertible), or the "
        "'lstsq'/'pinv' methods, which return the minimum-norm solution."
    )
    if n_params > n_samples:
        return (
            f"XᵀX is singular: {n_params} unknowns (intercept + {n_params - 1} "
            f"features) but only {n_samples} samples, so rank(XᵀX) ≤ {n_samples} "
            f"< {n_params}. " + fix
        )
    # The right singular vector of the smallest singular value is (nearly) a null
    # vector of X: the columns it weighs combine to (almost) zero.
    _, singular_values, vt = np.linalg.svd(design, full_matrices=False)
    null = vt[-1]
    involved = np.flatnonzero(np.abs(null) > 0.1 * np.abs(null).max())
    names = [_column_name(j, design) for j in involved]
    ratio = singular_values[-1] / singular_values[0]
    return (
        f"XᵀX is singular to working precision (smallest/largest singular value of X "
        f"= {ratio:.1e}): the columns {', '.join(names)} are linearly dependent "
        f"(one is a combination of the others)"
        + (f", and λ = {lam:g} is too small to fix it" if lam > 0 else "")
        + ". "
        + fix
    )


def _column_name(j: int, design: np.ndarray) -> str:
    has_ones = np.all(design[:, 0] == 1.0)
    if has_ones:
        return "intercept" if j == 0 else f"x{j}"
    return f"x{j + 1}"
