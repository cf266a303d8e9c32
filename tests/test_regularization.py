"""Tests for solvers.regularization; the oracles are scikit-learn and numpy.lstsq."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression, Ridge

from solvers import make_dataset
from solvers.regularization import (
    UNSTABLE_CONDITION,
    judge_normal_equation,
    lambda_grid,
    penalized_surface,
    ridge_descent,
    ridge_or_min_norm,
    ridge_path,
)

LAMS = np.array([1e-3, 0.1, 1.0, 10.0, 1e3, 1e4])


def sklearn_weights(X, y, lam, *, penalize_intercept=False):
    """[intercept, coef…] from sklearn's Ridge; L = I as Ridge without intercept
    on [1, X], whose first coefficient is then the (penalized) intercept."""
    if penalize_intercept:
        design = np.column_stack([np.ones(len(X)), X])
        return Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(design, y).coef_
    model = Ridge(alpha=lam, solver="svd").fit(X, y)
    return np.concatenate([[model.intercept_], model.coef_])


@pytest.mark.parametrize(
    "preset", ["well_conditioned", "badly_scaled", "collinear", "duplicated", "wide"]
)
@pytest.mark.parametrize("n_features", [2, 5])
@pytest.mark.parametrize("penalize_intercept", [False, True])
def test_path_matches_sklearn_ridge(preset, n_features, penalize_intercept):
    data = make_dataset(preset, n_samples=40, n_features=n_features, random_state=3)
    path = ridge_path(data.X, data.y, LAMS, penalize_intercept=penalize_intercept)
    expected = np.array(
        [
            sklearn_weights(data.X, data.y, lam, penalize_intercept=penalize_intercept)
            for lam in LAMS
        ]
    )
    assert path.weights.shape == (len(LAMS), n_features + 1)
    scale = np.abs(expected).max()
    assert_allclose(path.weights, expected, rtol=0, atol=1e-7 * scale)
    assert path.solved.all()
    design = np.column_stack([np.ones(len(data.X)), data.X])
    mse = np.mean((data.y[:, None] - design @ expected.T) ** 2, axis=0)
    assert_allclose(path.mse, mse, rtol=1e-9)
    assert_allclose(path.coef, path.weights[:, 1:])
    assert_allclose(path.intercept, path.weights[:, 0])


@pytest.mark.parametrize(
    "preset", ["well_conditioned", "badly_scaled", "collinear", "duplicated", "wide"]
)
@pytest.mark.parametrize("penalize_intercept", [False, True])
def test_path_condition_numbers_match_numpy(preset, penalize_intercept):
    """cond(XᵀX + λL) along the path against numpy's cond of the matrix itself,
    through whichever route the path took (eigenvalues, SVD, closed form)."""
    data = make_dataset(preset, n_samples=40, n_features=5, random_state=3)
    lams = np.array([0.0, *LAMS, 1e8])
    path = ridge_path(data.X, data.y, lams, penalize_intercept=penalize_intercept)
    design = np.column_stack([np.ones(len(data.X)), data.X])
    diagonal = np.ones(design.shape[1])
    diagonal[0] = float(penalize_intercept)
    for lam, condition in zip(lams, path.condition_numbers, strict=True):
        augmented = np.vstack([design, np.diag(np.sqrt(lam * diagonal))])
        singular = np.linalg.svd(augmented, compute_uv=False)
        expected = (singular[0] / singular[-1]) ** 2 if singular[-1] else np.inf
        if expected > 1e14:  # singular to working precision: any huge value or ∞
            assert condition > 1e12
        else:
            assert condition == pytest.approx(expected, rel=1e-6), lam


@pytest.mark.parametrize("n_features", [1, 3, 10])
def test_lambda_zero_is_linear_regression(n_features):
    data = make_dataset(n_samples=60, n_features=n_features, random_state=1)
    path = ridge_path(data.X, data.y, np.array([0.0]))
    ols = LinearRegression().fit(data.X, data.y)
    assert_allclose(path.coef[0], ols.coef_, rtol=1e-10)
    assert_allclose(path.intercept[0], ols.intercept_, rtol=1e-10, atol=1e-10)
    assert_allclose(path.mse[0], np.mean((data.y - ols.predict(data.X)) ** 2))
    assert path.solved[0]


@pytest.mark.parametrize("preset", ["duplicated", "wide"])
def test_singular_lambda_zero_falls_back_to_min_norm(preset):
    data = make_dataset(preset, n_samples=30, n_features=4, random_state=0)
    path = ridge_path(data.X, data.y, np.array([0.0, 1.0]))
    design = np.column_stack([np.ones(len(data.X)), data.X])
    min_norm = np.linalg.lstsq(design, data.y, rcond=None)[0]
    assert_allclose(path.weights[0], min_norm, atol=1e-8 * np.abs(min_norm).max())
    assert path.solved.tolist() == [False, True]
    assert np.isinf(path.condition_numbers[0])
    assert np.isfinite(path.condition_numbers[1])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_samples=st.integers(3, 80),
    n_features=st.integers(1, 8),
    preset=st.sampled_from(["well_conditioned", "badly_scaled", "collinear"]),
    penalize_intercept=st.booleans(),
)
def test_penalized_norm_shrinks_as_lambda_grows(
    seed, n_samples, n_features, preset, penalize_intercept
):
    if preset == "collinear" and n_features < 2:
        n_features = 2
    data = make_dataset(
        preset, n_samples=n_samples, n_features=n_features, random_state=seed
    )
    path = ridge_path(
        data.X, data.y, lambda_grid(-3, 4, 4), penalize_intercept=penalize_intercept
    )
    # The penalty shrinks wᵀLw: the coefficients with L = diag(0, 1, …, 1), all
    # weights with L = I.
    shrunk = path.weights if penalize_intercept else path.coef
    norms = np.linalg.norm(shrunk, axis=1)
    assert np.all(np.diff(norms) <= 1e-9 * norms[0] + 1e-12)
    if not penalize_intercept:
        assert_allclose(path.coef_norms, norms)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_samples=st.integers(2, 80),
    n_features=st.integers(1, 8),
)
def test_condition_number_falls_with_lambda_when_l_is_identity(
    seed, n_samples, n_features
):
    data = make_dataset(n_samples=n_samples, n_features=n_features, random_state=seed)
    path = ridge_path(data.X, data.y, lambda_grid(-3, 4, 4), penalize_intercept=True)
    finite = path.condition_numbers[np.isfinite(path.condition_numbers)]
    assert np.all(np.diff(finite) <= 1e-9 * finite[:-1])


@pytest.mark.parametrize("preset", ["collinear", "duplicated"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_condition_number_falls_with_lambda_on_near_singular_data(preset, seed):
    data = make_dataset(preset, n_samples=50, n_features=3, random_state=seed)
    lams = np.concatenate([[0.0], np.logspace(-3, 0, 13)])
    path = ridge_path(data.X, data.y, lams)
    assert np.all(np.diff(path.condition_numbers) < 0)
    assert path.condition_numbers[0] > UNSTABLE_CONDITION
    assert path.condition_numbers[-1] < 1e3


def test_condition_number_of_l_with_zero_rises_again_for_huge_lambda():
    # λ lifts every eigenvalue but the intercept's, which the others outgrow.
    data = make_dataset(n_samples=100, n_features=3, random_state=0)
    path = ridge_path(data.X, data.y, np.array([1.0, 1e4]))
    assert path.condition_numbers[1] > path.condition_numbers[0]
    same = ridge_path(data.X, data.y, np.array([1.0, 1e4]), penalize_intercept=True)
    assert same.condition_numbers[1] < same.condition_numbers[0]


def test_best_conditioned_is_the_minimum():
    data = make_dataset("collinear", n_features=3, random_state=0)
    path = ridge_path(data.X, data.y, lambda_grid())
    lam, condition = path.best_conditioned
    k = np.argmin(path.condition_numbers)
    assert (lam, condition) == (path.lams[k], path.condition_numbers[k])


@pytest.mark.parametrize("penalize_intercept", [False, True])
@pytest.mark.parametrize("preset", ["well_conditioned", "badly_scaled", "duplicated"])
def test_descent_reaches_the_ridge_weights(preset, penalize_intercept):
    data = make_dataset(preset, n_samples=50, n_features=3, random_state=4, bias=20.0)
    result = ridge_descent(
        data.X,
        data.y,
        5.0,
        penalize_intercept=penalize_intercept,
        standardize=True,
        max_iter=5000,
    )
    expected = sklearn_weights(data.X, data.y, 5.0, penalize_intercept=True)
    if not penalize_intercept:
        expected = sklearn_weights(data.X, data.y, 5.0)
    assert result.status == "converged"
    assert_allclose(result.weights, expected, rtol=1e-6, atol=1e-6)
    assert result.intercept == pytest.approx(expected[0], rel=1e-6)
    assert_allclose(result.coef, expected[1:], rtol=1e-6, atol=1e-6)
    assert result.weights_history.shape[1] == 4


def test_descent_rejects_its_own_intercept_options():
    data = make_dataset(random_state=0)
    with pytest.raises(ValueError, match="fit_intercept"):
        ridge_descent(data.X, data.y, 1.0, fit_intercept=False)


@pytest.mark.parametrize("penalize_intercept", [False, True])
@pytest.mark.parametrize("axes", [(0, 1), (1, 2)])
def test_penalized_surface_is_the_ridge_cost(penalize_intercept, axes):
    data = make_dataset("collinear", n_samples=40, n_features=2, random_state=0)
    lam = 3.0
    optimum = sklearn_weights(
        data.X, data.y, lam, penalize_intercept=penalize_intercept
    )
    path = ridge_path(
        data.X, data.y, lambda_grid(), penalize_intercept=penalize_intercept
    )
    surface = penalized_surface(
        data.X,
        data.y,
        lam,
        optimum,
        axes,
        penalize_intercept=penalize_intercept,
        path=path.weights,
    )
    design = np.column_stack([np.ones(len(data.X)), data.X])
    weights_penalized = np.ones(3) if penalize_intercept else np.array([0, 1, 1])
    i, j = 17, 63
    w = optimum.copy()
    w[axes[0]], w[axes[1]] = surface.grid_x[j], surface.grid_y[i]
    expected = (
        np.sum((data.y - design @ w) ** 2) + lam * np.sum(weights_penalized * w**2)
    ) / (2 * len(data.y))
    assert surface.cost[i, j] == pytest.approx(expected, rel=1e-9)
    # The grid frames the whole path over λ, from the unpenalized optimum to ~0.
    chosen = path.weights[:, list(axes)]
    assert (
        surface.grid_x[0]
        <= chosen[:, 0].min()
        <= chosen[:, 0].max()
        <= (surface.grid_x[-1])
    )
    assert (
        surface.grid_y[0]
        <= chosen[:, 1].min()
        <= chosen[:, 1].max()
        <= (surface.grid_y[-1])
    )


@pytest.mark.parametrize(
    ("preset", "status"),
    [
        ("well_conditioned", "fine"),
        ("collinear", "unstable"),
        ("duplicated", "singular"),
        ("badly_scaled", "fine"),  # a ×100 feature changes no prediction
    ],
)
def test_judge_normal_equation(preset, status):
    data = make_dataset(preset, n_features=2, random_state=0)
    fit, refusal = ridge_or_min_norm(data.X, data.y, 0.0)
    verdict = judge_normal_equation(fit, refused=refusal is not None)
    assert verdict.status == status
    assert (refusal is not None) == (status == "singular")
    assert verdict.condition == fit.scaled_condition_number


def test_any_positive_lambda_solves_the_duplicated_preset():
    data = make_dataset("duplicated", n_features=3, random_state=0)
    for lam in (1e-3, 1.0, 1e4):
        fit, refusal = ridge_or_min_norm(data.X, data.y, lam)
        assert refusal is None
        assert_allclose(fit.weights, sklearn_weights(data.X, data.y, lam), atol=1e-6)


def test_judge_wants_the_lambda_zero_fit():
    data = make_dataset(random_state=0)
    fit, refusal = ridge_or_min_norm(data.X, data.y, 1.0)
    with pytest.raises(ValueError, match="λ = 0"):
        judge_normal_equation(fit, refused=refusal is not None)


def test_lambda_grid():
    grid = lambda_grid(-3, 4, 15)
    assert grid[0] == 0
    assert grid[1] == pytest.approx(1e-3)
    assert grid[-1] == pytest.approx(1e4)
    assert len(grid) == 1 + 7 * 15 + 1
    assert np.all(np.diff(grid) > 0)
    with pytest.raises(ValueError, match="high > low"):
        lambda_grid(2, 1)


@pytest.mark.parametrize(
    ("lams", "match"),
    [
        (np.array([-1.0, 1.0]), "≥ 0"),
        (np.array([[1.0]]), "1-D"),
        (np.array([]), "non-empty"),
        (np.array([np.nan]), "finite"),
    ],
)
def test_path_rejects_bad_lambdas(lams, match):
    data = make_dataset(random_state=0)
    with pytest.raises(ValueError, match=match):
        ridge_path(data.X, data.y, lams)
