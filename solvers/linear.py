"""Closed-form least squares: the normal equation and ridge regression.

Both solve (XᵀX + λL) w = Xᵀy on the design X = [1, x₁ … x_p] (a column of ones
carries the intercept), with L = diag(0, 1, …, 1) so the intercept is never
penalized; ``lam=0`` is the plain normal equation.

Every method works on a well-scaled equivalent of the problem, as good libraries
do: with an unpenalized intercept the features and y are centred (the intercept
then follows from the means), and every column is scaled to unit length. Neither
changes the answer; both can change the condition number by many orders of
magnitude, so the answer is as accurate as the data allow. One notion decides
when the normal equation cannot be trusted (`Refusal.kind`; the numbers of
`Refusal` are put in words by `figures.normal_equation.explain_refusal`):

- "rank_deficient": the columns are linearly dependent at working precision (or
  there are more unknowns than samples): infinitely many weights fit equally well;
- "ill_conditioned": full rank, but forming XᵀX squares κ(X) past the ~16 digits
  a double holds, so the normal equation's answer would be rounding noise, while
  QR/SVD methods (lstsq, pinv), which work on X itself, still can answer.
"""

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

# LAPACK's Cholesky solve and condition estimate, which numpy does not expose.
# Imported with the solvers so that its BLAS (scipy's wheel ships its own
# OpenBLAS, with its own threads) is loaded before the server limits the threads.
from scipy.linalg import lapack

METHODS = ("solve", "inv", "lstsq", "pinv")
KINDS = ("rank_deficient", "ill_conditioned")

_EPS = np.finfo(float).eps
# The normal equation keeps about 16 − log₁₀ κ(XᵀX) digits: past 1e12, fewer than
# four would survive, and the condition estimate (a lower bound within a small
# factor) could be hiding worse.
MAX_GRAM_CONDITION = 1e12


@dataclass(frozen=True)
class Refusal:
    """Why the normal equation cannot be trusted on some data, in numbers.

    Attributes
    ----------
    reason : {"too_few_samples", "dependent_columns", "ill_conditioned"}
        More unknowns than samples; columns linearly dependent at working
        precision; or full rank but κ(X)² past what a double holds.
    n_samples, n_params : int
        Rows and unknowns (intercept included) of the design.
    has_intercept : bool
        The design's first column is the ones.
    dependent_columns : tuple of int
        The design's columns (0 is the ones when `has_intercept`) that combine to
        (almost) zero; empty unless `reason` is "dependent_columns".
    centred : bool
        The ones column was centred away, so the columns combine to a constant.
    singular_extremes : tuple of float
        (σ_min, σ_max) of the centred, scaled design; NaN for too few samples.
    lam : float
        The λ that was too small to help.
    """

    reason: str
    n_samples: int
    n_params: int
    has_intercept: bool
    dependent_columns: tuple[int, ...] = ()
    centred: bool = False
    singular_extremes: tuple[float, float] = (float("nan"), float("nan"))
    lam: float = 0.0

    @property
    def kind(self) -> str:
        """The refusal's broad kind: "ill_conditioned", or "rank_deficient" (too
        few samples, or dependent columns: infinitely many weights fit)."""
        return (
            "ill_conditioned" if self.reason == "ill_conditioned" else "rank_deficient"
        )


class SingularMatrixError(ValueError):
    """The normal equation cannot be trusted on this data: `refusal` says why,
    in numbers; `kind` is its "rank_deficient" or "ill_conditioned"."""

    def __init__(self, refusal: Refusal):
        super().__init__(
            f"The normal equation cannot be trusted here ({refusal.reason}); "
            "use lstsq, pinv or ridge with λ > 0."
        )
        self.refusal = refusal
        self.kind = refusal.kind


@dataclass(frozen=True)
class LinearFit:
    """Weights found in closed form, with diagnostics of the system that was solved.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
    intercept : float
    method : str
    lam : float
    X : ndarray of shape (n_samples, n_features)
        The features as given.
    y : ndarray of shape (n_samples,)
    fit_intercept : bool
    penalty : ndarray of shape (n_params,)
        The diagonal of λL (n_params = n_features + 1 with an intercept).
    columns : ndarray of shape (n_samples, n_solved)
        The columns the method worked on, before scaling: X centred when the
        intercept is free (n_solved = n_features), else the design.
    column_gram : ndarray of shape (n_solved, n_solved)
        `columns`ᵀ`columns`, from which `gram` follows in O(p²).
    column_scale : ndarray of shape (n_solved,)
        1 / the length of each of `columns` (1 for a zero column): `scaled` is
        `columns` times this, with the ridge rows appended.
    known_singular_values : ndarray, optional
        The singular values of `scaled` when the solve already computed them
        (lstsq returns them; `every_method` shares them), so that no diagnostic
        decomposes the same matrix twice.

    Diagnostics beyond the solve itself (residuals, eigenvalues, condition
    numbers, rank) are computed on first use, so that solving costs no more than
    it must.
    """

    coef: np.ndarray
    intercept: float
    method: str
    lam: float
    X: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    fit_intercept: bool
    penalty: np.ndarray = field(repr=False)
    columns: np.ndarray = field(repr=False)
    column_gram: np.ndarray = field(repr=False)
    column_scale: np.ndarray = field(repr=False)
    known_singular_values: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def design(self) -> np.ndarray:
        """The design matrix [1, X] (X itself without an intercept), shape
        (n_samples, n_params)."""
        return design_matrix(self.X, self.fit_intercept)

    @cached_property
    def gram(self) -> np.ndarray:
        """XᵀX + λL of the design as given, shape (n_params, n_params): the
        matrix the textbook formula inverts."""
        if self.columns.shape[1] < self.n_params:  # the intercept was centred away
            gram = _uncentred_gram(self.column_gram, self.X.mean(axis=0), len(self.y))
        else:
            gram = self.column_gram.copy()
        gram[np.diag_indices_from(gram)] += self.penalty
        return gram

    @property
    def weights(self) -> np.ndarray:
        """All parameters as one vector: [intercept, coef₁ … coef_p]."""
        return np.concatenate([[self.intercept], self.coef])

    @property
    def _solved(self) -> np.ndarray:
        # Without an intercept the design has no column of ones: skip its weight.
        return self.weights[-self.n_params :]

    @cached_property
    def residual(self) -> np.ndarray:
        """y − Xw, shape (n_samples,)."""
        return self.y - self.design @ self._solved

    @cached_property
    def normal_residual(self) -> float:
        """‖Xᵀ(y − Xw) − λLw‖, zero at the exact optimum (the normal equations)."""
        gradient = self.design.T @ self.residual - self.penalty * self._solved
        return float(np.linalg.norm(gradient))

    @cached_property
    def residual_alignment(self) -> float:
        """max_j |x_jᵀ r| / (‖x_j‖ ‖r‖): the largest cosine between a column of X
        and the residual r, 0 at the least-squares optimum (λ = 0) whatever the
        data's units; 0 too when the fit is exact."""
        norm = np.linalg.norm(self.residual)
        columns = np.linalg.norm(self.design, axis=0)
        if norm == 0:
            return 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            cosines = np.abs(self.design.T @ self.residual) / (columns * norm)
        return float(np.nanmax(np.where(columns > 0, cosines, 0.0)))

    @cached_property
    def mse(self) -> float:
        """Training mean squared error."""
        return float(np.mean(self.residual**2))

    @cached_property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of XᵀX + λL (as given) in ascending order."""
        return np.linalg.eigvalsh(self.gram)

    @cached_property
    def condition_number(self) -> float:
        """κ₂(XᵀX + λL) of the design as given: what the textbook formula faces
        (inf where rounding makes it singular)."""
        return gram_condition(
            self.eigenvalues, lambda: augmented_system(self.design, self.penalty)
        )

    @property
    def scaled(self) -> np.ndarray:
        """The well-scaled design the method worked on, shape (n_rows, n_solved):
        centred when the intercept is free, columns of unit length, ridge rows
        appended. Built on each use (the solve never needs it whole)."""
        return _scaled_system(self.columns, self.column_scale, self._column_penalty)

    @cached_property
    def scaled_singular_values(self) -> np.ndarray:
        """Singular values of the well-scaled design, descending."""
        if self.known_singular_values is not None:
            return self.known_singular_values
        return np.linalg.svd(self.scaled, compute_uv=False)

    @cached_property
    def scaled_condition_number(self) -> float:
        """κ₂ of the well-scaled XᵀX + λL that was solved: what governs accuracy
        (κ(X)² of the scaled design; inf where it is rank-deficient)."""
        n_solved = self.columns.shape[1]
        if self.known_singular_values is not None:
            return squared_condition(self.known_singular_values, n_solved)
        gram = _scaled_gram(self.column_gram, self.column_scale, self._column_penalty)
        return gram_condition(np.linalg.eigvalsh(gram), lambda: self.scaled)

    @property
    def _column_penalty(self) -> np.ndarray:
        # Without a centred-away intercept the penalty covers every column.
        return self.penalty[-self.columns.shape[1] :]

    @cached_property
    def rank(self) -> int:
        """Numerical rank of the design, read off the well-scaled one (numpy's
        default tolerance); a centred-away intercept counts as one: it is always
        determined by the means."""
        centred = self.columns.shape[1] == self.n_params - 1
        singular = self.scaled_singular_values
        if singular.size == 0 or singular[0] == 0:
            return int(centred)
        rows = len(self.columns) + np.count_nonzero(self._column_penalty)
        tolerance = singular[0] * _EPS * max(rows, self.columns.shape[1])
        return int(np.sum(singular > tolerance)) + int(centred)

    @property
    def n_params(self) -> int:
        """Unknowns solved for (intercept included)."""
        return len(self.penalty)

    @cached_property
    def digits_at_risk(self) -> float:
        """log₁₀ of the condition number that governs this method's rounding
        errors: κ(XᵀX) = κ(X)² for solve and inv, κ(X) for lstsq and pinv (which
        never form XᵀX); of the 16 digits a double holds, about this many can be
        wrong. inf where the design is rank-deficient."""
        condition = self.scaled_condition_number
        if self.method in ("lstsq", "pinv"):
            condition = np.sqrt(condition)
        return float(np.log10(max(condition, 1.0)))


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
        ``"solve"`` solves XᵀX w = Xᵀy by Cholesky without forming an inverse;
        ``"inv"`` is the textbook formula, kept to show why it is less accurate;
        ``"lstsq"`` (SVD of X) and ``"pinv"`` never form XᵀX and return the
        minimum-norm solution ([intercept, coef] of least length) when the columns
        are linearly dependent.
    fit_intercept : bool
        Add a column of ones to X and report its weight as ``intercept``.

    Returns
    -------
    LinearFit

    Raises
    ------
    SingularMatrixError
        With ``"solve"`` or ``"inv"`` when XᵀX is rank-deficient or too
        ill-conditioned to be trusted (see the module docstring).

    Notes
    -----
    Setting the gradient of ‖y − Xw‖² to zero gives the normal equations
    XᵀX w = Xᵀy; forming XᵀX costs O(np²) and the p×p solve O(p³).
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

    Raises
    ------
    SingularMatrixError
        See `normal_equation`.

    Notes
    -----
    Minimizes ‖y − Xw‖² + λ wᵀLw, the objective of ``sklearn.linear_model.Ridge``.
    With a free intercept the problem is solved on centred data, where it reads
    ‖y_c − X_c c‖² + λ‖c‖², and b = ȳ − x̄·c; columns are then scaled to unit
    length (w = D v), which leaves the minimizer unchanged.
    """
    # X's finiteness is checked once its Gram matrix is formed (below), for free.
    X, y = _check_shapes(X, y)
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(f"lam must be a finite number ≥ 0, got {lam}.")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    free_intercept = fit_intercept and not penalize_intercept
    n_params = X.shape[1] + fit_intercept
    penalty = np.full(n_params, float(lam))
    if free_intercept:
        penalty[0] = 0.0  # L = diag(0, 1, …, 1)
    if method in ("solve", "inv") and lam == 0 and n_params > len(y):
        _check_finite(X, y)  # bad input is named before any refusal
        ones = bool(np.all(design_matrix(X, fit_intercept)[:, 0] == 1.0))
        raise SingularMatrixError(Refusal("too_few_samples", len(y), n_params, ones))

    # The well-scaled equivalent: centred (free intercept), unit-length columns.
    # One Gram matrix AᵀA of the columns A serves the solve (scaled in O(p²)),
    # the column lengths (its diagonal) and the diagnostics' XᵀX (`LinearFit.gram`).
    with np.errstate(invalid="ignore", over="ignore"):  # NaN/inf: named below
        if free_intercept:
            x_mean, y_mean = X.mean(axis=0), y.mean()
            columns, target = X - x_mean, y - y_mean
        else:
            columns, target = design_matrix(X, fit_intercept), y
        column_gram = columns.T @ columns  # symmetric: one BLAS syrk
    # A NaN or inf anywhere in a column makes that column's diagonal entry of AᵀA
    # NaN or inf (its own square is in the sum), so X is scanned only then.
    if not (np.isfinite(np.diag(column_gram)).all() and np.isfinite(y).all()):
        _check_finite(X, y)  # else finite values overflowed: refused below
    column_moment = columns.T @ target
    norms = np.sqrt(np.diag(column_gram))
    scale = 1.0 / np.where(norms > 0, norms, 1.0)  # a zero column stays as it is
    column_penalty = penalty[-columns.shape[1] :]

    singular, full_rank = None, True
    if method in ("solve", "inv"):
        problem = _ScaledProblem(columns, target, scale, column_penalty)
        solved = _normal_solve(problem, column_gram, column_moment, method)
        if solved is None:
            raise _refusal(problem.matrix(), design_matrix(X, fit_intercept), lam)
    else:
        scaled = _scaled_system(columns, scale, column_penalty)
        scaled_target = np.concatenate([target, np.zeros(len(scaled) - len(target))])
        solved, full_rank, singular = _least_squares(scaled, scaled_target, method)
    if not full_rank:
        # Rank-deficient: many weights fit equally well. Return the one of least
        # length in the user's own coordinates, [intercept, coef], which is also
        # where gradient descent from zero ends up.
        raw = augmented_system(design_matrix(X, fit_intercept), penalty)
        raw_target = np.concatenate([y, np.zeros(len(raw) - len(y))])
        weights, _, _ = _least_squares(raw, raw_target, method)
    elif free_intercept:
        coefficients = solved * scale
        weights = np.concatenate([[y_mean - x_mean @ coefficients], coefficients])
    else:
        weights = solved * scale
    intercept, coef = (weights[0], weights[1:]) if fit_intercept else (0.0, weights)
    return LinearFit(
        coef=np.asarray(coef, dtype=float),
        intercept=float(intercept),
        method=method,
        lam=float(lam),
        X=X,
        y=y,
        fit_intercept=fit_intercept,
        penalty=penalty,
        columns=columns,
        column_gram=column_gram,
        column_scale=scale,
        known_singular_values=singular,
    )


def every_method(
    X: np.ndarray, y: np.ndarray, lam: float = 0.0, *, penalize_intercept: bool = False
) -> dict[str, LinearFit | SingularMatrixError]:
    """`ridge` by each of `METHODS` on the same data, for comparing them.

    Parameters
    ----------
    X, y, lam, penalize_intercept
        As for `ridge`.

    Returns
    -------
    dict
        Method name to its LinearFit, or to the SingularMatrixError it raised.

    Notes
    -----
    Every method works on the same well-scaled system, so one set of its singular
    values (lstsq's, which it returns for free) serves every fit's diagnostics,
    and the fits hold one copy of the design: on a 4,000 × 500 upload that saves
    three SVDs of the whole design and three quarters of the memory.
    """
    reference = ridge(X, y, lam, method="lstsq", penalize_intercept=penalize_intercept)
    shared = reference.scaled_singular_values
    results: dict[str, LinearFit | SingularMatrixError] = {}
    for method in METHODS:
        if method == "lstsq":
            results[method] = reference
            continue
        try:
            fit = ridge(X, y, lam, method=method, penalize_intercept=penalize_intercept)
        except SingularMatrixError as error:
            results[method] = error
        else:
            # The same arrays as lstsq's (equal by construction), held once.
            results[method] = replace(
                fit,
                X=reference.X,
                y=reference.y,
                columns=reference.columns,
                column_gram=reference.column_gram,
                column_scale=reference.column_scale,
                known_singular_values=shared,
            )
    return results


def check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    """X and y as float arrays, or a ValueError naming what is wrong with them.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    """
    X, y = _check_shapes(X, y)
    _check_finite(X, y)
    return X, y


def _check_shapes(X, y) -> tuple[np.ndarray, np.ndarray]:
    """`check_data` but for finiteness."""
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
    return X, y


def _check_finite(X: np.ndarray, y: np.ndarray) -> None:
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must be finite: remove or fill the NaN/inf values.")


def gram_condition_estimate(gram: np.ndarray) -> float:
    """κ₁ of a symmetric positive definite matrix, estimated from its Cholesky
    factor at O(p²) beyond the factorization (inf when it is not numerically
    positive definite).

    Notes
    -----
    ‖G‖₁ times LAPACK's estimate of ‖G⁻¹‖₁ (xPOCON: Hager's method with Higham's
    refinement), which needs a handful of solves with the factor. It is a lower
    bound, in practice within a small factor of the true value.
    """
    return _cholesky(gram)[1]


def _cholesky(
    gram: np.ndarray, overwrite: bool = False
) -> tuple[np.ndarray | None, float]:
    """The lower Cholesky factor of a symmetric `gram` (LAPACK xPOTRF) and its κ₁
    estimate (xPOCON); (None, inf) when `gram` is not numerically positive
    definite. With `overwrite`, the factor takes the place of `gram`."""
    norm = _norm_1(gram)
    if not np.isfinite(norm):
        return None, float("inf")
    # gram.T is gram (symmetric) in the column-major order LAPACK works in, so
    # with overwrite_a the factor is computed in place, with no copy.
    factor, info = lapack.dpotrf(gram.T, lower=True, overwrite_a=overwrite)
    if info != 0:
        return None, float("inf")
    reciprocal, info = lapack.dpocon(factor, norm, uplo="L")
    return factor, 1.0 / reciprocal if info == 0 and reciprocal > 0 else float("inf")


def _norm_1(matrix: np.ndarray, block: int = 256) -> float:
    """‖A‖₁, the largest column sum of |A|, a block of rows at a time: no
    temporary as large as A (fresh memory costs more than the sums)."""
    sums = np.zeros(matrix.shape[1])
    for start in range(0, len(matrix), block):
        sums += np.abs(matrix[start : start + block]).sum(axis=0)
    return float(sums.max(initial=0.0))


def _cholesky_solve(factor: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with G x = b, G = factor @ factor.T (LAPACK xPOTRS): O(p²)."""
    return lapack.dpotrs(factor, b, lower=True)[0]


def augmented_system(columns: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """[A; √penalty rows]: ridge as plain least squares (A itself without one)."""
    active = np.flatnonzero(penalty > 0)
    if active.size == 0:
        return columns
    rows = np.zeros((active.size, columns.shape[1]))
    rows[np.arange(active.size), active] = np.sqrt(penalty[active])
    return np.vstack([columns, rows])


# Below this condition number, the eigenvalues of a formed AᵀA give cond(AᵀA) to
# about p·ε·κ < 1e-5 relative (p ≤ 500): enough for every number shown.
EIGENVALUE_CONDITION = 1e8


def gram_condition(eigenvalues: np.ndarray, matrix) -> float:
    """cond(AᵀA) = (σ_max / σ_min)² of A, from the eigenvalues of the formed AᵀA
    (ascending) when it is below EIGENVALUE_CONDITION, from the SVD of A
    otherwise, where rounding in AᵀA would swamp the smallest eigenvalue.

    Parameters
    ----------
    eigenvalues : ndarray of shape (p,)
    matrix : callable
        Returns A; called only when the SVD is needed.

    Returns
    -------
    float
        inf where A is singular to working precision.
    """
    if eigenvalues.size and eigenvalues[0] * EIGENVALUE_CONDITION > eigenvalues[-1]:
        return float(eigenvalues[-1] / eigenvalues[0])
    a = matrix()
    return squared_condition(np.linalg.svd(a, compute_uv=False), a.shape[1])


def squared_condition(singular: np.ndarray, n_columns: int) -> float:
    """(σ_max/σ_min)² of a matrix with `n_columns` columns: inf where it has fewer
    singular values (more columns than rows) or σ_min is rounding noise."""
    if (
        singular.size < n_columns
        or singular.size == 0
        or singular[-1] <= singular[0] * _EPS * len(singular)
    ):
        return float("inf")
    return float((singular[0] / singular[-1]) ** 2)


@dataclass(frozen=True)
class _ScaledProblem:
    """The well-scaled problem: min ‖t − A D v‖² + vᵀΛ v over v (w = D v), for the
    columns A, target t, D = diag(scale) and Λ = diag(penalty · scale²)."""

    columns: np.ndarray
    target: np.ndarray
    scale: np.ndarray
    penalty: np.ndarray

    def matrix(self) -> np.ndarray:
        """[A D; √Λ]: the problem as plain least squares."""
        return _scaled_system(self.columns, self.scale, self.penalty)

    def normal_residual(self, solved: np.ndarray) -> np.ndarray:
        """D Aᵀ(t − A D v) − Λ v: the normal equations' residual at v, computed
        against the data rather than a formed Gram matrix."""
        fitted = self.columns @ (self.scale * solved)
        gradient = self.columns.T @ (self.target - fitted)
        return self.scale * gradient - self.penalty * self.scale**2 * solved


def _normal_solve(problem, column_gram, column_moment, method) -> np.ndarray | None:
    """Solve the scaled normal equations by Cholesky (or through the inverse);
    None when they cannot be trusted (not positive definite, or κ₁ estimated
    past MAX_GRAM_CONDITION).

    `column_gram` and `column_moment` are AᵀA and Aᵀt of `problem`'s columns.
    "solve" takes one step of iterative refinement, as lstsq and pinv do: the
    residual the first solution leaves in the normal equations, computed
    against the data (two matrix-vector products), is solved for with the same
    factor. It recovers digits that forming AᵀA rounded away, for O(np) more.
    """
    gram = _scaled_gram(column_gram, problem.scale, problem.penalty)
    moment = problem.scale * column_moment
    inverse = method == "inv"
    factor, condition = _cholesky(gram, overwrite=not inverse)
    if factor is None or not condition < MAX_GRAM_CONDITION:
        return None
    if inverse:
        return np.linalg.inv(gram) @ moment
    solved = _cholesky_solve(factor, moment)
    return solved + _cholesky_solve(factor, problem.normal_residual(solved))


def _scaled_gram(gram: np.ndarray, scale: np.ndarray, penalty: np.ndarray):
    """D G D + diag(penalty · scale²) for D = diag(scale): the Gram matrix of
    `_scaled_system` from that of the unscaled columns, in O(p²)."""
    scaled = gram * scale
    scaled *= scale[:, np.newaxis]
    scaled.flat[:: len(scale) + 1] += penalty * scale**2  # the diagonal
    return scaled


def _scaled_system(columns: np.ndarray, scale: np.ndarray, penalty: np.ndarray):
    """[A D; √(penalty) D rows]: the well-scaled design with the ridge rows."""
    return augmented_system(columns * scale, penalty * scale**2)


def _uncentred_gram(centred_gram: np.ndarray, x_mean: np.ndarray, n_samples: int):
    """[1, X]ᵀ[1, X] from X_cᵀX_c of the centred X_c = X − x̄, in O(p²):
    XᵀX = X_cᵀX_c + n x̄x̄ᵀ, and the ones column gives n and n x̄."""
    gram = np.empty((len(x_mean) + 1,) * 2)
    gram[0, 0] = n_samples
    gram[0, 1:] = gram[1:, 0] = n_samples * x_mean
    gram[1:, 1:] = centred_gram + n_samples * np.outer(x_mean, x_mean)
    return gram


def _least_squares(matrix, target, method) -> tuple[np.ndarray, bool, np.ndarray]:
    """lstsq (SVD) or pinv solution, whether `matrix` has full column rank at
    numpy's default cutoff, and its singular values (lstsq's; None for pinv).

    A full-rank solution gets one step of mixed-precision iterative refinement:
    the residual it leaves, computed in extended precision, is solved for the
    same way, which recovers digits rounding lost on ill-conditioned problems
    (Golub & Wilkinson), for one more solve.
    """
    if method == "lstsq":

        def solve(b):
            return np.linalg.lstsq(matrix, b, rcond=None)[0]

        weights, _, rank, singular = np.linalg.lstsq(matrix, target, rcond=None)
        full_rank = rank == matrix.shape[1]
    else:
        inverse, singular = np.linalg.pinv(matrix), None
        # X⁺X projects onto X's row space, so its trace is the rank pinv kept
        # (numpy's default cutoff, max(n, p)·ε·σ_max): no second SVD.
        kept = np.einsum("ij,ji->", inverse, matrix) if matrix.size else 0.0
        full_rank = round(float(kept)) == matrix.shape[1]

        def solve(b):
            return inverse @ b

        weights = solve(target)
    if full_rank:
        wide = np.longdouble  # 80-bit on x86; plain refinement where it is double
        residual = target.astype(wide) - matrix.astype(wide) @ weights.astype(wide)
        weights = weights + solve(residual.astype(float))
    return weights, bool(full_rank), singular


def _refusal(scaled: np.ndarray, design: np.ndarray, lam: float):
    """The SingularMatrixError for a system the normal equation cannot trust:
    rank-deficient (naming the dependent columns) or ill-conditioned."""
    _, singular, vt = np.linalg.svd(scaled, full_matrices=False)
    tolerance = singular[0] * _EPS * max(scaled.shape)
    has_ones = bool(np.all(design[:, 0] == 1.0))  # an intercept's column
    extremes = (float(singular[-1]), float(singular[0]))
    n_samples, n_params = design.shape
    if not singular[-1] <= tolerance:  # full rank (or NaN): only ill-conditioned
        return SingularMatrixError(
            Refusal(
                "ill_conditioned",
                n_samples,
                n_params,
                has_ones,
                singular_extremes=extremes,
                lam=lam,
            )
        )
    # The columns that combine to (almost) zero: the large entries of the scaled
    # design's null vector.
    null = vt[-1]
    centred = null.size == n_params - 1  # the ones column was centred away
    involved = np.flatnonzero(np.abs(null) > 0.1 * np.abs(null).max())
    return SingularMatrixError(
        Refusal(
            "dependent_columns",
            n_samples,
            n_params,
            has_ones,
            dependent_columns=tuple(int(j) + centred for j in involved),
            centred=centred,
            singular_extremes=extremes,
            lam=lam,
        )
    )
