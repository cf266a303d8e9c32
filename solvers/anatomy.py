"""The pieces the pages take apart: the normal equation's Xᵀy, summary statistics,
each feature's correlation with y, and how the four solving methods compare."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from solvers import strd
from solvers.compare import agreement
from solvers.linear import LinearFit, check_data, design_matrix


@dataclass(frozen=True)
class Summary:
    """Per-column summary of a dataset: the features, then y.

    Attributes
    ----------
    names : tuple of str, length n_columns
    mean, sd, min, max : ndarray of shape (n_columns,)
        ``sd`` is the sample standard deviation (n − 1 in the denominator), NaN for
        a single sample.
    """

    names: tuple[str, ...]
    mean: np.ndarray
    sd: np.ndarray
    min: np.ndarray
    max: np.ndarray


@dataclass(frozen=True)
class MethodCheck:
    """How well one method solved the least-squares problem.

    Attributes
    ----------
    method : str
    digits_at_risk : float
        log₁₀ of the condition number that governs the method (κ(X)² when it
        forms XᵀX, κ(X) for lstsq/pinv), from the well-scaled design; NaN when
        the method refused.
    agreeing_digits : float
        Significant digits of the worst single weight shared with the reference
        weights; NaN when the method refused.
    correct_digits : float
        Correct digits of the worst single weight against certified weights (the
        log relative error, `solvers.strd.log_relative_error`); NaN when none are
        known or the method refused.
    weight_norm : float
        ‖w‖, the length of the weight vector; NaN when the method refused.
    error : str or None
        Why the method refused, if it did.
    """

    method: str
    digits_at_risk: float
    agreeing_digits: float
    correct_digits: float
    weight_norm: float
    error: str | None = None


def summary_statistics(
    X: np.ndarray,
    y: np.ndarray,
    feature_names: Sequence[str],
    target_name: str = "y",
    *,
    ddof: int = 1,
) -> Summary:
    """Mean, sd, min and max of every feature and of y.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    feature_names : sequence of str, length n_features
    target_name : str
        What y is called (a file's column header).
    ddof : int
        The sd divides by n − ddof: 1 for the sample sd, 0 for the population
        sd that standardizing divides by.

    Returns
    -------
    Summary
        With ``names = (*feature_names, target_name)``.
    """
    X, y = check_data(X, y)
    if len(feature_names) != X.shape[1]:
        raise ValueError(
            f"feature_names must name every column of X: expected {X.shape[1]} "
            f"names, got {len(feature_names)}."
        )
    table = np.column_stack([X, y])
    sd = (
        table.std(axis=0, ddof=ddof)
        if len(y) > ddof
        else np.full(table.shape[1], np.nan)
    )
    return Summary(
        names=(*feature_names, target_name),
        mean=table.mean(axis=0),
        sd=sd,
        min=table.min(axis=0),
        max=table.max(axis=0),
    )


def correlations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson correlation of every feature with y.

    Returns
    -------
    ndarray of shape (n_features,)
        In [−1, 1]; 0 for a feature (or a y) that does not vary.
    """
    X, y = check_data(X, y)
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    scale = np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc)
    tiny = scale <= np.finfo(float).tiny
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(tiny, 0.0, (Xc.T @ yc) / np.where(tiny, 1.0, scale))
    return np.clip(r, -1.0, 1.0)


def strongest_features(X: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` features most correlated with y (by |r|), strongest first.

    Ties keep column order. Returns all features, ordered, when ``k ≥ n_features``.

    Returns
    -------
    ndarray of int, shape (min(k, n_features),)
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive int (features to keep), got {k!r}.")
    strength = np.abs(correlations(X, y))
    return np.argsort(-strength, kind="stable")[:k]


def moment(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Xᵀy on the design matrix [1, x₁ … x_p]: the right-hand side of the normal
    equations.

    Returns
    -------
    ndarray of shape (n_features + 1,)
        Entry 0 is Σ yᵢ; entry j is Σ xᵢⱼ yᵢ.
    """
    X, y = check_data(X, y)
    return design_matrix(X).T @ y


def check_methods(
    fits: Mapping[str, LinearFit],
    reference: LinearFit,
    errors: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    certified: np.ndarray | None = None,
) -> tuple[MethodCheck, ...]:
    """Compare every method's weights with the reference (lstsq) weights and,
    when they are known, with certified ones.

    Parameters
    ----------
    fits : mapping of method name to LinearFit
        The methods that succeeded.
    reference : LinearFit
    errors : mapping of method name to message, optional
        The methods that refused, and why.
    order : sequence of str, optional
        Row order; successes then failures by default.
    certified : ndarray of shape (n_params,), optional
        The exact [intercept, coef…], e.g. NIST's certified values.

    Returns
    -------
    tuple of MethodCheck
    """
    errors = dict(errors or {})
    order = tuple(order) if order is not None else (*fits, *errors)
    rows = []
    for method in order:
        if method in fits:
            fit = fits[method]
            correct = (
                strd.log_relative_error(fit.weights, certified)
                if certified is not None
                else math.nan
            )
            rows.append(
                MethodCheck(
                    method,
                    fit.digits_at_risk,
                    float(agreement(fit.weights, reference.weights).significant_digits),
                    correct,
                    float(np.linalg.norm(fit.weights)),
                )
            )
        elif method in errors:
            nan = math.nan
            rows.append(MethodCheck(method, nan, nan, nan, nan, errors[method]))
        else:
            raise ValueError(
                f"order lists {method!r}, which is neither in fits nor in errors; "
                "pass a result or an error for every method."
            )
    return tuple(rows)
