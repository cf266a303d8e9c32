"""Tests for solvers.timing: the shape of a timing run, and the arithmetic on it.

Sizes stay tiny and nothing asserts that anything is fast: wall-clock numbers are
only checked to be positive; the maths is checked on synthetic timings.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from solvers.timing import (
    OPERATIONS,
    TimingResult,
    fit_loglog_slope,
    time_solvers,
)

SIZES = [5, 10, 20]


def synthetic(feature_counts, solve_seconds, **other_seconds) -> TimingResult:
    """A TimingResult with chosen timings instead of measured ones."""
    feature_counts = np.asarray(feature_counts)
    seconds = {"solve": np.asarray(solve_seconds, dtype=float)}
    seconds |= {op: np.asarray(s, dtype=float) for op, s in other_seconds.items()}
    return TimingResult(feature_counts, 2 * feature_counts, seconds, 1, False)


# --- time_solvers: what a run returns ------------------------------------------


def test_result_has_one_positive_median_per_size_and_operation():
    result = time_solvers(SIZES, repeats=1)
    assert_array_equal(result.feature_counts, SIZES)
    assert_array_equal(result.n_samples, [10, 20, 40])
    assert result.operations == OPERATIONS
    for seconds in result.seconds.values():
        assert seconds.shape == (3,)
        assert np.isfinite(seconds).all() and (seconds > 0).all()
    assert result.repeats == 1
    assert not result.stopped


def test_fixed_n_samples_and_chosen_operations():
    result = time_solvers(
        [10, 5, 10], n_samples=30, operations=("solve", "gd_step"), repeats=1
    )
    assert_array_equal(result.feature_counts, [5, 10])  # sorted, deduplicated
    assert_array_equal(result.n_samples, [30, 30])
    assert result.operations == ("solve", "gd_step")


def test_records_give_one_row_per_size_and_operation():
    result = time_solvers(SIZES, samples_per_feature=3, repeats=1)
    records = result.records()
    assert len(records) == len(SIZES) * len(OPERATIONS)
    assert records[0].keys() == {"p", "n_samples", "operation", "seconds"}
    assert records[0]["p"] == 5 and records[0]["n_samples"] == 15
    assert records[-1]["operation"] == OPERATIONS[-1]
    assert records[-1]["seconds"] == result.seconds[OPERATIONS[-1]][-1]


def test_progress_fractions_increase_to_one():
    calls = []
    time_solvers(SIZES, repeats=1, progress=lambda f, m: calls.append((f, m)))
    fractions = [fraction for fraction, _ in calls]
    assert len(calls) == len(SIZES) * len(OPERATIONS)
    assert np.all(np.diff(fractions) > 0)
    assert fractions[-1] == 1.0
    first, last = calls[0][1], calls[-1][1]  # rows as in TimingResult.records
    assert first.keys() == {"p", "n_samples", "operation", "seconds"}
    assert (first["p"], first["operation"]) == (SIZES[0], OPERATIONS[0])
    assert (last["p"], last["operation"]) == (SIZES[-1], OPERATIONS[-1])
    assert first["seconds"] > 0


def test_should_stop_keeps_the_fully_measured_sizes():
    checks = []

    def should_stop():
        checks.append(None)
        # Size 5 finishes (5 operations); stop midway through size 10.
        return len(checks) > len(OPERATIONS) + 2

    result = time_solvers(SIZES, repeats=1, should_stop=should_stop)
    assert result.stopped
    assert_array_equal(result.feature_counts, [5])
    assert_array_equal(result.n_samples, [10])
    assert all(seconds.shape == (1,) for seconds in result.seconds.values())


def test_stopping_before_the_first_size_gives_an_empty_result():
    result = time_solvers(SIZES, repeats=1, should_stop=lambda: True)
    assert result.stopped
    assert result.feature_counts.shape == (0,)
    assert result.records() == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"feature_counts": []}, "feature_counts must be a non-empty"),
        ({"feature_counts": 10}, "feature_counts must be a non-empty"),
        ({"feature_counts": [5, 0]}, "feature_counts must hold whole numbers ≥ 1"),
        ({"feature_counts": [5, 2.5]}, "feature_counts must hold whole numbers"),
        ({"feature_counts": [True]}, "feature_counts must hold whole numbers"),
        ({"feature_counts": [10, 6000]}, "feature_counts must be ≤ 5000"),
        ({"operations": ("solve", "qr")}, r"operations must name .*'lstsq'.*\['qr'\]"),
        ({"operations": ()}, "operations must name at least one"),
        ({"repeats": 0}, "repeats must be a whole number ≥ 1"),
        ({"samples_per_feature": 0}, "samples_per_feature must be a whole number"),
        ({"n_samples": 10}, "n_samples must be ≥ the largest feature count 20"),
        ({"n_samples": 2.5}, "n_samples must be a whole number"),
        (
            {"feature_counts": [5000], "samples_per_feature": 10},
            "X would hold n_samples · p = 50000 · 5000 numbers",
        ),
    ],
)
def test_invalid_arguments_name_the_parameter(kwargs, match):
    kwargs = {"feature_counts": SIZES, "repeats": 1} | kwargs
    with pytest.raises(ValueError, match=match):
        time_solvers(**kwargs)


# --- fit_loglog_slope ------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    exponent=st.sampled_from([0.5, 1, 1.5, 2, 2.5, 3, 4]),
    seed=st.integers(0, 2**32 - 1),
    first=st.integers(1, 100),
    ratio=st.sampled_from([1.5, 2.0, 4.0]),
    n_points=st.integers(2, 8),
)
def test_slope_recovers_the_exponent_of_a_power_law(
    exponent, seed, first, ratio, n_points
):
    constant = np.exp(np.random.default_rng(seed).uniform(-25, 0))
    sizes = first * ratio ** np.arange(n_points)
    seconds = constant * sizes**exponent
    assert_allclose(fit_loglog_slope(sizes, seconds), exponent, rtol=1e-9)


@settings(max_examples=25, deadline=None)
@given(exponent=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_min_size_ignores_the_overhead_dominated_sizes(exponent, seed):
    rng = np.random.default_rng(seed)
    sizes = 10 * 2.0 ** np.arange(8)
    seconds = 1e-9 * sizes**exponent
    seconds[:3] += rng.uniform(1e-3, 1e-2, size=3)  # fixed per-call overhead
    slope = fit_loglog_slope(sizes, seconds, min_size=80)
    assert_allclose(slope, exponent, rtol=1e-9)


@pytest.mark.parametrize(
    ("sizes", "seconds", "min_size", "match"),
    [
        ([10], [1.0], None, "at least 2 different sizes, got 1"),
        ([10, 10], [1.0, 2.0], None, "at least 2 different sizes, got 1"),
        ([10, 20, 40], [1.0, 2.0, 4.0], 30, "got 1 with size ≥ min_size=30"),
        ([10, 20], [1.0, 0.0], None, "must be positive"),
        ([-10, 20], [1.0, 2.0], None, "must be positive"),
        ([10, 20], [1.0, np.nan], None, "must be finite"),
        ([10, 20, 40], [1.0, 2.0], None, "equal length"),
    ],
)
def test_slope_rejects_what_cannot_be_fitted(sizes, seconds, min_size, match):
    with pytest.raises(ValueError, match=match):
        fit_loglog_slope(sizes, seconds, min_size=min_size)
