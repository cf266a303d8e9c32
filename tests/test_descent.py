"""Gradient descent reaches the closed-form weights (scikit-learn is the oracle)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression, Ridge

from solvers import Standardization, gradient_descent, make_dataset
from solvers.descent import (
    convergence_factor,
    descent_quadratic,
    hessian_eigen,
    steps_to_converge,
)


def _relative_error(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


def _oracle(X, y, lam):
    model = LinearRegression() if lam == 0 else Ridge(alpha=lam)
    model.fit(X, y)
    return np.concatenate([[model.intercept_], model.coef_])


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("lam", [0.0, 5.0])
@pytest.mark.parametrize("momentum", [0.0, 0.8])
@pytest.mark.parametrize("n_features", [1, 2, 8])
def test_reaches_the_closed_form(standardize, lam, momentum, n_features):
    data = make_dataset(
        "well_conditioned",
        n_samples=150,
        n_features=n_features,
        bias=4.0,
        random_state=3,
    )
    result = gradient_descent(
        data.X,
        data.y,
        lam=lam,
        standardize=standardize,
        momentum=momentum,
        max_iter=20000,
    )
    assert result.status == "converged"
    assert _relative_error(result.weights, _oracle(data.X, data.y, lam)) <= 1e-6


def test_standardizing_cures_a_badly_scaled_feature():
    data = make_dataset("badly_scaled", n_samples=200, n_features=2, random_state=0)
    raw = gradient_descent(data.X, data.y, max_iter=2000)
    scaled = gradient_descent(data.X, data.y, standardize=True, max_iter=2000)
    assert raw.status == "max_iter"
    assert scaled.status == "converged"
    assert _relative_error(scaled.weights, _oracle(data.X, data.y, 0)) <= 1e-6


def test_too_large_a_step_diverges():
    data = make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)
    probe = gradient_descent(data.X, data.y, max_iter=1)
    result = gradient_descent(
        data.X, data.y, learning_rate=1.5 * probe.stability_limit, max_iter=500
    )
    assert result.status == "diverged"
    assert result.learning_rate > result.stability_limit
    assert result.n_iter < 500
    assert result.cost_history[-1] > 1e6 * result.cost_history[0] or not np.isfinite(
        result.cost_history[-1]
    )


def test_a_step_just_below_the_limit_still_converges():
    data = make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)
    limit = gradient_descent(data.X, data.y, max_iter=1).stability_limit
    result = gradient_descent(data.X, data.y, learning_rate=0.95 * limit, max_iter=5000)
    assert result.status == "converged"


def test_stability_limit_is_two_over_the_largest_curvature():
    data = make_dataset("well_conditioned", n_samples=100, n_features=3, random_state=0)
    design = np.column_stack([np.ones(100), data.X])
    largest = np.linalg.eigvalsh(design.T @ design / 100)[-1]
    result = gradient_descent(data.X, data.y, max_iter=1)
    assert result.stability_limit == pytest.approx(2 / largest, rel=1e-10)
    assert result.learning_rate == pytest.approx(1 / largest, rel=1e-10)


def test_tol_zero_takes_exactly_max_iter_steps():
    # The gradient may reach exactly 0.0 on one BLAS build and not on another:
    # with tol=0 the number of steps must not depend on that last bit.
    data = make_dataset("well_conditioned", n_samples=60, n_features=2, random_state=0)
    result = gradient_descent(data.X, data.y, max_iter=200, tol=0.0)
    assert result.n_iter == 200
    assert result.status in ("converged", "max_iter")
    assert (result.status == "converged") == (result.grad_norm_history[-1] == 0)
    # Started at an exact stationary point, it still takes every step, in place.
    X = np.array([[0.0], [1.0], [2.0]])
    y = 2.0 * X[:, 0] + 1.0
    exact = gradient_descent(X, y, init=np.array([1.0, 2.0]), max_iter=7, tol=0.0)
    assert exact.n_iter == 7
    assert exact.status == "converged"
    assert_allclose(exact.weights_history, np.tile([1.0, 2.0], (8, 1)))


def test_histories_are_consistent():
    data = make_dataset("well_conditioned", n_samples=60, n_features=2, random_state=0)
    result = gradient_descent(data.X, data.y, max_iter=50, tol=0.0)
    assert result.n_iter == 50
    assert result.weights_history.shape == (51, 3)
    assert result.cost_history.shape == result.grad_norm_history.shape == (51,)
    design = np.column_stack([np.ones(60), data.X])
    residual = data.y - design @ result.weights_history[10]
    assert result.cost_history[10] == pytest.approx(residual @ residual / 120)
    assert np.all(np.diff(result.cost_history) <= 1e-9)  # full batch, η = 1/L


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    n_samples=st.integers(2, 40),
    n_features=st.integers(1, 4),
    lam=st.sampled_from([0.0, 0.3, 5.0]),
    momentum=st.sampled_from([0.0, 0.5, 0.9]),
    standardize=st.booleans(),
)
def test_every_step_is_the_textbook_recurrence_and_its_cost(
    seed, n_samples, n_features, lam, momentum, standardize
):
    """The path is heavy ball's v ← βv − η∇J(w), w ← w + v written out here with
    the gradient straight from its definition, and each step's cost is
    (‖y − Dw‖² + λ‖coef‖²)/2n in original units: the solver's shortcuts (the
    gradient it sends back to the iterates, the cost through DᵀD) change nothing."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) * rng.uniform(0.5, 3, n_features)
    y = X @ rng.normal(size=n_features) + rng.normal(size=n_samples)
    run = gradient_descent(
        X, y, max_iter=30, tol=0.0, lam=lam, momentum=momentum, standardize=standardize
    )
    design = np.column_stack([np.ones(n_samples), X])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    working = (
        np.column_stack([np.ones(n_samples), (X - mean) / scale])
        if standardize
        else design
    )
    # λ on the original coefficients is λ/s² on the standardized ones
    penalty = np.r_[0.0, np.full(n_features, lam) / (scale**2 if standardize else 1)]

    def gradient(w):
        return (working.T @ (working @ w - y) + penalty * w) / n_samples

    def original(w):
        return np.r_[w[0] - w[1:] @ (mean / scale), w[1:] / scale] if standardize else w

    w, velocity = np.zeros(n_features + 1), np.zeros(n_features + 1)
    expected = [w]
    for _ in range(run.n_iter):
        velocity = momentum * velocity - run.learning_rate * gradient(w)
        w = w + velocity
        expected.append(w)
    weights = np.array([original(w) for w in expected])
    finite = np.all(np.isfinite(weights), axis=1)
    scale_of = np.abs(weights[finite]).max(initial=1.0)
    assert_allclose(
        run.weights_history[finite], weights[finite], rtol=1e-9, atol=1e-9 * scale_of
    )
    residuals = y[:, None] - design @ run.weights_history[finite].T
    costs = (
        (residuals**2).sum(axis=0)
        + lam * (run.weights_history[finite, 1:] ** 2).sum(axis=1)
    ) / (2 * n_samples)
    assert_allclose(run.cost_history[finite], costs, rtol=1e-7, atol=1e-9 * costs[0])


def test_start_point_is_respected():
    data = make_dataset("well_conditioned", n_samples=60, n_features=2, random_state=0)
    start = np.array([1.0, -2.0, 3.0])
    result = gradient_descent(data.X, data.y, init=start, standardize=True, max_iter=5)
    assert_allclose(result.weights_history[0], start)


def test_mini_batches_get_close_but_jitter():
    data = make_dataset(
        "well_conditioned", n_samples=200, n_features=2, noise=1.0, random_state=0
    )
    result = gradient_descent(
        data.X, data.y, batch_size=20, learning_rate=0.05, max_iter=3000
    )
    assert result.status == "max_iter"
    assert result.minibatch
    assert _relative_error(result.weights, _oracle(data.X, data.y, 0)) < 0.05


def test_mini_batches_are_reproducible():
    data = make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)
    a = gradient_descent(data.X, data.y, batch_size=10, max_iter=100, random_state=5)
    b = gradient_descent(data.X, data.y, batch_size=10, max_iter=100, random_state=5)
    assert_allclose(a.weights_history, b.weights_history)


def test_p_greater_than_n_uses_the_direct_gradient_and_converges():
    data = make_dataset("wide", n_features=20, random_state=0)
    result = gradient_descent(data.X, data.y, max_iter=20000, tol=1e-12)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    # From zero, descent stays in the row space: it finds the minimum-norm solution.
    expected = np.linalg.lstsq(design, data.y, rcond=None)[0]
    assert _relative_error(result.weights, expected) <= 1e-6


def test_without_intercept():
    data = make_dataset("well_conditioned", n_samples=80, n_features=3, random_state=2)
    result = gradient_descent(
        data.X, data.y, fit_intercept=False, standardize=True, max_iter=5000
    )
    expected = np.linalg.lstsq(data.X, data.y, rcond=None)[0]
    assert result.intercept == 0.0
    assert _relative_error(result.coef, expected) <= 1e-6


def test_standardization_maps_round_trip():
    rng = np.random.default_rng(0)
    X = rng.normal(3.0, [1.0, 100.0], size=(50, 2))
    scaling = Standardization.fit(X)
    weights = rng.normal(size=(4, 3))
    assert_allclose(scaling.to_original(scaling.to_standardized(weights)), weights)
    design = np.column_stack([np.ones(50), X])
    scaled = np.column_stack([np.ones(50), scaling.transform(X)])
    assert_allclose(scaled @ scaling.to_standardized(weights).T, design @ weights.T)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": -1.0}, "learning_rate"),
        ({"learning_rate": np.nan}, "learning_rate"),
        ({"max_iter": 0}, "max_iter"),
        ({"momentum": 1.0}, "momentum"),
        ({"batch_size": 0}, "batch_size"),
        ({"lam": -2.0}, "lam"),
        ({"init": np.zeros(7)}, "init must hold 3"),
    ],
)
def test_bad_options_are_named(kwargs, message):
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=message):
        gradient_descent(X, X[:, 0], **kwargs)


def test_a_step_at_the_limit_grows_before_it_blows_up():
    data = make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)
    limit = gradient_descent(data.X, data.y, max_iter=1).stability_limit
    result = gradient_descent(data.X, data.y, learning_rate=1.01 * limit, max_iter=30)
    assert result.status == "max_iter"  # growing, but not yet blown up
    assert result.learning_rate >= result.stability_limit
    assert result.cost_history[-1] > result.cost_history.min()  # growing again


@pytest.mark.parametrize(("momentum", "formula"), [(0.0, "2/μ_max"), (0.9, "2(1+β)")])
def test_the_stability_limit_is_labelled_with_its_formula(momentum, formula):
    data = make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)
    result = gradient_descent(
        data.X, data.y, momentum=momentum, learning_rate=10.0, max_iter=200
    )
    assert result.status == "diverged"
    assert result.stability_formula.startswith(formula)
    assert result.stability_limit == pytest.approx(
        2 * (1 + momentum) / result.max_curvature
    )


# ------------------------------------------- convergence factor and steps per η


@settings(max_examples=60, deadline=None)
@given(
    eigenvalues=st.lists(st.floats(1e-3, 1e3), min_size=1, max_size=6),
    share=st.floats(0.01, 0.99),
    momentum=st.floats(0.0, 0.95),
)
def test_convergence_factor_is_the_spectral_radius_of_the_step(
    eigenvalues, share, momentum
):
    # Heavy ball along an eigenvector of curvature μ: (eₜ₊₁, eₜ) = M (eₜ, eₜ₋₁) with
    # M = [[1 + β − ημ, −β], [1, 0]]; the factor is the largest |eigenvalue| of M.
    mu = np.array(eigenvalues)
    learning_rate = share * 2 * (1 + momentum) / mu.max()
    radius = max(
        np.abs(
            np.linalg.eigvals([[1 + momentum - learning_rate * m, -momentum], [1, 0]])
        ).max()
        for m in mu
    )
    (factor,) = convergence_factor(mu, np.array([learning_rate]), momentum)
    assert factor == pytest.approx(radius, rel=1e-9)
    assert factor < 1  # below the stability limit every η converges


@settings(max_examples=60, deadline=None)
@given(
    eigenvalues=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=5),
    share=st.floats(0.02, 0.98),
)
def test_steps_to_converge_counts_the_steps_plain_descent_takes(eigenvalues, share):
    mu = np.array(eigenvalues)
    learning_rate = share * 2 / mu.max()
    (steps,) = steps_to_converge(mu, np.array([learning_rate]), reduction=1e-3)
    # Every error eᵢ shrinks by |1 − ημᵢ| a step, from 1.
    error, t = np.ones_like(mu), 0
    while error.max() > 1e-3 and t < 10**6:
        error, t = error * np.abs(1 - learning_rate * mu), t + 1
    assert abs(steps - t) <= 1  # the same count, up to rounding at the boundary


def test_steps_to_converge_is_infinite_at_and_above_the_limit():
    mu = np.array([1.0, 4.0])
    limit = 2 / mu.max()
    steps = steps_to_converge(mu, np.array([0.999 * limit, limit, 1.5 * limit]))
    assert np.isfinite(steps[0]) and np.isinf(steps[1:]).all()


def test_hessian_eigen_rebuilds_the_hessian():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((30, 4)) * [1, 10, 100, 0.1], rng.standard_normal(30)
    problem = descent_quadratic(X, y, lam=2.0)
    values, vectors = hessian_eigen(problem)
    hessian = (problem.gram + np.diag(problem.penalty)) / 30
    np.testing.assert_allclose(
        vectors @ np.diag(values) @ vectors.T, hessian, rtol=1e-12, atol=1e-10
    )
    run = gradient_descent(X, y, lam=2.0, max_iter=1)
    assert values[-1] == pytest.approx(run.max_curvature, rel=1e-12)
