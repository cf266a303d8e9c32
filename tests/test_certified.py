"""The closed form against NIST's certified answers (StRD, to 15 digits), the
Trefethen & Bau lecture 19 problem, and one notion of "cannot be trusted" checked
against numpy.linalg.cond on random designs."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from solvers import SingularMatrixError, ridge
from solvers.linear import MAX_GRAM_CONDITION, gram_condition_estimate
from solvers.strd import log_relative_error, read_strd

NIST = Path(__file__).resolve().parents[1] / "data" / "nist"


def certified(name):
    return read_strd((NIST / f"{name}.dat").read_text(), name)


def correct_digits(problem, method):
    fit = ridge(problem.X, problem.y, 0.0, method=method,
                fit_intercept=problem.fit_intercept)  # fmt: skip
    weights = fit.weights if problem.fit_intercept else fit.coef
    return log_relative_error(weights, problem.weights)


# Correct digits each method must reach (the floors); None: must refuse.
FLOORS = {
    "Norris": {"solve": 12, "inv": 12, "lstsq": 12, "pinv": 12},
    "Pontius": {"solve": 12, "inv": 10, "lstsq": 12, "pinv": 12},
    "Longley": {"solve": 13, "inv": 10, "lstsq": 12, "pinv": 12},
    "Filip": {"solve": None, "inv": None, "lstsq": 7, "pinv": 7},
    "NoInt1": {"solve": 14, "inv": 14, "lstsq": 14, "pinv": 14},
    "NoInt2": {"solve": 14, "inv": 14, "lstsq": 14, "pinv": 14},
}


@pytest.mark.parametrize(
    ("name", "method"),
    [(name, method) for name, floors in FLOORS.items() for method in floors],
)
def test_certified_digits(name, method):
    problem = certified(name)
    floor = FLOORS[name][method]
    if floor is None:
        with pytest.raises(SingularMatrixError) as refused:
            correct_digits(problem, method)
        # Filip has full rank: ill-conditioned, never "linearly dependent".
        assert refused.value.kind == "ill_conditioned"
        assert "linearly dependent" not in str(refused.value)
        assert "lstsq" in str(refused.value)
        return
    assert correct_digits(problem, method) >= floor


def _unrefined(X, y, fit_intercept):
    """The same centred, column-scaled normal equations solved once by numpy
    (LU), without the refinement step: the oracle "solve" must not fall below."""
    x_mean, y_mean = (X.mean(axis=0), y.mean()) if fit_intercept else (0.0, 0.0)
    columns = X - x_mean
    scale = 1.0 / np.linalg.norm(columns, axis=0)
    scaled = columns * scale
    coef = np.linalg.solve(scaled.T @ scaled, scaled.T @ (y - y_mean)) * scale
    return np.concatenate([[y_mean - x_mean @ coef], coef]) if fit_intercept else coef


@pytest.mark.parametrize("name", ["Norris", "Pontius", "NoInt1", "NoInt2", "Longley"])
def test_refinement_never_loses_digits_and_gains_where_they_were_lost(name):
    problem = certified(name)
    refined = correct_digits(problem, "solve")
    once = _unrefined(problem.X, problem.y, problem.fit_intercept)
    unrefined = log_relative_error(once, problem.weights)
    assert refined >= unrefined - 0.1
    if problem.difficulty == "higher":  # Longley: ~12 digits once, ~14.5 refined
        assert refined >= unrefined + 1


def test_reader_gets_the_certified_values_and_the_model():
    longley = certified("Longley")
    assert longley.X.shape == (16, 6) and longley.fit_intercept
    assert longley.intercept == -3482258.63459582
    assert longley.difficulty == "higher"
    filip = certified("Filip")
    assert filip.polynomial and filip.X.shape == (82, 10)
    assert_allclose(filip.X[:, 9], filip.X[:, 0] ** 10)
    noint = certified("NoInt1")
    assert not noint.fit_intercept and noint.weights.shape == (1,)
    with pytest.raises(ValueError, match="line ranges"):
        read_strd("not a StRD file", "junk")


def test_log_relative_error_counts_correct_digits():
    assert log_relative_error([1.0, 2.0], [1.0, 2.0]) == 15.0
    assert log_relative_error([1.001, 2.0], [1.0, 2.0]) == pytest.approx(3.0)
    assert log_relative_error([np.nan, 2.0], [1.0, 2.0]) == 0.0
    assert log_relative_error([-5.0], [1.0]) == 0.0


def test_trefethen_lecture_19_least_squares():
    # A degree-14 polynomial fit of exp(sin 4t), scaled so that x₁₅ = 1 exactly.
    t = np.linspace(0, 1, 100)
    A = t[:, None] ** np.arange(15)
    b = np.exp(np.sin(4 * t)) / 2006.787453080206
    for method in ("lstsq", "pinv"):
        fit = ridge(A, b, 0.0, method=method, fit_intercept=False)
        assert log_relative_error(fit.coef[-1:], [1.0]) >= 7
    with pytest.raises(SingularMatrixError) as refused:
        ridge(A, b, 0.0, fit_intercept=False)
    assert refused.value.kind == "ill_conditioned"


def _random_design(seed: int):
    """Tall designs from well conditioned to nearly singular: columns at spread
    scales, some made nearly dependent on the others."""
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(5, 60))
    n_features = int(rng.integers(1, min(n_samples - 2, 12)))
    X = rng.standard_normal((n_samples, n_features)) * 10.0 ** rng.uniform(
        -4, 4, n_features
    )
    if n_features > 1 and rng.random() < 0.6:
        j = int(rng.integers(1, n_features))
        mix = rng.standard_normal(j)
        closeness = 10.0 ** rng.uniform(-12, -1)
        X[:, j] = X[:, :j] @ mix + closeness * np.abs(X[:, j]).max() * (
            rng.standard_normal(n_samples)
        )
    y = X @ rng.standard_normal(n_features) + rng.standard_normal(n_samples)
    return X, y


@settings(max_examples=300, deadline=None, database=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_condition_estimate_is_within_a_small_factor(seed):
    X, _ = _random_design(seed)
    design = np.column_stack([np.ones(len(X)), X])
    scaled = design / np.linalg.norm(design, axis=0)
    gram = scaled.T @ scaled
    true = np.linalg.cond(gram, 1)
    if not true < 1e13:  # beyond that the Gram matrix itself is rounding noise
        return
    estimate = gram_condition_estimate(gram)
    assert true / 10 <= estimate <= true * 1.01


@settings(max_examples=200, deadline=None, database=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_refusal_follows_the_scaled_condition_number(seed):
    X, y = _random_design(seed)
    centred = X - X.mean(axis=0)
    scaled = centred / np.linalg.norm(centred, axis=0)
    kappa = np.linalg.cond(scaled)
    try:
        fit = ridge(X, y, 0.0)
    except SingularMatrixError as refused:
        # Refused only when the squared κ really is past what a double holds,
        # and "dependent" only when numpy's own rank says so.
        assert kappa**2 > MAX_GRAM_CONDITION / 10
        # Where the smallest singular value sits within a factor 2 of numpy's
        # tolerance, "dependent" is a coin toss of rounding: not checked there.
        singular = np.linalg.svd(scaled, compute_uv=False)
        tolerance = singular[0] * np.finfo(float).eps * max(scaled.shape)
        if tolerance / 2 < singular[-1] < tolerance * 2:
            return
        dependent = np.linalg.matrix_rank(scaled) < X.shape[1]
        assert (refused.kind == "rank_deficient") == dependent
        return
    assert kappa**2 < MAX_GRAM_CONDITION * 10
    # Accepted: as accurate as the conditioning allows, against lstsq on the
    # same problem. Measured on the fitted values (each weight times its column):
    # a weight on a tiny-scale column is pinned down only to rounding in y's units.
    oracle = ridge(X, y, 0.0, method="lstsq")
    design = np.column_stack([np.ones(len(y)), X])
    gap = np.linalg.norm(design @ (fit.weights - oracle.weights)) / np.linalg.norm(y)
    assert gap <= max(1e3 * np.finfo(float).eps * kappa**2, 1e-13)


@settings(max_examples=100, deadline=None, database=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_refinement_is_no_worse_than_one_solve_against_lstsq(seed):
    X, y = _random_design(seed)
    try:
        refined = ridge(X, y, 0.0).weights
    except SingularMatrixError:
        return
    oracle = ridge(X, y, 0.0, method="lstsq").weights
    once = _unrefined(X, y, True)
    design = np.column_stack([np.ones(len(y)), X])

    def gap(weights):  # on the fitted values, as in the test above
        return np.linalg.norm(design @ (weights - oracle)) / np.linalg.norm(y)

    assert gap(refined) <= 2 * gap(once) + 1e-14


@settings(max_examples=100, deadline=None, database=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_full_rank_design_is_called_dependent(seed):
    rng = np.random.default_rng(seed)
    n_samples = int(rng.integers(3, 40))
    n_features = int(rng.integers(1, n_samples - 1))
    # Full rank, and far from singular, however badly scaled or offset.
    X = rng.standard_normal((n_samples, n_features)) * 10.0 ** rng.uniform(
        -6, 6, n_features
    ) + 10.0 ** rng.uniform(-3, 6, n_features)
    y = rng.standard_normal(n_samples)
    for method in ("solve", "inv"):
        try:
            ridge(X, y, 0.0, method=method)
        except SingularMatrixError as refused:
            assert refused.kind != "rank_deficient", str(refused)
