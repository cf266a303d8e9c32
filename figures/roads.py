"""Which road, when: seconds to the same answer against p for every road, the
crossovers marked, and the sentences that say what the measurements show."""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart
from figures.numbers import SUPERSCRIPTS
from figures.timing import (
    human_bytes,
    human_duration,
    log_seconds_axes,
    power_of_ten,
    power_ticks,
)
from solvers.roads import (
    EXTRAPOLATION_REACH,
    ITERATIVE,
    Crossover,
    Race,
    RoadRun,
    TallPass,
    seconds_to_answer,
)

LABELS = {
    "normal_equation": "normal equation (XᵀX, Cholesky)",
    "lstsq": "lstsq (SVD of X)",
    "conjugate_gradient": "conjugate gradient",
    "gradient_descent": "gradient descent, best η",
    "momentum": "momentum, best η and β",
    "sgd": "mini-batch SGD, decaying η",
}
SHORT = {
    "normal_equation": "the normal equation",
    "lstsq": "lstsq",
    "conjugate_gradient": "conjugate gradient",
    "gradient_descent": "gradient descent",
    "momentum": "momentum",
    "sgd": "SGD",
}
COLORS = {
    "normal_equation": style.CLOSED_FORM,
    "lstsq": style.LINE_SKY,
    "conjugate_gradient": style.GREEN,
    "gradient_descent": style.DESCENT,
    "momentum": style.PURPLE,
    "sgd": style.LINE_ORANGE,
}
DASHES = {
    "normal_equation": "solid",
    "lstsq": "dot",
    "conjugate_gradient": "dash",
    "gradient_descent": "longdash",
    "momentum": "dashdot",
    "sgd": "longdashdot",
}
SYMBOLS = {
    "normal_equation": "circle",
    "lstsq": "square",
    "conjugate_gradient": "diamond",
    "gradient_descent": "triangle-up",
    "momentum": "triangle-down",
    "sgd": "x",
}


def race_chart(
    race: Race, crossovers: list[Crossover], *, presenter: bool = False
) -> Chart:
    """Seconds until each road's weights are within ε of lstsq's, against p, on
    log-log axes; hollow markers where a road ran out of time and its measured
    rate projects the rest; a vertical line where an iterative road crosses the
    normal equation. Its numbers are every run's record, not the points drawn."""
    size = style.sizes(presenter)
    fig = go.Figure()
    drawn = []
    for road in race.roads:
        p, seconds = seconds_to_answer(race, road)
        runs = race.of(road)
        fig.add_scatter(
            x=p,
            y=seconds,
            mode="lines+markers",
            # (on a line of its own: the legend is as wide as a phone)
            name=LABELS[road]
            + ("" if np.isfinite(seconds).any() else "<br>(did not reach ε)"),
            **_look(road, runs, size),
            customdata=[[_status_text(run)] for run in runs],
            hovertemplate=f"{LABELS[road]}<br>p = %{{x}}<br>%{{y:.3s}}s"
            "<br>%{customdata[0]}<extra></extra>",
        )
        drawn.append(seconds[np.isfinite(seconds)])
    values = np.concatenate(drawn) if drawn else np.array([])
    values = values[values > 0]
    for crossing in crossovers:
        # Only crossings between measured sizes: an extrapolated one would
        # stretch the axis far past the data (the verdict states it instead).
        if crossing.kind != "measured":
            continue
        # A vertical segment named in the legend: labels on the chart itself
        # would collide where two roads cross near the same p.
        fig.add_scatter(
            x=[crossing.n_features] * 2,
            y=[values.min(), values.max()] if values.size else [1e-6, 1.0],
            mode="lines",
            name=f"{SHORT[crossing.road]} overtakes at p ≈ "
            f"{_round_p(crossing.n_features)}",
            line={"color": COLORS[crossing.road], "dash": "dot", "width": 2},
            hoverinfo="name",
        )
    ticks = power_ticks(values)
    sizes = sorted({run.n_features for run in race.runs})
    log_seconds_axes(
        fig,
        sizes=sizes,
        ticks=ticks,
        title=f"seconds to ε = {accuracy_text(race.epsilon)}",
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        title=None,
        legend={"orientation": "h", "x": 0, "y": -0.25, "yanchor": "top"},
    )
    return Chart(fig, describe_race(race), pd.DataFrame(race.records()))


def _log_ticks(values: list[float]) -> dict:
    """Tick settings for a log axis over `values`: powers of ten, and 1, 2, 5
    times them when the values span two decades or less (a single labelled tick
    would leave the counts unreadable)."""
    if not values:
        return {"dtick": 1}
    first = math.floor(math.log10(min(values)))
    last = math.ceil(math.log10(max(values)))
    if last - first > 2:
        return {"dtick": 1}  # powers of ten
    return {"tickvals": [m * 10**k for k in range(first, last + 1) for m in (1, 2, 5)]}


def steps_chart(race: Race, *, presenter: bool = False) -> Chart:
    """Steps each iterative road took (epochs for SGD) against p: the count is
    set by κ and ε, not by p."""
    size = style.sizes(presenter)
    fig = go.Figure()
    # SGD is left out: its count is the epochs its time share allowed, not the
    # steps to ε.
    for road in race.roads:
        if road not in ITERATIVE or road == "sgd":
            continue
        runs = race.of(road)
        fig.add_scatter(
            x=[run.n_features for run in runs],
            y=[run.steps for run in runs],
            mode="lines+markers",
            name=LABELS[road],
            **_look(road, runs, size),
        )
    sizes = sorted({run.n_features for run in race.runs})
    fig.update_xaxes(type="log", title="number of features p", tickvals=sizes)
    drawn = [run for run in race.runs if run.road in ITERATIVE and run.road != "sgd"]
    steps = [run.steps for run in drawn if run.steps > 0]
    fig.update_yaxes(type="log", title="steps taken", **_log_ticks(steps))
    style.apply_layout(
        fig,
        presenter=presenter,
        title=None,
        legend={"orientation": "h", "x": 0, "y": -0.25, "yanchor": "top"},
    )
    return Chart(fig, describe_steps(race))


def _look(road: str, runs: list[RoadRun], size) -> dict:
    """A road's line and markers: its colour and dash, its symbol filled where
    the run reached ε and hollow where it ran out of time."""
    return {
        "line": {"color": COLORS[road], "width": size.line, "dash": DASHES[road]},
        "marker": {
            "color": COLORS[road],
            "size": size.marker,
            "symbol": [SYMBOLS[road] + ("" if r.reached else "-open") for r in runs],
        },
    }


def _status_text(run: RoadRun) -> str:
    if run.reached:
        return f"reached {run.relative_error:.1e} in {run.steps} step(s)"
    if run.status == "diverged":
        return f"diverged after {run.steps} step(s)"
    projected = (
        f"; its rate needs {human_duration(run.projected_seconds)}"
        if math.isfinite(run.projected_seconds)
        else ""
    )
    return (
        f"out of time at {run.relative_error:.1e} after {run.steps} step(s)" + projected
    )


def _round_p(p: float) -> str:
    """p to two significant figures, grouped: 413 → "410", 6127 → "6,100",
    and 2.2 × 10⁸ beyond a million."""
    if not math.isfinite(p):
        return "?"
    if p >= 1e6:
        return power_of_ten(p)
    return f"{float(f'{p:.2g}'):,.0f}"


def crossover_sentence(race: Race, crossovers: list[Crossover]) -> str:
    """Markdown: a lead, then one bullet per iterative road saying from which p it
    overtakes the normal equation here, measured or extrapolated, or that it
    did not."""
    lead = (
        f"On this machine, at κ = {_kappa(race.condition_number)} and ε = "
        f"{accuracy_text(race.epsilon)}:"
    )
    parts = []
    largest = max(run.n_features for run in race.runs)
    smallest = min(run.n_features for run in race.runs)
    for crossing in crossovers:
        name = SHORT[crossing.road]
        if crossing.kind == "measured":
            parts.append(
                f"**{name}** overtakes the normal equation from "
                f"**p ≈ {_round_p(crossing.n_features)}** (measured)"
            )
        elif crossing.kind == "always":
            parts.append(
                f"**{name}** was already faster at the smallest size, p = {smallest}"
            )
        elif crossing.kind == "extrapolated":
            parts.append(
                f"**{name}** stays slower up to p = {largest}; the lines fitted to "
                f"the larger sizes cross near **p ≈ {_round_p(crossing.n_features)}**"
                " (an extrapolation)"
            )
        else:
            parts.append(
                f"**{name}** stays slower up to p = {largest}, and the fitted lines "
                f"do not cross below p = {_round_p(EXTRAPOLATION_REACH * largest)}"
            )
    compared = {crossing.road for crossing in crossovers}
    for road in race.roads:
        if road in ITERATIVE and road not in compared:
            parts.append(f"**{SHORT[road]}** did not reach ε within its time share")
    if not parts:
        return lead + " no iterative road was raced."
    return lead + "\n" + "".join(f"\n- {part}" for part in parts)


def _kappa(value: float) -> str:
    return "1" if value == 1 else power_of_ten(value)


def accuracy_text(epsilon: float) -> str:
    """ε as "10⁻⁶" (or "5 × 10⁻⁴")."""
    mantissa, exponent = f"{epsilon:.1e}".split("e")
    power = f"10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return power if float(mantissa) == 1 else f"{float(mantissa):g} × {power}"


def describe_race(race: Race) -> str:
    """The race in words: for each road and size, the seconds, steps and accuracy."""
    lines = [
        "Seconds until each road's weights are within "
        f"{accuracy_text(race.epsilon)} of lstsq's "
        f"(relative error), data with κ(XᵀX) = {race.condition_number:g}."
    ]
    for road in race.roads:
        cells = [
            f"p = {run.n_features}: {human_duration(run.seconds)}, " + _status_text(run)
            for run in race.of(road)
        ]
        lines.append(f"{LABELS[road]}: " + "; ".join(cells) + ".")
    return "\n".join(lines)


def extrapolation_rows(
    fits: dict, memory: float, samples_per_feature: int, p_values=(1e4, 1e5, 1e6)
) -> dict[str, list[str]]:
    """A table of each road's fitted seconds at large p (n = k·p), and the memory
    XᵀX and X need against this machine's.

    Parameters
    ----------
    fits : dict of str to PowerLaw
    memory : float
        This machine's memory in bytes.
    samples_per_feature : int
    """
    table = {"p": [f"{power_of_ten(p)}" for p in p_values]}
    for road, fit in fits.items():
        slope = f"{fit.exponent:.1f}".translate(SUPERSCRIPTS).replace(".", "·")
        table[f"{SHORT[road]} (∝ p{slope})"] = [
            human_duration(float(fit(p))) for p in p_values
        ]
    table["XᵀX (8p² bytes)"] = [_memory(8 * p**2, memory) for p in p_values]
    table[f"X (8np bytes, n = {samples_per_feature}p)"] = [
        _memory(8 * samples_per_feature * p * p, memory) for p in p_values
    ]
    return table


def _memory(count: float, memory: float) -> str:
    text = human_bytes(count)
    if math.isfinite(memory) and count > memory:
        return text + " (does not fit)"
    return text


def tall_rows(
    tall: TallPass, steps: int, memory: float, n_values=(1e6, 1e7, 1e8, 1e9)
) -> dict[str, list[str]]:
    """One pass of the normal equation against `steps` passes of gradient
    descent, over n rows of `tall.n_features` features streamed in chunks."""
    return {
        "n rows": [power_of_ten(n) for n in n_values],
        "X if held in memory": [
            _memory(8 * n * tall.n_features, memory) for n in n_values
        ],
        "normal equation, 1 pass": [
            human_duration(float(tall.normal_equation_seconds(n))) for n in n_values
        ],
        f"gradient descent, {steps} passes": [
            human_duration(float(tall.descent_seconds(n, steps))) for n in n_values
        ],
    }


def describe_tall(tall: TallPass, steps: int) -> str:
    """What the streamed pass measured, and what it implies."""
    ratio = tall.descent_seconds(1, steps) / tall.gram_seconds_per_row
    return (
        f"Measured on {tall.rows:,} generated rows of p = {tall.n_features}, streamed "
        f"in chunks: adding a row to XᵀX and Xᵀy took "
        f"{human_duration(tall.gram_seconds_per_row)}, its share of one gradient "
        f"{human_duration(tall.gradient_seconds_per_row)}, and the {tall.n_features}"
        f"×{tall.n_features} solve {human_duration(tall.solve_seconds)}. With "
        f"{steps} passes, gradient descent reads the data {steps} times where the "
        f"normal equation reads it once: {ratio:.3g} times the time, at any n. "
        "Larger n only multiplies both."
    )


def condition_text(value: float) -> str:
    """κ for a label: "1 (a round bowl)", "100", "10⁴"."""
    return "1 (round)" if value == 1 else power_of_ten(value)


def describe_steps(race: Race) -> str:
    """The steps chart in words."""
    lines = ["Steps each iterative road took to reach ε (SGD left out)."]
    for road in race.roads:
        if road in ITERATIVE and road != "sgd":
            cells = [f"p = {run.n_features}: {run.steps}" for run in race.of(road)]
            lines.append(f"{LABELS[road]}: " + ", ".join(cells) + ".")
    return "\n".join(lines)


def fit_caveat(race: Race) -> str:
    """How much the extrapolation can be trusted: how many sizes each line
    rests on, and that the machine's noise moves them."""
    sizes = len({run.n_features for run in race.runs})
    used = max(min(sizes // 2, sizes - 2), 0)
    return (
        f"Each line is fitted to the larger {sizes - used} of the {sizes} sizes "
        "measured, on a machine other work shares: a rerun moves the slopes by a "
        "few tenths and these figures by up to 10×. More sizes and a larger "
        "largest p make them steadier."
    )


def memory_sentence(memory: float, samples_per_feature: int) -> str:
    """Where XᵀX and X stop fitting this machine's memory."""
    if not math.isfinite(memory):
        return "This machine does not say how much memory it has."
    gram_p = math.sqrt(memory / 8)
    data_p = math.sqrt(memory / (8 * samples_per_feature))
    return (
        f"This machine has {human_bytes(memory)} of memory: XᵀX alone stops "
        f"fitting beyond p ≈ {_round_p(gram_p)}, X itself (n = {samples_per_feature}"
        f"p) beyond p ≈ {_round_p(data_p)}. Past that, only a road that reads X in "
        "pieces can run at all; the times above assume the speeds measured here "
        "carry on, which they would not once memory runs out."
    )


MEASURED = """
- **Each road runs to the same answer**: weights within a relative error ε of
  `np.linalg.lstsq`'s, computed once (untimed) on the same data. The iterative
  roads check after every step (an O(p) check against the step's O(np) work,
  timed with them) and stop at the first step within ε.
- **The data** is n = 2p rows built as X = Q·diag(s)·Vᵀ: Q orthonormal cosine
  columns with random row signs, V two random reflections, so that the curvatures
  of XᵀX/n run from 1 down to exactly 1/κ. Gaussian data of this shape has
  κ ≈ 34 whatever p is.
- **Normal equation**: forms XᵀX and Xᵀy, then a Cholesky solve (LAPACK).
  **lstsq**: an SVD of X, never forming XᵀX.
- **Conjugate gradient** runs on the normal equations without forming XᵀX (CGLS):
  two products with X a step. **Gradient descent** takes η = 2/(μ_max + μ_min)
  and **momentum** the heavy ball's best η and β, both computed from the known
  curvatures: a head start a real run pays for by estimating μ_min and μ_max.
  **SGD** takes mini-batches of 32 rows with a step that shrinks like 1/t, so
  that it converges; it rarely reaches 10⁻⁶ in its share.
- **Crossovers** are read where the lines cross between two measured sizes;
  where they do not cross within them, power laws fitted to the larger sizes
  say where they would, and the sentence says it is an extrapolation.
- **Tall data** is streamed in chunks of 10,000 generated rows; making the rows is
  not timed (a real pass reads them from disk).
"""


def describe_progress(run: RoadRun) -> str:
    """One finished run of `solvers.roads.race` (its `progress` report), e.g.
    "p = 200: sgd"."""
    return f"p = {run.n_features}: {run.road}"
