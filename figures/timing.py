"""Timing pictures: seconds against p on log-log axes with fitted slopes and p², p³
reference lines; and the human units they are told in.
"""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart
from figures.numbers import SUPERSCRIPTS
from solvers.timing import Machine, TimingResult

LABELS = {
    "gram": "forming XᵀX",
    "solve": "solve (p×p)",
    "inv": "inv(XᵀX)",
    "lstsq": "lstsq (SVD)",
    "gd_step": "1 gradient step",
}
COLORS = {
    "gram": style.LINE_ORANGE,
    "solve": style.CLOSED_FORM,
    "inv": style.PURPLE,
    "lstsq": style.LINE_SKY,
    "gd_step": style.DESCENT,
}
REFERENCE_EXPONENTS = {3: "dash", 2: "dot"}

_YEAR = 365.25 * 86400
_DURATION_UNITS = (  # (seconds in the unit, name for one, for several), largest first
    (_YEAR, "year", "years"),
    (86400, "day", "days"),
    (3600, "hour", "hours"),
    (60, "min", "min"),
    (1, "s", "s"),
    (1e-3, "ms", "ms"),
    (1e-6, "µs", "µs"),
    (1e-9, "ns", "ns"),
)


def timing_chart(
    result: TimingResult,
    slopes: dict[str, float],
    *,
    presenter: bool = False,
    title: str | None = "Seconds per call against the number of features p",
) -> Chart:
    """Median seconds of each operation against p, both axes logarithmic; its
    numbers are every measurement's record.

    Parameters
    ----------
    result : TimingResult
        At least one size.
    slopes : dict of str to float
        Fitted log-log slope per operation, printed in the legend (NaN: none).
    title : str, optional

    Notes
    -----
    The grey reference lines ∝ p² and ∝ p³ pass through the largest measured
    solve point, so the solve's curve can be compared with each slope by eye.
    """
    size = style.sizes(presenter)
    p = result.feature_counts
    fig = go.Figure()
    for k, (op, seconds) in enumerate(result.seconds.items()):
        slope = slopes.get(op, math.nan)
        shown = "no slope" if math.isnan(slope) else f"slope {slope:.1f}"
        fig.add_scatter(
            x=p,
            y=seconds,
            mode="lines+markers",
            name=f"{LABELS[op]}: {shown}",
            line={"color": COLORS[op], "width": size.line},
            marker={
                "color": COLORS[op],
                "size": size.marker,
                "symbol": style.SERIES_SYMBOLS[k % len(style.SERIES_SYMBOLS)],
            },
            hovertemplate=f"{LABELS[op]}<br>p = %{{x}}<br>%{{y:.3s}}s<extra></extra>",
        )
    if "solve" in result.seconds and len(p) >= 2:
        _add_references(fig, p, result.seconds["solve"][-1], size)
    seconds = np.concatenate(list(result.seconds.values()))
    ticks = power_ticks(seconds[seconds > 0])
    log_seconds_axes(
        fig, sizes=p.tolist(), ticks=ticks, title="seconds per call (median)"
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        legend={
            "x": 1.02,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
    )
    return Chart(fig, describe_timing(result, slopes), pd.DataFrame(result.records()))


def log_seconds_axes(fig: go.Figure, *, sizes, ticks, title: str) -> None:
    """Log-log axes of seconds against the number of features p, the seconds'
    ticks written as durations (the timing and the roads charts)."""
    fig.update_xaxes(type="log", title="number of features p", tickvals=list(sizes))
    fig.update_yaxes(
        type="log",
        title=title,
        tickvals=ticks,
        ticktext=[human_duration(t) for t in ticks],
    )


def power_ticks(seconds: np.ndarray) -> list[float]:
    """Powers of ten spanning `seconds` (at least two, so the scale reads)."""
    if len(seconds) == 0:
        return [1e-6, 1e-3, 1.0]
    low = math.floor(math.log10(np.min(seconds)))
    high = max(math.ceil(math.log10(np.max(seconds))), low + 1)
    return [10.0**k for k in range(low, high + 1)]


def _add_references(fig: go.Figure, p: np.ndarray, anchor: float, size) -> None:
    """Dashed grey lines c·p^k through (largest p, its solve time)."""
    ends = np.array([p[0], p[-1]], dtype=float)
    for exponent, dash in REFERENCE_EXPONENTS.items():
        fig.add_scatter(
            x=ends,
            y=anchor * (ends / ends[-1]) ** exponent,
            mode="lines",
            name=f"∝ p{str(exponent).translate(SUPERSCRIPTS)} (reference)",
            line={"color": style.GREY, "width": size.line / 1.5, "dash": dash},
            hoverinfo="skip",
        )


def human_duration(seconds: float) -> str:
    """A duration with 3 significant digits in the largest unit that fits:
    "850 µs", "2.5 s", "3.1 hours", "4.2 years"; "1.2 × 10⁶ years" beyond."""
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds must be a finite number ≥ 0, got {seconds!r}.")
    if seconds == 0:
        return "0 s"
    value = float(f"{seconds:.3g}")  # round first, so 0.9996 s reads "1 s"
    scale, one, several = next(
        (unit for unit in _DURATION_UNITS if value >= unit[0]), _DURATION_UNITS[-1]
    )
    amount = value / scale
    if several == "years" and amount >= 1e4:
        return f"{power_of_ten(amount)} years"
    return f"{amount:.3g} {one if f'{amount:.3g}' == '1' else several}"


def human_bytes(count: float) -> str:
    """A size in bytes with decimal prefixes: "800 MB", "8 TB"."""
    if not (math.isfinite(count) and count >= 0):
        raise ValueError(f"count must be a finite number ≥ 0, got {count!r}.")
    value = float(f"{count:.3g}")
    for prefix, scale in (("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.3g} {prefix}B"
    return f"{value:.3g} B"


def power_of_ten(value: float) -> str:
    """`value` as "6.7 × 10¹¹" (two significant digits), "10¹²" for a power of
    ten, and plainly below 1000."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"value must be a finite number > 0, got {value!r}.")
    if value < 1000:
        return f"{float(f'{value:.3g}'):g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return power if float(mantissa) == 1 else f"{float(mantissa):g} × {power}"


# A measured slope this far from its arithmetic's is explained on the page.
SLOPE_GAP = 0.4


def explain_slopes(
    result: TimingResult, slopes: dict[str, float], arithmetic: dict[str, float]
) -> str:
    """Why a measured slope differs from the slope of its flop count, for each
    operation where they differ by more than `SLOPE_GAP` ("" when none does)."""
    said = []
    for operation, seconds in result.seconds.items():
        measured, model = slopes[operation], arithmetic[operation]
        if not (math.isfinite(measured) and math.isfinite(model)):
            continue
        if abs(measured - model) <= SLOPE_GAP:
            continue
        label = LABELS[operation]
        lead = (
            f"{label[0].upper() + label[1:]} grows with slope {measured:.2f}, "
            f"{'below' if measured < model else 'above'} the {model:.1f} of its "
            "arithmetic"
        )
        if measured < model:
            said.append(
                f"{lead}: one call takes {human_duration(seconds.min())} to "
                f"{human_duration(seconds.max())} here, and part of that is a fixed "
                "cost per call (Python, checks, memory, waking threads) that does "
                f"not grow with p. Larger sizes bring it closer to {model:.1f}."
            )
        else:
            said.append(
                f"{lead}: at the largest sizes the data no longer fits in the "
                "processor's caches and waits on memory, or other work took the "
                "cores for a while."
            )
    return " ".join(said)


def describe_timing(result: TimingResult, slopes: dict[str, float]) -> str:
    """What `timing_chart` shows, in words."""
    p = result.feature_counts
    text = (
        f"Median seconds per call against p, both on log scales, measured at "
        f"{len(p)} size{'s' if len(p) > 1 else ''} from p = {p[0]} to p = {p[-1]}:"
    )
    for operation, seconds in result.seconds.items():
        slope = slopes.get(operation, math.nan)
        text += (
            f" {LABELS[operation]} took {human_duration(seconds[0])} to "
            f"{human_duration(seconds[-1])}"
            + (f", slope {slope:.2f}" if math.isfinite(slope) else "")
            + ";"
        )
    return text[:-1] + (
        ". A slope of 3 means 10 times the features take 1000 times as long; the "
        "grey lines are slopes 2 and 3 for comparison."
    )


def describe_machine(machine: Machine) -> str:
    """What ran the arithmetic, e.g. "2 thread(s) of openblas, on 2 CPU core(s)"."""
    blas = (
        f"{machine.blas_threads} thread(s) of {machine.blas_library}"
        if machine.blas_threads
        else "an unknown number of threads (threadpoolctl would tell)"
    )
    cpus = f"{machine.cpus} CPU core(s)" if machine.cpus else "an unknown CPU count"
    return f"{blas}, on {cpus}"


def describe_progress(record: dict) -> str:
    """One finished measurement of `solvers.timing.time_solvers` (its `progress`
    record), e.g. "p = 200, n = 400: solve took 1.23 ms"."""
    took = record["seconds"] * 1e3
    shown = f"{took:.0f}" if took >= 100 else f"{took:.3g}"
    return (
        f"p = {record['p']}, n = {record['n_samples']}: {record['operation']} took "
        f"{shown} ms"
    )


def describe_change(change: tuple[str, int | str]) -> str:
    """A cheaper setting proposed by `solvers.timing.cheaper_alternatives`, e.g.
    "largest p = 1000", "without lstsq", "1 repeat"."""
    setting, value = change
    if setting == "largest":
        return f"largest p = {value}"
    if setting == "without":
        return f"without {value}"
    return f"{value} repeat" + ("" if value == 1 else "s")


def measured_text(repeats: int, machine: str) -> str:
    """What the timing page measures and how to read it, in markdown: each
    point the median of `repeats` calls, numpy's BLAS described by `machine`."""
    return f"""
- **Each point** is the median of {repeats} timed call(s), after one untimed
  warm-up, on random Gaussian X (n × p). *Forming XᵀX* also computes Xᵀy; *solve*
  is `np.linalg.solve(XᵀX, Xᵀy)` (LU); *inv* is `np.linalg.inv(XᵀX) @ Xᵀy`;
  *lstsq* is `np.linalg.lstsq(X, y)`, an SVD of X itself; *one gradient step* is
  Xᵀ(Xw − y)/n.
- **The machine**: numpy's BLAS/LAPACK ran on {machine}. A shared machine is
  noisy: other work takes the cores, so a point can jump; BLAS threads waiting
  for each other make it far worse, hence *One BLAS thread*.
- **Small p hides p³**: a call doing microseconds of arithmetic still pays a fixed
  cost (Python, checks, memory, waking threads), and mid-sized matrices wait on
  memory more than on arithmetic.
- **Forming XᵀX costs np²** (numpy computes one triangle of the symmetric
  product), the solve ⅔p³, a gradient step 4np: with n a
  multiple of p the first two grow like p³ (forming XᵀX is the larger), the step
  like p². With *Same n at every size*, n ≫ p at small p, where forming XᵀX grows
  like p² and the step like p.
- **lstsq is slower but safer**: it never forms XᵀX, whose condition number is the
  square of X's, so the rounding of its own steps risks about half as many digits
  (when the fit leaves a large residual, least squares itself is that sensitive,
  whatever the method), and it still answers when XᵀX is singular.
"""
