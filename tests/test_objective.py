"""The cost, its grid and the agreement measure, checked by direct computation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from solvers import (
    agreement,
    cost,
    cost_surface,
    distances,
    excess_cost,
    gradient_descent,
    make_dataset,
    ridge,
)


def _direct_cost(X, y, weights, lam):
    residual = y - weights[0] - X @ weights[1:]
    return (residual @ residual + lam * weights[1:] @ weights[1:]) / (2 * len(y))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_features=st.integers(1, 5),
    lam=st.sampled_from([0.0, 0.3, 10.0]),
)
def test_surface_equals_the_cost_at_every_grid_point(seed, n_features, lam):
    data = make_dataset(
        "well_conditioned", n_samples=40, n_features=n_features, random_state=seed
    )
    center = ridge(data.X, data.y, lam).weights
    axes = (0, 1)
    surface = cost_surface(data.X, data.y, center, axes, lam=lam, resolution=7)
    rows, cols = np.meshgrid(range(7), range(7), indexing="ij")
    for i, j in zip(rows.ravel(), cols.ravel(), strict=True):
        weights = center.copy()
        weights[0], weights[1] = surface.grid_x[j], surface.grid_y[i]
        expected = _direct_cost(data.X, data.y, weights, lam)
        assert surface.cost[i, j] == pytest.approx(expected, rel=1e-9)


def test_surface_window_is_square_and_holds_the_path():
    data = make_dataset("badly_scaled", n_samples=80, n_features=2, random_state=0)
    center = ridge(data.X, data.y, 0.0).weights
    path = gradient_descent(data.X, data.y, max_iter=200).weights_history
    surface = cost_surface(data.X, data.y, center, (1, 2), path=path)
    assert np.ptp(surface.grid_x) == pytest.approx(np.ptp(surface.grid_y))
    for k, grid in ((1, surface.grid_x), (2, surface.grid_y)):
        assert grid[0] < min(path[:, k].min(), center[k])
        assert grid[-1] > max(path[:, k].max(), center[k])


def test_surface_ignores_a_diverging_tail():
    data = make_dataset("well_conditioned", n_samples=80, n_features=2, random_state=0)
    center = ridge(data.X, data.y, 0.0).weights
    run = gradient_descent(data.X, data.y, learning_rate=5.0, max_iter=300)
    assert run.status == "diverged"
    surface = cost_surface(data.X, data.y, center, (1, 2), path=run.weights_history)
    assert np.isfinite(surface.cost).all()
    assert np.ptp(surface.grid_x) < 1e4


def test_surface_needs_two_axes():
    with pytest.raises(ValueError, match="two different"):
        cost_surface(np.ones((3, 1)), np.ones(3), np.zeros(2), (1, 1))


def test_cost_vectorizes_over_points():
    data = make_dataset("well_conditioned", n_samples=30, n_features=2, random_state=0)
    points = np.random.default_rng(0).normal(size=(5, 3))
    values = cost(data.X, data.y, points, lam=2.0)
    expected = [_direct_cost(data.X, data.y, w, 2.0) for w in points]
    assert_allclose(values, expected, rtol=1e-12)
    assert cost(data.X, data.y, points[0], lam=2.0) == pytest.approx(expected[0])


def test_excess_cost_is_the_cost_difference():
    data = make_dataset("well_conditioned", n_samples=30, n_features=2, random_state=0)
    fit = ridge(data.X, data.y, 1.5)
    points = fit.weights + np.random.default_rng(1).normal(size=(4, 3))
    gap = excess_cost(points, fit.weights, fit.gram / 30)
    direct = cost(data.X, data.y, points, lam=1.5) - cost(
        data.X, data.y, fit.weights, lam=1.5
    )
    assert_allclose(gap, direct, rtol=1e-9)


def test_agreement_counts_significant_digits():
    reference = np.array([100.0, -3.0])
    assert agreement(reference, reference).significant_digits == 15
    close = agreement(reference + np.array([1e-5, 0.0]), reference)
    assert close.significant_digits == 7
    assert close.agrees(6) and not close.agrees(8)
    assert agreement(np.array([np.nan, 0.0]), reference).significant_digits == 0


def test_agreement_is_that_of_the_worst_single_weight():
    # 1e-7 relative on the large weight, 1e-4 on the small one (the intercept):
    # dividing by the largest weight alone would claim 7 digits.
    reference = np.array([0.5, 1000.0])
    match = agreement(reference + np.array([5e-5, 1e-4]), reference)
    assert match.significant_digits == 4
    assert_allclose(match.rel_diff, [1e-4, 1e-7])
    # A weight that is truly 0 is measured against the vector's scale.
    zero = agreement(np.array([1e-9, 2.0]), np.array([0.0, 2.0]))
    assert zero.significant_digits == 9


def test_distances_are_euclidean():
    path = np.array([[3.0, 4.0], [0.0, 0.0]])
    assert_allclose(distances(path, np.zeros(2)), [5.0, 0.0])
