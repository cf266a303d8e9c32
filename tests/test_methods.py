"""Every road between the two: Newton's step and conjugate gradient against the
closed form's oracles (lstsq, scikit-learn's Ridge), heavy ball and Nesterov
against their theoretical rates on quadratics with a set spectrum, SGD's seed
replay and its noise ball around w*."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge

from solvers import conjugate_gradient, gradient_descent, newton
from solvers.descent import (
    best_settings,
    convergence_factor,
    steps_against_momentum,
    steps_to_converge,
)
from solvers.iterative import SampleOrder
from solvers.roads import conditioned_problem


def _oracle(X, y, lam, fit_intercept):
    """[intercept, coef…] (or [coef…]) from lstsq, or Ridge for λ > 0."""
    if lam == 0:
        design = np.column_stack([np.ones(len(y)), X]) if fit_intercept else X
        return np.linalg.lstsq(design, y)[0]
    model = Ridge(alpha=lam, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    coef = model.coef_
    return np.concatenate([[model.intercept_], coef]) if fit_intercept else coef


def _data(seed, n, p, scale):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * scale + rng.standard_normal(p)
    y = X @ rng.standard_normal(p) + rng.standard_normal(n) + 3.0
    return X, y


cases = st.tuples(
    st.integers(0, 2**31),
    st.integers(1, 12),
    st.integers(2, 40),
    st.sampled_from([1e-2, 1.0, 1e3]),
    st.sampled_from([0.0, 0.5, 10.0]),
    st.booleans(),
)


@settings(max_examples=25, deadline=None)
@given(case=cases)
def test_newton_lands_on_the_normal_equation_in_one_step_from_anywhere(case):
    seed, p, extra, scale, lam, fit_intercept = case
    X, y = _data(seed, p + extra + 1, p, scale)
    expected = _oracle(X, y, lam, fit_intercept)
    init = np.random.default_rng(seed + 1).standard_normal(expected.size) * 100
    run = newton(X, y, init=init, lam=lam, fit_intercept=fit_intercept)
    assert run.n_iter == 1 and run.method == "newton"
    assert_allclose(run.weights_history[0][-expected.size :], init)
    got = run.weights if fit_intercept else run.coef
    assert_allclose(got, expected, rtol=1e-7, atol=1e-7 * np.abs(expected).max())


@settings(max_examples=25, deadline=None)
@given(case=cases)
def test_conjugate_gradient_reaches_the_normal_equation(case):
    seed, p, extra, scale, lam, fit_intercept = case
    X, y = _data(seed, p + extra + 1, p, scale)
    expected = _oracle(X, y, lam, fit_intercept)
    run = conjugate_gradient(
        X, y, lam=lam, fit_intercept=fit_intercept, standardize=True, max_iter=500
    )
    assert run.status == "converged", run.n_iter
    got = run.weights if fit_intercept else run.coef
    assert_allclose(got, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("p", [2, 5, 20, 50])
def test_conjugate_gradient_needs_at_most_p_plus_one_steps_when_well_conditioned(
    p, fit_intercept
):
    problem = conditioned_problem(4 * p, p, 10.0, random_state=p)
    run = conjugate_gradient(problem.X, problem.y, fit_intercept=fit_intercept)
    n_params = p + fit_intercept
    expected = _oracle(problem.X, problem.y, 0.0, fit_intercept)
    # At most one step per parameter lands on w* (to rounding; the residual's
    # 10¹⁰-fold drop may take one more).
    assert run.status == "converged" and run.n_iter <= n_params + 1
    landed = run.weights_history[min(n_params, run.n_iter)][-expected.size :]
    assert_allclose(landed, expected, rtol=1e-8, atol=1e-8)


def test_conjugate_gradient_on_an_ill_conditioned_bowl_honestly_takes_longer():
    problem = conditioned_problem(400, 50, 1e8, random_state=0)
    run = conjugate_gradient(problem.X, problem.y, fit_intercept=False)
    assert run.status == "max_iter" and run.n_iter == 2 * 50
    longer = conjugate_gradient(
        problem.X, problem.y, fit_intercept=False, max_iter=2000
    )
    assert longer.status == "converged" and longer.n_iter > 100


def _steps(problem, **options):
    """Steps to shrink the gradient a millionfold with these options."""
    run = gradient_descent(
        problem.X,
        problem.y,
        fit_intercept=False,
        tol=1e-6,
        max_iter=20_000,
        **options,
    )
    assert run.status == "converged", run.n_iter
    return run.n_iter


@pytest.mark.parametrize("kappa", [25.0, 400.0])
def test_momentum_and_nesterov_keep_their_theoretical_rates(kappa):
    problem = conditioned_problem(600, 60, kappa, random_state=1)
    mu = problem.curvatures
    plain = best_settings(mu, "gradient_descent")
    heavy = best_settings(mu, "heavy_ball")
    ahead = best_settings(mu, "nesterov")
    # The factors theory gives, and the factor convergence_factor computes.
    root = np.sqrt(kappa)
    assert heavy.factor == pytest.approx((root - 1) / (root + 1))
    assert plain.factor == pytest.approx((kappa - 1) / (kappa + 1))
    for best, nesterov in ((plain, False), (heavy, False), (ahead, True)):
        computed = convergence_factor(
            mu, [best.learning_rate], best.momentum, nesterov
        )[0]
        assert computed == pytest.approx(best.factor, rel=1e-3)
    steps = {
        "plain": _steps(problem, learning_rate=plain.learning_rate),
        "heavy": _steps(
            problem, learning_rate=heavy.learning_rate, momentum=heavy.momentum
        ),
        "nesterov": _steps(
            problem,
            learning_rate=ahead.learning_rate,
            momentum=ahead.momentum,
            nesterov=True,
        ),
    }
    # Measured steps match the count the factor predicts (within the constant
    # of a double root and the start's mix of directions).
    for name, best, nesterov in (
        ("plain", plain, False),
        ("heavy", heavy, False),
        ("nesterov", ahead, True),
    ):
        predicted = steps_to_converge(
            mu, [best.learning_rate], best.momentum, 1e-6, nesterov
        )[0]
        assert 0.3 * predicted <= steps[name] <= 2.5 * predicted, (name, steps)
    if kappa == 400.0:
        assert 5 * steps["heavy"] <= steps["plain"]
        assert 5 * steps["nesterov"] <= steps["plain"]


def test_nesterov_stability_limit_is_where_it_stops_converging():
    problem = conditioned_problem(200, 10, 50.0, random_state=2)
    momentum = 0.5
    run = gradient_descent(
        problem.X, problem.y, fit_intercept=False, momentum=momentum, nesterov=True
    )
    limit = run.stability_limit
    assert limit == pytest.approx(
        2 * (1 + momentum) / ((1 + 2 * momentum) * 1.0), rel=1e-9
    )
    factors = convergence_factor(
        problem.curvatures, [0.99 * limit, 1.01 * limit], momentum, True
    )
    assert factors[0] < 1 < factors[1]


def test_sgd_replays_its_path_from_the_same_seed():
    X, y = _data(0, 300, 4, 1.0)
    options = {"batch_size": 8, "learning_rate": 0.05, "max_iter": 200, "tol": 0}
    a = gradient_descent(X, y, random_state=7, **options)
    b = gradient_descent(X, y, random_state=7, **options)
    c = gradient_descent(X, y, random_state=8, **options)
    assert_allclose(a.weights_history, b.weights_history, rtol=0, atol=0)
    assert not np.allclose(a.weights_history, c.weights_history)


def test_sgd_noise_ball_is_centred_on_w_star_and_a_decaying_step_shrinks_it():
    X, y = _data(3, 400, 3, 1.0)
    expected = _oracle(X, y, 0.0, True)
    options = {"batch_size": 10, "learning_rate": 0.1, "max_iter": 20_000, "tol": 0}
    constant = gradient_descent(X, y, **options)
    tail = constant.weights_history[4000:]
    spread = np.linalg.norm(tail - expected, axis=1)
    # The ball: it keeps wandering (a spread well above rounding) …
    assert spread.mean() > 1e-3
    # … around w*: its centre is much closer than its typical distance.
    assert np.linalg.norm(tail.mean(axis=0) - expected) < 0.3 * spread.mean()
    # 20,000 steps are 500 epochs, 25 decay times: η ends 26 times smaller.
    decaying = gradient_descent(X, y, schedule="decaying", **options)
    assert np.linalg.norm(decaying.weights - expected) < 0.5 * spread.mean()


def test_sample_order_is_a_permutation_and_depends_on_its_seed():
    first = SampleOrder(42).permutation(1000)
    assert sorted(first) == list(range(1000))
    assert not np.array_equal(first, SampleOrder(43).permutation(1000))
    order = SampleOrder(5)
    assert not np.array_equal(order.permutation(50), order.permutation(50))
    # Roughly uniform: each position's mean over many shuffles is near (n−1)/2.
    draws = SampleOrder(9)
    mean = np.mean([draws.permutation(8) for _ in range(4000)], axis=0)
    assert_allclose(mean, 3.5, atol=0.15)


@pytest.mark.parametrize(
    ("function", "options", "match"),
    [
        (newton, {"lam": -1.0}, "lam"),
        (newton, {"init": [1.0]}, "init"),
        (conjugate_gradient, {"max_iter": 0}, "max_iter"),
        (conjugate_gradient, {"tol": -1.0}, "tol"),
        (gradient_descent, {"schedule": "cosine"}, "schedule"),
    ],
)
def test_bad_options_are_refused_with_their_name(function, options, match):
    X, y = _data(0, 30, 3, 1.0)
    with pytest.raises(ValueError, match=match):
        function(X, y, **options)


def test_steps_against_momentum_bottom_out_at_the_theoretical_best_beta():
    problem = conditioned_problem(400, 20, 400.0, random_state=0)
    mu = problem.curvatures
    betas = np.linspace(0.0, 0.98, 50)
    steps, rates = steps_against_momentum(mu, betas)
    best = best_settings(mu, "heavy_ball")
    # No β beats the theory's best pair by more than the grid's resolution …
    floor = steps_to_converge(mu, [best.learning_rate], best.momentum)[0]
    assert steps.min() >= 0.9 * floor
    # … the curve's minimum sits near β*, and β = 0 is plain descent at its best.
    assert abs(betas[np.argmin(steps)] - best.momentum) < 0.05
    plain = best_settings(mu, "gradient_descent")
    assert steps[0] == pytest.approx(
        steps_to_converge(mu, [plain.learning_rate])[0], rel=0.02
    )
    assert (rates > 0).all()
