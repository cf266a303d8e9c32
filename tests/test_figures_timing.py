"""Tests for figures.timing: the log-log timing chart and the human units it
speaks."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from figures import style
from figures import timing as figures
from solvers import timing
from solvers.timing import OPERATIONS, TimingResult, flops, time_solvers

P = np.array([50, 100, 200, 400])


def synthetic(p=P, operations=OPERATIONS) -> TimingResult:
    """Each operation at a fixed speed (its flops / 10 GFLOP/s), n = 2p."""
    p = np.asarray(p)
    seconds = {op: flops(op, 2 * p, p) / 1e10 for op in operations}
    return TimingResult(p, 2 * p, seconds, 3, False)


def slopes(value=3.0, operations=OPERATIONS):
    return dict.fromkeys(operations, value)


# --- timing_chart -------------------------------------------------------------


def test_one_trace_per_operation_named_with_its_slope_then_the_references():
    fig = figures.timing_chart(synthetic(), slopes(2.96)).figure
    names = [trace.name for trace in fig.data]
    assert names == [
        "forming XᵀX: slope 3.0",
        "solve (p×p): slope 3.0",
        "inv(XᵀX): slope 3.0",
        "lstsq (SVD): slope 3.0",
        "1 gradient step: slope 3.0",
        "∝ p³ (reference)",
        "∝ p² (reference)",
    ]
    colors = [trace.line.color for trace in fig.data[:5]]
    assert colors[1] == style.CLOSED_FORM and colors[4] == style.DESCENT
    assert len(set(colors)) == 5


def test_both_axes_are_logarithmic_with_ticks_at_the_sizes_and_in_time_units():
    result = synthetic()
    fig = figures.timing_chart(result, slopes()).figure
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert list(fig.layout.xaxis.tickvals) == P.tolist()
    all_seconds = np.concatenate(list(result.seconds.values()))
    ticks = np.array(fig.layout.yaxis.tickvals)
    assert ticks.min() <= all_seconds.min() and ticks.max() >= all_seconds.max()
    assert_allclose(np.log10(ticks), np.round(np.log10(ticks)))  # powers of ten
    for value, text in zip(ticks, fig.layout.yaxis.ticktext, strict=True):
        assert text == figures.human_duration(value)
    assert "1 ms" in fig.layout.yaxis.ticktext


def test_reference_lines_are_grey_dashed_and_meet_the_largest_solve_point():
    result = synthetic()
    fig = figures.timing_chart(result, slopes()).figure
    for trace, exponent in zip(fig.data[-2:], (3, 2), strict=True):
        assert trace.line.color == style.GREY and trace.line.dash in ("dash", "dot")
        x, y = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
        assert x[0] == P[0] and x[-1] == P[-1]
        assert y[-1] == result.seconds["solve"][-1]
        slope = math.log(y[-1] / y[0]) / math.log(x[-1] / x[0])
        assert slope == pytest.approx(exponent)


def test_missing_slopes_and_single_sizes_draw_no_references():
    result = synthetic(p=[100])
    fig = figures.timing_chart(result, slopes(math.nan)).figure
    assert fig.data[0].name == "forming XᵀX: no slope"
    assert len(fig.data) == len(OPERATIONS)
    no_solve = synthetic(operations=("gram", "gd_step"))
    fig = figures.timing_chart(no_solve, slopes(operations=("gram", "gd_step"))).figure
    assert len(fig.data) == 2


def test_presenter_mode_draws_larger():
    normal = figures.timing_chart(synthetic(), slopes()).figure
    big = figures.timing_chart(synthetic(), slopes(), presenter=True).figure
    assert big.layout.font.size > normal.layout.font.size
    assert big.data[0].line.width > normal.data[0].line.width


# --- human units -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (3e-7, "300 ns"),
        (8.5e-4, "850 µs"),
        (0.9996, "1 s"),  # rounds up into the next unit
        (2.5, "2.5 s"),
        (150, "2.5 min"),
        (3 * 3600, "3 hours"),
        (3600, "1 hour"),  # one of a unit is singular
        (86400 * 1.0004, "1 day"),
        (365.25 * 86400, "1 year"),
        (60, "1 min"),
        (3.5 * 86400, "3.5 days"),
        (2 * 365.25 * 86400, "2 years"),
        (3e5 * 365.25 * 86400, "3 × 10⁵ years"),
    ],
)
def test_durations_read_in_the_largest_unit_that_fits(seconds, text):
    assert figures.human_duration(seconds) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(12, "12"), (999, "999"), (1000, "10³"), (6.67e11, "6.7 × 10¹¹"), (1e18, "10¹⁸")],
)
def test_powers_of_ten(value, text):
    assert figures.power_of_ten(value) == text


@pytest.mark.parametrize(
    ("count", "text"), [(100, "100 B"), (8e8, "800 MB"), (1.6e13, "16 TB")]
)
def test_bytes(count, text):
    assert figures.human_bytes(count) == text


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (figures.human_duration, -1.0),
        (figures.human_duration, math.inf),
        (figures.human_bytes, math.nan),
        (figures.power_of_ten, 0.0),
    ],
)
def test_units_reject_impossible_values(function, value):
    with pytest.raises(ValueError, match="must be a finite number"):
        function(value)


def _relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_line_colour_stands_out_from_the_white_card_by_3_to_1():
    """WCAG 1.4.11 (non-text contrast) for the lines and markers charts draw
    without an outline: the roles, the series and the timing chart's lines."""
    from figures import style

    lines = {
        *style.SERIES,
        style.CLOSED_FORM,
        style.DESCENT,
        style.TRUTH,
        style.DATA,
        *figures.COLORS.values(),
    }
    white = _relative_luminance("#FFFFFF")
    for colour in lines:
        ratio = (white + 0.05) / (_relative_luminance(colour) + 0.05)
        assert ratio >= 3, (colour, round(ratio, 2))


def test_timing_lines_differ_in_marker_shape_as_well_as_colour():
    result = time_solvers([4, 8, 16], repeats=1)
    fig = figures.timing_chart(result, {}).figure
    measured = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(measured) == len(result.seconds) >= 2
    assert len({t.marker.symbol for t in measured}) == len(measured)


# --- slopes against their arithmetic --------------------------------------------


def test_arithmetic_slopes_follow_the_flop_counts():
    p = np.array([100, 200, 400, 800])
    grown = TimingResult(p, 2 * p, dict.fromkeys(OPERATIONS, p * 1e-6), 1, False)
    arithmetic = timing.arithmetic_slopes(grown)
    assert arithmetic["gd_step"] == pytest.approx(2.0)  # 4np with n = 2p
    assert arithmetic["solve"] == pytest.approx(3.0, abs=0.02)  # ⅔p³ + 2p²
    assert arithmetic["gram"] == pytest.approx(3.0, abs=0.02)
    fixed = TimingResult(p, np.full(4, 1600), grown.seconds, 1, False)
    assert timing.arithmetic_slopes(fixed)["gd_step"] == pytest.approx(1.0)


def test_a_slope_below_its_arithmetic_is_explained_with_the_measured_times():
    p = np.array([100, 200, 400, 800])
    seconds = {"solve": 1e-9 * p**3.0, "gd_step": 2e-5 * p**1.1}
    result = TimingResult(p, 2 * p, seconds, 1, False)
    measured, _ = timing.fitted_slopes(result)
    text = figures.explain_slopes(result, measured, timing.arithmetic_slopes(result))
    assert "1 gradient step grows with slope 1.10, below the 2.0" in text
    low, high = seconds["gd_step"].min(), seconds["gd_step"].max()
    assert f"{figures.human_duration(low)} to {figures.human_duration(high)}" in text
    assert "Solve" not in text  # its slope is its arithmetic's
    on_time = {op: 1e-9 * p**3.0 for op in ("solve", "gram")}
    on_time = TimingResult(p, 2 * p, on_time, 1, False)
    slopes, _ = timing.fitted_slopes(on_time)
    assert (
        figures.explain_slopes(on_time, slopes, timing.arithmetic_slopes(on_time)) == ""
    )


def test_the_machine_is_told_with_its_cores_and_blas_threads():
    machine = timing.Machine(cpus=2, blas_threads=2, blas_library="openblas")
    assert (
        figures.describe_machine(machine) == "2 thread(s) of openblas, on 2 CPU core(s)"
    )
    unknown = timing.Machine(cpus=None, blas_threads=None, blas_library=None)
    assert figures.describe_machine(unknown) == (
        "an unknown number of threads (threadpoolctl would tell), on an unknown CPU "
        "count"
    )
    assert "CPU core" in figures.describe_machine(timing.machine())


def test_each_finished_measurement_is_told_in_milliseconds():
    record = {"p": 200, "n_samples": 400, "operation": "solve", "seconds": 0.00123}
    assert figures.describe_progress(record) == "p = 200, n = 400: solve took 1.23 ms"
    slow = record | {"seconds": 0.4567}
    assert figures.describe_progress(slow) == "p = 200, n = 400: solve took 457 ms"


def test_each_cheaper_setting_is_named_as_the_controls_name_it():
    assert figures.describe_change(("largest", 1000)) == "largest p = 1000"
    assert figures.describe_change(("without", "lstsq")) == "without lstsq"
    assert figures.describe_change(("repeats", 1)) == "1 repeat"
