"""Closed-form solvers against scikit-learn and numpy.linalg.lstsq."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression, Ridge

from solvers import (
    METHODS,
    SingularMatrixError,
    make_dataset,
    make_regression,
    normal_equation,
    ridge,
)

SHAPES = [(50, 1), (200, 3), (120, 20), (300, 60)]


def _data(n_samples, n_features, seed=0, noise=5.0, bias=3.0):
    X, y = make_regression(
        n_samples,
        n_features,
        n_informative=n_features,
        noise=noise,
        bias=bias,
        random_state=seed,
    )
    return X, y


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("n_samples", "n_features"), SHAPES)
def test_normal_equation_matches_linear_regression(method, n_samples, n_features):
    X, y = _data(n_samples, n_features)
    oracle = LinearRegression().fit(X, y)
    fit = normal_equation(X, y, method=method)
    assert_allclose(fit.coef, oracle.coef_, rtol=1e-9, atol=1e-9)
    assert fit.intercept == pytest.approx(oracle.intercept_, rel=1e-9, abs=1e-9)
    assert fit.coef.shape == (n_features,)
    assert isinstance(fit.intercept, float)


@pytest.mark.parametrize("method", METHODS)
def test_without_intercept_matches_lstsq(method):
    X, y = _data(80, 4)
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    fit = normal_equation(X, y, method=method, fit_intercept=False)
    assert_allclose(fit.coef, expected, rtol=1e-9)
    assert fit.intercept == 0.0


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("lam", [1e-3, 0.5, 10.0, 1e4])
@pytest.mark.parametrize(("n_samples", "n_features"), SHAPES)
def test_ridge_matches_sklearn(method, lam, n_samples, n_features):
    X, y = _data(n_samples, n_features)
    oracle = Ridge(alpha=lam).fit(X, y)
    fit = ridge(X, y, lam, method=method)
    assert_allclose(fit.coef, oracle.coef_, rtol=1e-8, atol=1e-8)
    assert fit.intercept == pytest.approx(oracle.intercept_, rel=1e-8, abs=1e-8)


def test_ridge_solves_p_greater_than_n_like_sklearn():
    X, y = _data(10, 30)
    oracle = Ridge(alpha=2.0).fit(X, y)
    assert_allclose(ridge(X, y, 2.0).coef, oracle.coef_, rtol=1e-8, atol=1e-10)


def test_ridge_with_zero_penalty_is_the_normal_equation():
    X, y = _data(100, 5)
    assert_allclose(ridge(X, y, 0.0).weights, normal_equation(X, y).weights)


def test_penalizing_the_intercept_shrinks_it():
    X, y = _data(100, 3, bias=50.0)
    free = ridge(X, y, 100.0)
    shrunk = ridge(X, y, 100.0, penalize_intercept=True)
    assert abs(shrunk.intercept) < abs(free.intercept)
    # L = I is plain Tikhonov on the design [1, X]: lstsq on the augmented system.
    design = np.column_stack([np.ones(len(y)), X])
    augmented = np.vstack([design, 10.0 * np.eye(4)])
    target = np.concatenate([y, np.zeros(4)])
    expected = np.linalg.lstsq(augmented, target, rcond=None)[0]
    assert_allclose(shrunk.weights, expected, rtol=1e-9)


def test_diagnostics_describe_the_solved_matrix():
    X, y = _data(100, 3)
    fit = ridge(X, y, 5.0)
    design = np.column_stack([np.ones(len(y)), X])
    matrix = design.T @ design + 5.0 * np.diag([0, 1, 1, 1])
    assert_allclose(fit.gram, matrix)
    assert_allclose(fit.eigenvalues, np.linalg.eigvalsh(matrix))
    assert fit.condition_number == pytest.approx(np.linalg.cond(matrix), rel=1e-8)
    assert fit.rank == 4
    residual = y - design @ fit.weights
    assert fit.mse == pytest.approx(np.mean(residual**2))


def test_inv_loses_accuracy_on_an_ill_conditioned_preset():
    """The textbook inverse is measurably worse than solve/lstsq on collinear data."""
    data = make_dataset("collinear", n_samples=200, n_features=3, random_state=0)
    residuals = {
        m: normal_equation(data.X, data.y, method=m).normal_residual for m in METHODS
    }
    assert normal_equation(data.X, data.y).condition_number > 1e6
    assert residuals["inv"] > 10 * residuals["solve"]
    assert residuals["inv"] > 10 * residuals["lstsq"]


@pytest.mark.parametrize("method", ["solve", "inv"])
def test_duplicated_feature_is_reported_with_the_columns(method):
    data = make_dataset("duplicated", n_samples=50, n_features=3, random_state=1)
    with pytest.raises(SingularMatrixError, match="dependent_columns") as refused:
        normal_equation(data.X, data.y, method=method)
    refusal = refused.value.refusal
    assert refused.value.kind == refusal.kind == "rank_deficient"
    assert refusal.dependent_columns == (1, 2)  # x1 and its copy x2
    assert refusal.centred and refusal.has_intercept
    smallest, largest = refusal.singular_extremes
    assert smallest <= 1e-12 * largest


def test_p_greater_than_n_is_reported():
    X, y = _data(5, 8)
    with pytest.raises(SingularMatrixError, match="too_few_samples") as refused:
        normal_equation(X, y)
    refusal = refused.value.refusal
    assert (refusal.n_samples, refusal.n_params) == (5, 9)
    assert refusal.kind == "rank_deficient"


@pytest.mark.parametrize("method", ["lstsq", "pinv"])
def test_singular_systems_get_the_minimum_norm_solution(method):
    data = make_dataset("duplicated", n_samples=50, n_features=3, random_state=1)
    design = np.column_stack([np.ones(50), data.X])
    expected = np.linalg.lstsq(design, data.y, rcond=None)[0]
    assert_allclose(
        normal_equation(data.X, data.y, method=method).weights, expected, rtol=1e-7
    )


def test_any_positive_penalty_makes_a_singular_problem_solvable():
    data = make_dataset("duplicated", n_samples=50, n_features=3, random_state=1)
    fit = ridge(data.X, data.y, 1e-3)
    assert_allclose(fit.coef, Ridge(alpha=1e-3).fit(data.X, data.y).coef_, rtol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"X": np.zeros((0, 2)), "y": np.zeros(0)}, "at least one row"),
        ({"X": np.zeros(3), "y": np.zeros(3)}, "2-D"),
        ({"X": np.ones((3, 2)), "y": np.zeros(4)}, "one value per row"),
        ({"X": np.array([[1.0, np.nan]]), "y": np.zeros(1)}, "finite"),
        ({"X": np.ones((3, 1)), "y": np.zeros(3), "method": "qr"}, "method must be"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        normal_equation(**kwargs)


@pytest.mark.parametrize("lam", [-1.0, np.inf, np.nan])
def test_bad_penalty_is_named(lam):
    with pytest.raises(ValueError, match="lam must be"):
        ridge(np.ones((3, 1)), np.zeros(3), lam)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_features=st.integers(1, 8),
    extra_samples=st.integers(2, 60),
    method=st.sampled_from(METHODS),
)
def test_normal_equations_hold(seed, n_features, extra_samples, method):
    """At the solution the residual is orthogonal to every column: Xᵀ(y − Xw) = 0."""
    X, y = _data(n_features + extra_samples, n_features, seed=seed)
    fit = normal_equation(X, y, method=method)
    design = np.column_stack([np.ones(len(y)), X])
    scale = np.linalg.norm(design) * np.linalg.norm(y)
    assert np.linalg.norm(design.T @ (y - design @ fit.weights)) <= 1e-10 * scale
    assert fit.normal_residual <= 1e-10 * scale


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_features=st.integers(1, 10))
def test_noise_free_data_recovers_the_true_coefficients(seed, n_features):
    data = make_dataset(
        "well_conditioned",
        n_samples=3 * n_features + 5,
        n_features=n_features,
        noise=0.0,
        bias=7.0,
        random_state=seed,
    )
    fit = normal_equation(data.X, data.y)
    assert_allclose(fit.coef, data.coef_true, rtol=1e-8, atol=1e-8)
    assert fit.intercept == pytest.approx(7.0, abs=1e-8)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_features=st.integers(1, 10))
def test_coefficients_shrink_as_the_penalty_grows(seed, n_features):
    X, y = _data(40, n_features, seed=seed)
    norms = [np.linalg.norm(ridge(X, y, lam).coef) for lam in (0.0, 0.1, 1, 10, 1e3)]
    assert all(a >= b * (1 - 1e-12) for a, b in itertools.pairwise(norms))


def test_residual_alignment_is_scale_free_and_zero_at_the_optimum():
    X, y = _data(60, 3)
    fit = ridge(X, y, 0.0)
    # The same data in other units: every column ×1e6, y ×1e3.
    scaled = ridge(X * 1e6, y * 1e3, 0.0)
    assert fit.residual_alignment < 1e-12
    assert scaled.residual_alignment < 1e-12
    assert scaled.normal_residual > 1e3 * fit.normal_residual  # grows with units
    off = ridge(X, y, 50.0)  # ridge is not the least-squares optimum
    assert off.residual_alignment > 1e-6


def _spd_system(seed: int):
    """A symmetric positive definite Gram matrix of a random design with columns
    at spread scales, some nearly dependent, and a right-hand side."""
    rng = np.random.default_rng(seed)
    n_features = int(rng.integers(1, 40))
    X = rng.standard_normal((n_features + int(rng.integers(1, 30)), n_features))
    X *= 10.0 ** rng.uniform(-3, 3, n_features)
    if n_features > 1:
        X[:, -1] = X[:, 0] + 10.0 ** rng.uniform(-6, 0) * X[:, -1]
    return X.T @ X, rng.standard_normal(n_features)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_lapack_cholesky_solve_and_condition_match_numpy(seed):
    from solvers.linear import _cholesky, _cholesky_solve, gram_condition_estimate

    gram, b = _spd_system(seed)
    true = np.linalg.cond(gram, 1)
    factor, condition = _cholesky(gram.copy(), overwrite=True)
    if factor is None or not true < 1e13:  # past that, rounding decides
        return
    rebuilt = np.tril(factor) @ np.tril(factor).T  # backward stable: normwise
    assert np.linalg.norm(rebuilt - gram) <= 1e-13 * len(gram) * np.linalg.norm(gram)
    expected = np.linalg.solve(gram, b)
    gap = np.linalg.norm(_cholesky_solve(factor, b) - expected)
    assert gap <= 1e3 * true * np.finfo(float).eps * np.linalg.norm(expected)
    assert true / 10 <= condition <= true * 1.01
    assert gram_condition_estimate(gram) == condition


@pytest.mark.parametrize(
    "gram",
    [np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([[np.inf, 0.0], [0.0, 1.0]])],
    ids=["indefinite", "overflowed"],
)
def test_condition_estimate_is_infinite_where_cholesky_fails(gram):
    from solvers.linear import gram_condition_estimate

    assert gram_condition_estimate(gram) == np.inf


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gram_follows_from_the_centred_one(fit_intercept):
    """XᵀX of the design, derived in O(p²) from the centred Gram matrix, matches
    the product itself even where the columns sit far from zero."""
    rng = np.random.default_rng(3)
    X = 1e4 + rng.standard_normal((60, 5)) * 10.0 ** np.arange(5)
    y = rng.standard_normal(60)
    fit = ridge(X, y, 2.0, fit_intercept=fit_intercept)
    design = np.column_stack([np.ones(60), X]) if fit_intercept else X
    penalty = np.diag([0.0] * fit_intercept + [2.0] * 5)
    assert_allclose(fit.gram, design.T @ design + penalty, rtol=1e-12)
    assert_allclose(fit.design, design)
    scaled_gram = fit.scaled.T @ fit.scaled
    assert fit.scaled_condition_number == pytest.approx(
        np.linalg.cond(scaled_gram), rel=1e-6
    )


def test_the_lapack_the_solve_uses_is_limited_with_numpys_blas():
    """threadpoolctl limits only the BLAS libraries already loaded, and scipy's
    wheel ships an OpenBLAS of its own: `solvers.linear` imports it at module
    level, so it is loaded before ui/frame/navigation.py limits the server's threads."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from solvers import linear, timing

    assert linear.lapack.__name__ == "scipy.linalg.lapack"
    with threadpoolctl.threadpool_limits(2), timing.limit_blas_threads(1):
        pools = threadpoolctl.threadpool_info()
        assert all(p["num_threads"] == 1 for p in pools if p["user_api"] == "blas")
