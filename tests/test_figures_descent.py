"""How a descent run ended, in the words a student reads (`describe_outcome`): one
sentence per status, with the run's own numbers."""

import pytest

from figures.descent import describe_outcome, describe_status
from solvers import conjugate_gradient, gradient_descent, make_dataset, newton
from ui.descent.geometry import outcome


@pytest.fixture(scope="module")
def data():
    return make_dataset("well_conditioned", n_samples=100, n_features=2, random_state=0)


@pytest.fixture(scope="module")
def limit(data):
    return gradient_descent(data.X, data.y, max_iter=1).stability_limit


def test_a_converged_run_counts_its_iterations(data):
    run = gradient_descent(data.X, data.y, standardize=True, max_iter=5000)
    assert run.status == "converged"
    assert describe_outcome(run) == f"Converged after {run.n_iter} iterations."


def test_a_diverged_run_names_the_limit_and_a_safe_step(data, limit):
    run = gradient_descent(data.X, data.y, learning_rate=1.5 * limit, max_iter=500)
    assert run.status == "diverged"
    text = describe_outcome(run)
    assert text.startswith(f"Diverged after {run.n_iter} iterations")
    assert f"stability limit 2/μ_max = {limit:.3g}" in text
    assert "a run stops once J has grown 10⁸-fold" in text  # why so few steps
    assert text.endswith(f"Try η ≤ {limit / 2:.3g}, half the limit.")


@pytest.mark.parametrize(("momentum", "formula"), [(0.0, "2/μ_max"), (0.9, "2(1+β)")])
def test_the_limit_is_told_with_its_formula(data, momentum, formula):
    run = gradient_descent(
        data.X, data.y, momentum=momentum, learning_rate=10.0, max_iter=200
    )
    assert run.status == "diverged"
    assert f"{formula}" in describe_outcome(run)


def test_a_step_at_the_limit_is_called_unstable_never_too_small(data, limit):
    run = gradient_descent(data.X, data.y, learning_rate=1.01 * limit, max_iter=30)
    assert run.status == "max_iter"
    text = describe_outcome(run)
    assert text.startswith("Unstable")
    assert "raise η" not in text


def test_a_slow_run_is_told_to_take_more_steps_or_a_larger_step(data, limit):
    run = gradient_descent(data.X, data.y, learning_rate=1e-4, max_iter=10)
    assert run.status == "max_iter"
    text = describe_outcome(run)
    assert text.startswith("Not converged yet: stopped at the 10-iteration limit.")
    assert f"raise η (it stays stable below 2/μ_max = {limit:.3g})" in text


@pytest.mark.parametrize("standardize", [False, True])
def test_a_slow_run_near_the_limit_is_not_told_to_raise_eta(standardize):
    """At 95% of the limit on a badly scaled valley, longer steps are no remedy:
    the message says why, and offers standardizing only to raw features."""
    data = make_dataset("badly_scaled", n_samples=100, n_features=2, random_state=0)
    limit = gradient_descent(
        data.X, data.y, max_iter=1, standardize=standardize
    ).stability_limit
    run = gradient_descent(
        data.X, data.y, learning_rate=0.95 * limit, max_iter=40, standardize=standardize
    )
    assert run.status == "max_iter"
    for text in (describe_outcome(run), outcome(run)):
        assert text.startswith("Not converged yet: stopped at the 40-")
        assert "raise η" not in text
        assert f"is already 95% of the stability limit 2/μ_max = {limit:.3g}" in text
        assert ("standardize the features" in text) == (not standardize)
    standardizing = " or standardize the features so that one learning rate suits"
    expected = "." if standardize else standardizing + " every direction."
    assert outcome(run).endswith("Allow more steps" + expected)


def test_mini_batches_are_told_to_jitter(data):
    run = gradient_descent(
        data.X, data.y, batch_size=20, learning_rate=0.05, max_iter=300
    )
    assert run.status == "max_iter"
    assert "Mini-batch steps keep jittering" in describe_outcome(run)


def test_newton_and_conjugate_gradient_reach_w_star(data):
    assert describe_outcome(newton(data.X, data.y)) == (
        "Newton's step reached w* after 1 iteration."
    )
    run = conjugate_gradient(data.X, data.y)
    assert describe_outcome(run) == (
        f"Conjugate gradient reached w* after {run.n_iter} iterations."
    )


def test_conjugate_gradient_out_of_steps_blames_rounding():
    data = make_dataset("collinear", n_samples=100, n_features=6, random_state=0)
    run = conjugate_gradient(data.X, data.y, max_iter=2)
    assert run.status == "max_iter"
    assert describe_outcome(run).startswith(
        "Conjugate gradient stopped at the 2-iteration limit: rounding"
    )


def test_every_status_a_run_can_end_in_has_words(data, limit):
    """No solver status reaches the page as it is ("max_iter")."""
    ends = {
        gradient_descent(data.X, data.y, learning_rate=rate, max_iter=steps).status
        for rate, steps in ((0.5 * limit, 5000), (0.01 * limit, 3), (3 * limit, 500))
    }
    assert ends == {"converged", "max_iter", "diverged"}
    words = {status: describe_status(status) for status in ends}
    assert words["converged"] == "reached w*"
    assert all("_" not in text for text in words.values())
    assert len(set(words.values())) == 3
