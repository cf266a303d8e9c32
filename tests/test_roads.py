"""Which road, when (solvers.roads): the data has the κ asked for, every road
stops at its first weights within ε of lstsq's, the iterative roads keep their
theoretical rates, and the crossover and extrapolation maths give known answers
on synthetic timings."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from solvers import roads


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    p=st.integers(2, 40),
    extra=st.integers(1, 60),
    kappa=st.sampled_from([1.0, 7.0, 100.0, 1e4]),
)
def test_generated_data_has_the_condition_number_asked_for(seed, p, extra, kappa):
    problem = roads.conditioned_problem(p + extra, p, kappa, random_state=seed)
    hessian = problem.X.T @ problem.X / (p + extra)
    curvatures = np.linalg.eigvalsh(hessian)
    assert_allclose(curvatures.max() / curvatures.min(), kappa, rtol=1e-8)
    assert_allclose(np.sort(curvatures), np.sort(problem.curvatures), rtol=1e-8)
    assert problem.condition_number == pytest.approx(kappa)


def test_same_seed_same_data_and_other_seeds_differ():
    a = roads.conditioned_problem(60, 20, 100, random_state=3)
    b = roads.conditioned_problem(60, 20, 100, random_state=3)
    c = roads.conditioned_problem(60, 20, 100, random_state=4)
    assert_allclose(a.X, b.X, rtol=0, atol=0)
    assert not np.allclose(a.X, c.X)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((20, 20, 10.0), "n_samples must exceed"),
        ((40, 20, 0.5), "condition_number"),
        ((40, 20, math.inf), "condition_number"),
        ((40, 0, 10.0), "n_features"),
    ],
)
def test_bad_problem_settings_are_refused(args, match):
    with pytest.raises(ValueError, match=match):
        roads.conditioned_problem(*args)


def _errors(road, problem, reference, steps):
    """Relative error after each of `steps` steps, recomputed from the iterates."""
    iterates = roads._iterates(
        road, problem.X, problem.y, roads.tuning(problem.curvatures), 0
    )
    scale = np.linalg.norm(reference)
    return [np.linalg.norm(next(iterates) - reference) / scale for _ in range(steps)]


@pytest.mark.parametrize("road", ["conjugate_gradient", "gradient_descent", "momentum"])
@pytest.mark.parametrize("epsilon", roads.ACCURACIES)
def test_iterative_roads_stop_at_the_first_step_within_epsilon(road, epsilon):
    problem = roads.conditioned_problem(120, 40, 100.0, random_state=1)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    run = roads.time_to_accuracy(
        road, problem, reference, epsilon=epsilon, seconds_allowed=30
    )
    assert run.status == "reached"
    errors = _errors(road, problem, reference, run.steps)
    assert errors[-1] <= epsilon < min(errors[:-1], default=math.inf)
    assert run.relative_error == pytest.approx(errors[-1])


def test_direct_roads_land_on_lstsq():
    problem = roads.conditioned_problem(200, 50, 1e4, random_state=2)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    for road in ("normal_equation", "lstsq"):
        run = roads.time_to_accuracy(
            road, problem, reference, epsilon=1e-6, seconds_allowed=1
        )
        assert run.status == "reached" and run.steps == 1
        assert run.relative_error < 1e-9
        assert run.seconds > 0 and run.projected_seconds == run.seconds


def test_conjugate_gradient_reaches_the_answer_within_p_steps():
    # Well conditioned and small: exact arithmetic needs at most p steps.
    problem = roads.conditioned_problem(80, 12, 10.0, random_state=5)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    errors = _errors("conjugate_gradient", problem, reference, 13)
    assert errors[11] < 1e-10


def test_rates_follow_theory_and_momentum_needs_far_fewer_steps_at_kappa_400():
    problem = roads.conditioned_problem(300, 100, 400.0, random_state=0)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    steps = {
        road: roads.time_to_accuracy(
            road, problem, reference, epsilon=1e-6, seconds_allowed=30
        ).steps
        for road in ("gradient_descent", "momentum", "conjugate_gradient")
    }
    # Gradient descent's bound is strict (each direction shrinks by at most
    # (κ − 1)/(κ + 1) a step) and near-tight on this spread-out spectrum; heavy
    # ball's double root adds a factor t to r^t, and CG's bound holds in XᵀX's
    # norm, so theirs are estimates.
    bound = roads.theoretical_steps("gradient_descent", 400.0, 1e-6)
    assert 0.7 * bound <= steps["gradient_descent"] <= bound
    for road in ("momentum", "conjugate_gradient"):
        estimate = roads.theoretical_steps(road, 400.0, 1e-6)
        assert 0.5 * estimate <= steps[road] <= 1.5 * estimate, (road, steps)
    assert steps["momentum"] * 5 <= steps["gradient_descent"]
    assert steps["conjugate_gradient"] * 5 <= steps["gradient_descent"]


def test_out_of_time_projects_from_the_measured_rate():
    problem = roads.conditioned_problem(400, 100, 1e4, random_state=0)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    run = roads.time_to_accuracy(
        "gradient_descent", problem, reference, epsilon=1e-6, seconds_allowed=0.02
    )
    assert run.status == "out_of_time" and 1e-6 < run.relative_error < 1
    assert run.projected_seconds > run.seconds
    # 0.5 after 10 steps in 1 s: 10⁻⁶ needs 10·ln(10⁻⁶)/ln(0.5) ≈ 199.3 steps
    # of 0.1 s.
    assert roads.projected_seconds(1.0, 10, 0.5, 1e-6) == pytest.approx(
        10 * math.log(1e-6) / math.log(0.5) * 0.1
    )
    assert math.isnan(roads.projected_seconds(1.0, 10, 1.5, 1e-6))


def test_sgd_replays_its_path_from_the_same_seed():
    problem = roads.conditioned_problem(200, 10, 10.0, random_state=0)
    tuned = roads.tuning(problem.curvatures)
    first = roads._iterates("sgd", problem.X, problem.y, tuned, 0)
    again = roads._iterates("sgd", problem.X, problem.y, tuned, 0)
    other = roads._iterates("sgd", problem.X, problem.y, tuned, 1)
    for _ in range(3):
        a, b, c = next(first), next(again), next(other)
        assert_allclose(a, b, rtol=0, atol=0)
    assert not np.allclose(a, c)


def test_sgd_with_a_decaying_step_closes_in_on_the_answer():
    problem = roads.conditioned_problem(400, 5, 4.0, random_state=0)
    reference = np.linalg.lstsq(problem.X, problem.y)[0]
    errors = _errors("sgd", problem, reference, 200)
    assert errors[-1] < 0.1 * errors[4]


@pytest.mark.parametrize(
    ("sizes", "kind"),
    [((100, 300, 3000, 10000), "measured"), ((10, 20, 40, 80), "extrapolated")],
)
def test_crossover_of_p_squared_and_p_cubed_is_where_they_are_equal(sizes, kind):
    # 1e-6·p² = 1e-9·p³ at p = 1000.
    p = np.array(sizes, dtype=float)
    found = roads.crossover("conjugate_gradient", p, 1e-6 * p**2, 1e-9 * p**3)
    assert found.kind == kind
    assert found.n_features == pytest.approx(1000, rel=1e-9)


def test_crossover_always_and_never():
    p = np.array([10.0, 20, 40])
    assert roads.crossover("sgd", p, p, 2 * p).kind == "always"
    never = roads.crossover("sgd", p, 2 * p**3, p**2)
    assert never.kind == "never" and math.isnan(never.n_features)
    # Lines that would cross only far beyond the sizes measured: not reported.
    far = roads.EXTRAPOLATION_REACH * 40 * 10
    slow = roads.crossover("sgd", p, far * p**2, p**3)
    assert slow.kind == "never" and math.isnan(slow.n_features)


def test_power_law_recovers_factor_and_exponent_from_the_larger_sizes():
    p = np.array([10.0, 20, 40, 80, 160])
    seconds = 3e-9 * p**2.5
    seconds[0] = 1.0  # a fixed cost at the smallest size is left out
    fit = roads.power_law(p, seconds)
    assert fit.exponent == pytest.approx(2.5) and fit.factor == pytest.approx(3e-9)
    assert fit(1e4) == pytest.approx(3e-9 * 1e10)


def test_one_pass_gram_equals_the_whole_products():
    chunks = list(roads.generated_chunks(2500, 7, 1000, random_state=3))
    gram, moment, n_samples = roads.one_pass_gram(chunks)
    X = np.vstack([c[0] for c in chunks])
    y = np.concatenate([c[1] for c in chunks])
    assert n_samples == 2500 and len(chunks) == 3
    assert_allclose(gram, X.T @ X, rtol=1e-12)
    assert_allclose(moment, X.T @ y, rtol=1e-12)


def test_race_measures_every_road_at_every_size_and_stops_when_asked():
    result = roads.race(
        [20, 40], condition_number=100.0, epsilon=1e-3, seconds_per_run=0.2
    )
    assert {(r.road, r.n_features) for r in result.runs} == {
        (road, p) for road in roads.ROADS for p in (20, 40)
    }
    assert len(result.records()) == 12
    reported = []
    one = roads.race(
        [20],
        condition_number=1.0,
        epsilon=1e-3,
        roads=("normal_equation", "gradient_descent"),
        progress=lambda fraction, run: reported.append((fraction, run)),
    )
    assert reported == [(0.5, one.runs[0]), (1.0, one.runs[1])]
    calls = iter([False, False, True])
    stopped = roads.race(
        [20, 40],
        condition_number=1.0,
        epsilon=1e-3,
        roads=("normal_equation", "gradient_descent"),
        should_stop=lambda: next(calls),
    )
    assert stopped.stopped and len(stopped.runs) == 2


def test_the_estimate_bounds_the_iterative_roads_by_their_share():
    common = {"condition_number": 1e4, "epsilon": 1e-6, "seconds_per_run": 2.0}
    small = roads.estimated_seconds([100], **common)
    assert small <= 2.0 * 4 + 1
    assert roads.estimated_seconds([3000], **common) > small
