"""Every road to w*: steps against β beside the race, with the optimum marked,
and the words that say what the race and the chart show."""

import math

import numpy as np
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart


def momentum_chart(curves, *, presenter: bool = False) -> Chart:
    """Fewest steps (over η) to shrink the error a millionfold against β, for
    heavy ball and Nesterov, on a log scale, with each one's best β marked.

    Parameters
    ----------
    curves : ui.descent.racers.MomentumCurves
        Steps (inf where no η converges) and the theory's best (β*, steps).
    """
    words = describe_momentum(curves)
    momenta, best = curves.momenta, curves.best
    size = style.sizes(presenter)
    fig = go.Figure()
    curves = (
        ("heavy ball", curves.heavy, style.PURPLE, "solid", "square"),
        ("Nesterov", curves.nesterov, style.GREEN, "dash", "diamond"),
    )
    for name, steps, color, dash, symbol in curves:
        shown = np.where(np.isfinite(steps), steps, np.nan)
        fig.add_scatter(
            x=momenta,
            y=shown,
            mode="lines",
            name=f"{name}, best η for each β",
            line={"color": color, "width": size.line, "dash": dash},
            hovertemplate=f"{name}<br>β = %{{x:.2f}}<br>%{{y:.0f}} steps"
            "<extra></extra>",
        )
        momentum, count = best[name]
        fig.add_scatter(
            x=[momentum],
            y=[count],
            mode="markers+text",
            name=f"{name}: theory's best β = {momentum:.3f}",
            marker={"color": color, "size": size.marker * 1.4, "symbol": symbol},
            text=[f"β* = {momentum:.2f}"],
            textposition="top center" if name == "Nesterov" else "bottom center",
            textfont={"size": size.font * 0.8, "color": color},
        )
    fig.update_xaxes(title="momentum β", range=[0, 1])
    # Worst-case steps from the convergence factor, not a run from one start.
    fig.update_yaxes(type="log", title="steps for a 10⁶× smaller error", dtick=1)
    style.apply_layout(
        fig,
        presenter=presenter,
        title=None,
        legend={"orientation": "h", "x": 0, "y": -0.25, "yanchor": "top"},
    )
    return Chart(fig, words)


def describe_momentum(curves) -> str:
    """The momentum chart in words: plain descent's steps (β = 0), each curve's
    minimum and where it is (worst-case steps from the convergence factor, which
    a run from one start can beat)."""
    lines = [
        f"At β = 0 (plain gradient descent at its best η): {_count(curves.heavy[0])}."
    ]
    for name, steps in (("Heavy ball", curves.heavy), ("Nesterov", curves.nesterov)):
        best = int(np.argmin(steps))
        lines.append(
            f"{name}: fewest, {_count(steps[best])}, at β = {curves.momenta[best]:.2f}."
        )
    return "\n".join(lines)


def _count(steps: float) -> str:
    return "never converges" if not math.isfinite(steps) else f"{steps:.0f} steps"


def race_rows(outcomes) -> dict[str, list]:
    """The race as a table: each method's settings, steps to within 10⁻⁶ of the
    start's distance, status and the fraction of that distance left.

    Parameters
    ----------
    outcomes : list of ui.descent.racers.Outcome
    """
    table = {"method": [], "η": [], "β": [], "steps to 10⁻⁶": [], "status": []}
    table["distance left"] = []
    for outcome in outcomes:
        run = outcome.run
        table["method"].append(outcome.label)
        rate = run.learning_rate
        table["η"].append("—" if math.isnan(rate) else f"{rate:.3g}")
        table["β"].append(f"{run.momentum:.3f}" if run.momentum else "—")
        table["steps to 10⁻⁶"].append(
            "not within its steps" if outcome.reach is None else str(outcome.reach)
        )
        table["status"].append(run.status.replace("_", " "))
        table["distance left"].append(f"{outcome.distance_left:.1e}")
    return table


def describe_race(outcomes) -> str:
    """Which methods came within 10⁻⁶ of their start's distance, fastest first."""
    reached = sorted((o.reach, o.label) for o in outcomes if o.reach is not None)
    if not reached:
        return "No method came within 10⁻⁶ of its start's distance in its steps."
    order = ", then ".join(f"{label} ({reach})" for reach, label in reached)
    return f"Steps to come within 10⁻⁶ of the start's distance to w*: {order}."


def rates_text(low: float, high: float, plain: float, heavy: float) -> str:
    """The bowl's curvatures and each method's shrink factor a step."""
    return (
        f"This bowl's curvatures run from μ_min = {low:.3g} to μ_max = {high:.3g}: "
        f"**κ = {high / low:.3g}**. Plain descent at its best η shrinks the error "
        f"by (κ − 1)/(κ + 1) = {plain:.4f} a step, momentum at its best by "
        f"(√κ − 1)/(√κ + 1) = {heavy:.4f}: in theory about √κ = "
        f"{math.sqrt(high / low):.3g} times fewer steps (the race above counts its "
        "own, from its start)."
    )


NEWTON_LATEX = (
    r"w_1 = w_0 - H^{-1}\nabla J(w_0) = w_0 - H^{-1}(H w_0 - b) = H^{-1} b"
    r" = (X^\top X)^{-1} X^\top y"
)
NEWTON_TEXT = (
    "with H = XᵀX/n and b = Xᵀy/n. The cost is quadratic, so its second-order "
    "model is the cost itself, and the step lands on w* from any start: w₀ "
    "cancels."
)


def conjugate_text(n_params: int, kappa: float) -> str:
    """Why CG needs at most one step per weight, on this data."""
    return (
        "Each step minimizes J exactly along a direction H-conjugate to all the "
        f"earlier ones, so no step undoes another: after {n_params} steps (one "
        "per weight, intercept included) every direction is done, in exact "
        f"arithmetic. In floating point a bowl with a large κ (here {kappa:.3g}) "
        "loses conjugacy to rounding, and it honestly takes a few more."
    )


def preconditioning_text(raw_kappa: float, scaled_kappa: float) -> str:
    """Standardizing as diagonal preconditioning, with this data's κ."""
    return (
        "Dividing each feature by its standard deviation is the same descent on "
        "weights multiplied by a diagonal matrix: a preconditioner. It rescales "
        "the bowl's axes, so it rounds a valley that lies along the axes and "
        "cannot round a tilted one (correlated features). On this data: "
        f"κ = {raw_kappa:.3g} raw, {scaled_kappa:.3g} standardized."
    )


def lesson_captions(numbers) -> list[str]:
    """Each lesson's numbers in a line (`ui.descent.racers.LESSONS` order).

    Parameters
    ----------
    numbers : ui.descent.racers.LessonNumbers
    """

    def steps(key):
        reach = numbers.reach[key]
        if reach is None:
            return "not within its steps"
        return f"{reach} step" + ("" if reach == 1 else "s")

    settings, left = numbers.settings, numbers.distance_left
    return [
        f"κ = {numbers.kappa:.3g}; best η = {settings['gd']['learningRate']:.3g}: "
        f"{steps('gd')} to 10⁻⁶",
        f"heavy ball (η = {settings['heavy_ball']['learningRate']:.3g}, β = "
        f"{settings['heavy_ball']['momentum']:.3f}) {steps('heavy_ball')}, plain "
        f"descent {steps('gd')}",
        f"Nesterov (β = {settings['nesterov']['momentum']:.3f}) "
        f"{steps('nesterov')}, heavy ball {steps('heavy_ball')}",
        f"conjugate gradient {steps('cg')} for {numbers.n_weights} weights",
        f"Newton {steps('newton')}, plain descent {steps('gd')}",
        f"after the steps, a constant η is {left['sgd_constant']:.1e} of the start's "
        f"distance away, a decaying η {left['sgd']:.1e}",
    ]
