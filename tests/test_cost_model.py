"""Tests for the estimates of solvers.timing (what a benchmark will cost), its
slopes and speeds, and its concatenate_results (a run timed one
size at a time).

Nothing here asserts that anything is fast: the arithmetic is checked on synthetic
timings, and the real timings are only checked for their shape.
"""

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from solvers import timing
from solvers.timing import (
    ASSUMED_GFLOPS,
    CALL_OVERHEAD,
    OPERATIONS,
    SECONDS_PER_RANDOM_NUMBER,
    TimingResult,
    achieved_gflops,
    cheaper_alternatives,
    concatenate_results,
    feature_grid,
    fitted_slopes,
    flops,
    plan_benchmark,
    time_solvers,
)

LARGEST_OPTIONS = (100, 200, 500, 1000, 1500, 2000, 2500, 3000)

BUDGET = 30.0  # seconds, the app's budget (ui.timing.benchmark.TIME_BUDGET)


def synthetic(p, n, **seconds) -> TimingResult:
    """A TimingResult with chosen timings instead of measured ones."""
    seconds = {op: np.asarray(s, dtype=float) for op, s in seconds.items()}
    return TimingResult(np.asarray(p), np.asarray(n), seconds, 1, False)


def power_law(p, n, gflops: dict[str, float]) -> TimingResult:
    """Timings that are exactly flops / rate: every operation at a fixed speed."""
    p, n = np.asarray(p), np.asarray(n)
    return synthetic(
        p, n, **{op: flops(op, n, p) / (rate * 1e9) for op, rate in gflops.items()}
    )


# --- flop counts -----------------------------------------------------------------


def test_flop_counts_follow_the_textbook_formulas():
    n, p = 40.0, 10.0
    assert flops("gram", n, p) == 40 * 100 + 2 * 40 * 10  # syrk: one triangle
    assert flops("solve", n, p) == 2 * 1000 / 3 + 200
    assert flops("inv", n, p) == 2 * 1000 + 200
    assert flops("lstsq", n, p) == 4 * 40 * 100 + 8 * 1000
    assert flops("gd_step", n, p) == 4 * 40 * 10
    assert flops("solve", [20, 40], [10, 20]).shape == (2,)


def test_achieved_gflops_counts_an_lu_solve():
    # flops = 2p³/3 + 2p²: p=30 → 19 800, p=300 → 18 180 000, p=3000 → 1.8018e10.
    result = synthetic(
        [30, 300, 3000], [60, 600, 6000], solve=[9.9e-6, 0.01818, 4.5045]
    )
    assert_allclose(achieved_gflops(result, "solve"), [2.0, 1.0, 4.0], rtol=1e-12)


def test_unknown_operation_is_named():
    with pytest.raises(ValueError, match=r"operation must be one of .* got 'qr'"):
        flops("qr", 10, 5)


# --- the sizes and the estimate ----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    smallest=st.integers(1, 500),
    span=st.integers(0, 5000),
    count=st.integers(2, 12),
)
def test_grid_spans_the_range_in_ascending_distinct_sizes(smallest, span, count):
    largest = smallest + span
    grid = feature_grid(smallest, largest, count)
    assert grid[0] == smallest and grid[-1] == largest
    assert np.all(np.diff(grid) > 0)
    assert len(grid) <= count
    assert grid.dtype.kind == "i"


def test_grid_is_evenly_spaced_on_a_log_scale():
    grid = feature_grid(10, 10_000, 4)
    assert_array_equal(grid, [10, 100, 1000, 10_000])


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((500, 50, 4), r"smallest \(500\) must not exceed largest \(50\)"),
        ((0, 50, 4), "smallest must be a whole number ≥ 1"),
        ((10, 50.5, 4), "largest must be a whole number"),
        ((10, 50, 1), "count must be a whole number ≥ 2"),
    ],
)
def test_grid_rejects_bad_ranges(args, match):
    with pytest.raises(ValueError, match=match):
        feature_grid(*args)


def test_estimate_of_one_size_adds_up_the_model():
    plan = plan_benchmark(100, 100, 2, operations=("solve",), repeats=1)
    n, p = 200, 100
    calls = 2  # one warm-up and one timed run
    solve = calls * (flops("solve", n, p) / (ASSUMED_GFLOPS["solve"] * 1e9))
    solve += calls * CALL_OVERHEAD
    setup = (n * p + n) * SECONDS_PER_RANDOM_NUMBER
    setup += flops("gram", n, p) / (ASSUMED_GFLOPS["gram"] * 1e9)  # XᵀX for solve
    assert_allclose(plan.seconds_per_operation["solve"], solve, rtol=1e-12)
    assert_allclose(plan.seconds, solve + setup, rtol=1e-12)
    assert_array_equal(plan.feature_counts, [100])
    assert_array_equal(plan.n_samples, [200])


def test_rows_grow_with_p_or_stay_fixed():
    growing = plan_benchmark(10, 1000, 3, samples_per_feature=5)
    assert_array_equal(growing.n_samples, 5 * growing.feature_counts)
    fixed = plan_benchmark(10, 1000, 3, samples_per_feature=5, fixed_n_samples=True)
    assert_array_equal(fixed.n_samples, [5000, 5000, 5000])


def test_estimate_grows_with_p_repeats_and_operations():
    base = plan_benchmark(50, 1000, 6)
    assert plan_benchmark(50, 2000, 6).seconds > base.seconds
    assert plan_benchmark(50, 1000, 6, repeats=5).seconds > base.seconds
    without = plan_benchmark(50, 1000, 6, operations=("gram", "solve", "gd_step"))
    assert without.seconds < base.seconds
    assert set(without.seconds_per_operation) == {"gram", "solve", "gd_step"}
    # lstsq, an SVD of X, is the most expensive operation of the model.
    shares = base.seconds_per_operation
    assert max(shares, key=shares.get) == "lstsq"


def test_small_runs_are_affordable_and_huge_ones_are_not():
    assert plan_benchmark(10, 40, 3, repeats=1).fits(BUDGET)
    assert plan_benchmark(50, 1000, 6).fits(BUDGET)  # the page's default
    huge = plan_benchmark(50, 3000, 6)
    assert huge.seconds > BUDGET and not huge.fits(BUDGET)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"samples_per_feature": 10, "largest": 5000}, "X would hold 50000 × 5000"),
        ({"operations": ("solve", "qr")}, r"operations must name .*\['qr'\]"),
        ({"operations": ()}, "operations must name"),
        ({"repeats": 0}, "repeats must be a whole number ≥ 1"),
    ],
)
def test_plan_rejects_what_cannot_run(kwargs, match):
    largest = kwargs.pop("largest", 100)
    with pytest.raises(ValueError, match=match):
        plan_benchmark(10, largest, 3, **kwargs)


def test_alternatives_fit_the_budget_and_the_largest_p_is_the_biggest_that_does():
    chosen = {"samples_per_feature": 2, "repeats": 3}
    assert not plan_benchmark(50, 3000, 6, **chosen).fits(BUDGET)
    options = dict(
        cheaper_alternatives(50, 3000, 6, LARGEST_OPTIONS, **chosen, budget=BUDGET)
    )
    assert options, "some smaller run must fit"
    (change,) = [change for change in options if change[0] == "largest"]
    largest = change[1]
    assert_allclose(options[change], plan_benchmark(50, largest, 6, **chosen).seconds)
    assert options[change] <= BUDGET
    above = min(o for o in LARGEST_OPTIONS if o > largest)
    assert not plan_benchmark(50, above, 6, **chosen).fits(BUDGET)
    for seconds in options.values():
        assert seconds <= BUDGET


def test_alternatives_name_dropping_lstsq_and_fewer_repeats_when_they_fit():
    chosen = {"repeats": 3}
    largest = next(
        p
        for p in LARGEST_OPTIONS
        if not plan_benchmark(50, p, 6, **chosen).fits(BUDGET)
        and plan_benchmark(50, p, 6, repeats=3, operations=("gram", "solve")).fits(
            BUDGET
        )
    )
    changes = [
        change
        for change, _ in cheaper_alternatives(
            50, largest, 6, (), **chosen, budget=BUDGET
        )
    ]
    assert ("without", "lstsq") in changes
    assert not cheaper_alternatives(
        50, 100, 2, (), operations=("lstsq",), repeats=1, budget=BUDGET
    )


# --- slopes and speeds --------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(exponent=st.integers(1, 3), n_sizes=st.integers(4, 10), seed=st.integers(0, 99))
def test_slopes_skip_the_overhead_bound_small_sizes(exponent, n_sizes, seed):
    rng = np.random.default_rng(seed)
    p = 10 * 2 ** np.arange(n_sizes)
    seconds = 1e-10 * p.astype(float) ** exponent
    half = n_sizes // 2
    seconds[:half] += rng.uniform(1e-3, 1e-2, size=half)  # fixed cost per call
    slopes, fit_from = fitted_slopes(synthetic(p, 2 * p, solve=seconds))
    assert fit_from == p[half]
    assert_allclose(slopes["solve"], exponent, rtol=1e-9)


def test_slopes_need_two_sizes():
    slopes, fit_from = fitted_slopes(synthetic([50], [100], solve=[1e-4]))
    assert math.isnan(slopes["solve"]) and fit_from is None
    slopes, fit_from = fitted_slopes(synthetic([50, 100], [100, 200], solve=[1, 8]))
    assert fit_from == 50 and slopes["solve"] == pytest.approx(3.0)


# --- the machine ------------------------------------------------------------------


def test_machine_reports_cpus_and_blas_threads():
    info = timing.machine()
    assert info.cpus == __import__("os").cpu_count()
    assert info.blas_threads is None or info.blas_threads >= 1


def test_machine_reports_numpys_blas_when_another_is_listed_first(monkeypatch):
    """scipy (a test oracle's dependency) loads an OpenBLAS of its own, which
    threadpoolctl may list before numpy's, with another thread count."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    wheel = Path(np.__file__).resolve().parent.with_name("numpy.libs")
    pools = [
        {"user_api": "openmp", "internal_api": "openmp", "num_threads": 4,
         "filepath": "/site-packages/scikit_learn.libs/libgomp.so"},
        {"user_api": "blas", "internal_api": "mkl", "num_threads": 3,
         "filepath": "/site-packages/scipy.libs/libscipy_openblas.so"},
        {"user_api": "blas", "internal_api": "openblas", "num_threads": 1,
         "filepath": str(wheel / "libscipy_openblas64_.so")},
    ]  # fmt: skip
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: pools)
    info = timing.machine()
    assert (info.blas_threads, info.blas_library) == (1, "openblas")
    # Without numpy's own copy (a numpy built against the system's BLAS), the
    # first BLAS listed.
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: pools[:2])
    info = timing.machine()
    assert (info.blas_threads, info.blas_library) == (3, "mkl")


def test_machine_without_threadpoolctl_still_answers(monkeypatch):
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # import fails
    info = timing.machine()
    assert info.blas_threads is None and info.blas_library is None


def test_blas_threads_can_be_limited_for_a_block():
    pytest.importorskip("threadpoolctl")
    before = timing.machine().blas_threads
    with timing.limit_blas_threads(1):
        assert timing.machine().blas_threads == 1
    assert timing.machine().blas_threads == before
    with timing.limit_blas_threads(None):
        assert timing.machine().blas_threads == before
    with pytest.raises(ValueError, match="threads must be a whole number ≥ 1"):
        timing.limit_blas_threads(0)


def test_limiting_threads_without_threadpoolctl_does_nothing(monkeypatch):
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)
    with timing.limit_blas_threads(1):
        assert timing.machine().blas_threads is None


# --- concatenate_results: a run timed one size at a time ----------------------------


def test_parts_timed_one_size_at_a_time_combine_in_order():
    parts = [time_solvers([p], repeats=1) for p in (20, 5, 10)]
    result = concatenate_results(parts)
    assert_array_equal(result.feature_counts, [5, 10, 20])
    assert_array_equal(result.n_samples, [10, 20, 40])
    assert result.operations == OPERATIONS
    assert not result.stopped
    for op in OPERATIONS:
        assert_array_equal(
            result.seconds[op], [parts[1].seconds[op][0], parts[2].seconds[op][0],
                                 parts[0].seconds[op][0]]
        )  # fmt: skip
    assert concatenate_results(parts, stopped=True).stopped


@pytest.mark.parametrize(
    ("parts", "match"),
    [
        ([], "results is empty"),
        (
            [synthetic([5], [10], solve=[1.0]), synthetic([5], [10], solve=[2.0])],
            "some p more than once",
        ),
        (
            [synthetic([5], [10], solve=[1.0]), synthetic([9], [18], gram=[1.0])],
            "share their operations and repeats",
        ),
    ],
)
def test_concatenate_rejects_parts_that_do_not_fit_together(parts, match):
    with pytest.raises(ValueError, match=match):
        concatenate_results(parts)
