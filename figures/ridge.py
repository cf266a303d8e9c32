"""Ridge pictures: the coefficient path, the penalized cost contours, the intercept
with and without its penalty, and the condition number of XᵀX + λL, all against λ.

λ = 0 cannot sit on a log axis; the λ charts draw it as separate hollow markers at a
tick labelled "0" left of a dotted break, never joined to the log-scale curves.
"""

import numpy as np
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart
from figures.descent import cost_contour
from figures.numbers import named_values, number, vector
from solvers import CostSurface, LinearFit
from solvers.regularization import UNSTABLE_CONDITION, RidgePath, Verdict

_BREAK = "#444444"
# More lines than this make a tangle nobody can read (and a slow page): a wide
# upload shows the coefficients that grow largest along the path.
MAX_PATH_LINES = len(style.SERIES)  # one colour each, and a legend
# The λ charts' legend, at the figure's foot under the axis title.
_FOOT_LEGEND = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"}


def latex_formula(penalize_intercept: bool) -> str:
    """The ridge weights and the penalized cost in LaTeX, with the chosen L."""
    L = "I" if penalize_intercept else r"\operatorname{diag}(0, 1, \dots, 1)"
    # Full-size fractions: 1/(2n) in text style is unreadable on a projector.
    return (
        rf"\mathbf w_\lambda = (X^\top X + \lambda L)^{{-1}} X^\top \mathbf y, \quad "
        rf"L = {L}, \quad J(\mathbf w) = \frac{{1}}{{2n}}\lVert \mathbf y - X\mathbf w"
        rf"\rVert^2 + \frac{{\lambda}}{{2n}}\,\mathbf w^\top L\, \mathbf w"
    )


def coefficient_path(
    path: RidgePath,
    fit: LinearFit,
    *,
    names: list[str],
    presenter: bool = False,
    title: str | None = "Every coefficient against λ",
) -> Chart:
    """Every coefficient against λ (the `MAX_PATH_LINES` largest when there are
    more), with the current fit's λ and values marked.

    Parameters
    ----------
    path : RidgePath
        Its λ = 0 entry, if any, is drawn at the left edge.
    fit : LinearFit
        The ridge fit at the current λ.
    names : list of str
        One per feature.
    """
    lams, coef, current_lam = path.lams, path.coef, fit.lam
    size = style.sizes(presenter)
    axis = _LamAxis(lams)
    shown = np.arange(len(names))
    if len(names) > MAX_PATH_LINES:
        largest = np.nan_to_num(np.abs(coef)).max(axis=0)
        shown = np.sort(np.argsort(-largest, kind="stable")[:MAX_PATH_LINES])
        if title:  # no longer than the title it replaces: the chart is half-width
            title = f"{MAX_PATH_LINES} largest of {len(names)} coefficients"
    fig = go.Figure()
    for k, j in enumerate(shown):
        name = names[j]
        color = style.SERIES[k % len(style.SERIES)]
        dash = style.SERIES_DASHES[k % len(style.SERIES_DASHES)]
        fig.add_scatter(
            x=axis.positive,
            y=coef[axis.is_positive, j],
            mode="lines",
            line={"color": color, "width": size.line, "dash": dash},
            name=name,
            legendgroup=name,
            hovertemplate=f"{name}<br>λ=%{{x:.3g}}<br>%{{y:.4g}}<extra></extra>",
        )
        if axis.has_zero:
            fig.add_scatter(
                x=[axis.zero_x],
                y=[coef[axis.zero_index, j]],
                mode="markers",
                marker=_hollow(color, size.marker),
                name=f"{name} at λ = 0",
                legendgroup=name,
                showlegend=False,
                hovertemplate=f"{name}<br>λ = 0<br>%{{y:.4g}}<extra></extra>",
            )
    fig.add_scatter(
        x=[axis.position(current_lam)] * len(shown),
        y=fit.coef[shown],
        mode="markers",
        marker={
            "size": size.marker + 4,
            "color": style.YELLOW,
            "line": {"width": 2, "color": style.BLACK},
        },
        name=f"λ = {current_lam:g}",
        hovertemplate="%{y:.4g}<extra>current λ</extra>",
    )
    style.rule(fig, y=0, line={"color": _BREAK, "width": 1})
    axis.decorate(fig, current_lam, presenter)
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis=axis.layout(),
        yaxis={"title": "coefficient"},
        # At the figure's foot, below the axis title (not on it).
        legend=_FOOT_LEGEND,
        showlegend=len(shown) <= len(style.SERIES),
        margin={"b": 190, "t": 80 if title else 40},
    )
    return Chart(fig, describe_coefficient_path(path, fit, names))


def penalized_contours(
    surface: CostSurface,
    path: RidgePath,
    fit: LinearFit,
    *,
    names: list[str],
    presenter: bool = False,
) -> Chart:
    """Contours of the penalized cost at the fit's λ, its optimum, the unpenalized
    optimum, and the path the ridge optimum takes as λ grows.

    Parameters
    ----------
    surface : CostSurface
        The penalized cost at ``fit.lam`` over the weights ``surface.axes``.
    path : RidgePath
        Ascending λ; its first entry is taken as the unpenalized optimum.
    fit : LinearFit
        The ridge fit at the current λ.
    names : list of str
        One per weight, intercept first.
    """
    axes = list(surface.axes)
    axis_titles = (names[axes[0]], names[axes[1]])
    trail, unpenalized = path.weights[:, axes], path.weights[0, axes]
    optimum = fit.weights[axes]
    title = f"Penalized cost J at λ = {fit.lam:g}"
    size = style.sizes(presenter)
    fig = go.Figure(cost_contour(surface, axis_titles, name="penalized cost J"))
    fig.add_scatter(
        x=trail[:, 0],
        y=trail[:, 1],
        mode="lines",
        line={"color": style.BLACK, "width": size.line * 0.6, "dash": "dot"},
        name="ridge optimum as λ goes 0 → ∞",
    )
    fig.add_scatter(
        x=[0.0],
        y=[0.0],
        mode="markers",
        marker={
            "symbol": "cross-thin",
            "size": size.marker + 6,
            "line": {"width": 3, "color": style.BLACK},
        },
        name="origin (λ → ∞)",
    )
    fig.add_scatter(
        x=[unpenalized[0]],
        y=[unpenalized[1]],
        mode="markers",
        marker={
            "symbol": "diamond",
            "size": size.marker + 6,
            "color": style.DESCENT,
            "line": {"width": 2, "color": "white"},
        },
        name="unpenalized optimum (λ = 0)",
    )
    fig.add_trace(
        style.optimum_marker(
            optimum, presenter=presenter, name=f"ridge optimum (λ = {fit.lam:g})"
        )
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis={
            "title": axis_titles[0],
            "range": [float(surface.grid_x[0]), float(surface.grid_x[-1])],
            "constrain": "domain",
        },
        yaxis={
            "title": axis_titles[1],
            "range": [float(surface.grid_y[0]), float(surface.grid_y[-1])],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
        legend=_FOOT_LEGEND,  # (at y = -0.14 presenter mode's w1 sat on it)
        margin={"t": 70, "b": 190},
        # No taller than the square bowl: the legend stays under its axis title.
        height=size.height + 40,
    )
    return Chart(fig, describe_penalized_contours(surface, path, fit, names))


def intercept_chart(
    paths: dict[str, RidgePath],
    *,
    current_lam: float,
    truth: float | None = None,
    presenter: bool = False,
    title: str | None = "The intercept against λ",
) -> Chart:
    """The intercept against λ, one curve per path (e.g. per choice of L).

    Parameters
    ----------
    paths : dict of str to RidgePath
        Curve name → path; all over the same λ.
    current_lam : float
    truth : float, optional
        The intercept of the model that generated the data, drawn as a line.
    """
    lams = next(iter(paths.values())).lams
    intercepts = {name: path.intercept for name, path in paths.items()}
    size = style.sizes(presenter)
    axis = _LamAxis(lams)
    fig = go.Figure()
    colors = (style.CLOSED_FORM, style.LINE_ORANGE)
    dashes = ("solid", "dash")
    for (name, values), color, dash in zip(
        intercepts.items(), colors, dashes, strict=False
    ):
        fig.add_scatter(
            x=axis.positive,
            y=values[axis.is_positive],
            mode="lines",
            line={"color": color, "width": size.line, "dash": dash},
            name=name,
            hovertemplate="λ=%{x:.3g}<br>b=%{y:.4g}<extra>" + name + "</extra>",
        )
        if axis.has_zero:
            fig.add_scatter(
                x=[axis.zero_x],
                y=[values[axis.zero_index]],
                mode="markers",
                marker=_hollow(color, size.marker),
                showlegend=False,
                hovertemplate="λ = 0<br>b=%{y:.4g}<extra></extra>",
            )
    if truth is not None:
        style.rule(fig, y=truth, line={"color": style.TRUTH, "width": 2, "dash": "dot"})
        fig.add_annotation(
            x=1,
            xref="x domain",
            y=truth,
            yref="y",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            text=f"true intercept {truth:g}",
            font={"color": style.TRUTH, "size": size.font},
        )
    axis.decorate(fig, current_lam, presenter)
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis=axis.layout(),
        yaxis={"title": "intercept b"},
        # At the figure's foot, below the axis title, whose ticks turn upright
        # on a phone (a legend at y = -0.25 then printed over the title).
        legend=_FOOT_LEGEND,
        margin={"b": 190, "t": 80 if title else 40},
    )
    return Chart(fig, describe_intercept(paths, truth=truth))


def condition_chart(
    path: RidgePath,
    *,
    current_lam: float,
    presenter: bool = False,
    title: str | None = "Condition number of XᵀX + λL",
) -> Chart:
    """cond(XᵀX + λL) against λ on log-log axes.

    Parameters
    ----------
    path : RidgePath
        Where the condition number is inf (singular), a triangle at the top of the
        chart stands in, labelled "∞ (singular)".
    current_lam : float
    """
    lams, condition_numbers = path.lams, path.condition_numbers
    size = style.sizes(presenter)
    axis = _LamAxis(lams)
    finite = np.isfinite(condition_numbers)
    top = float(condition_numbers[finite].max()) if finite.any() else 1.0
    fig = go.Figure()
    fig.add_scatter(
        x=axis.positive,
        y=np.where(finite, condition_numbers, np.nan)[axis.is_positive],
        mode="lines",
        line={"color": style.CLOSED_FORM, "width": size.line},
        name="cond(XᵀX + λL)",
        hovertemplate="λ=%{x:.3g}<br>cond=%{y:.3g}<extra></extra>",
    )
    singular = ~finite
    if axis.has_zero:
        singular[axis.zero_index] = False
        value = condition_numbers[axis.zero_index]
        fig.add_scatter(
            x=[axis.zero_x],
            y=[value if np.isfinite(value) else 10 * top],
            mode="markers+text",
            marker=(
                _hollow(style.CLOSED_FORM, size.marker + 4)
                if np.isfinite(value)
                else _triangle(size.marker)
            ),
            text=[f"{value:.3g}" if np.isfinite(value) else "∞ (singular)"],
            textposition="middle right",
            textfont={"size": size.font, "color": style.BLACK},
            name="λ = 0: XᵀX alone",
            hovertemplate="λ = 0<br>cond=%{text}<extra></extra>",
        )
    if singular.any():
        fig.add_scatter(
            x=lams[singular],
            y=[10 * top] * int(singular.sum()),
            mode="markers",
            marker=_triangle(size.marker),
            name="singular (∞)",
        )
    axis.decorate(fig, current_lam, presenter)
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis=axis.layout(),
        yaxis={
            "title": "condition number (log)",
            "type": "log",
            # One tick per decade when there are several; plotly's own otherwise.
            "dtick": 1 if _decades(condition_numbers) >= 1 else None,
            "exponentformat": "power",
        },
        # At the figure's foot, below the axis title, whose ticks turn upright
        # on a phone (a legend at y = -0.25 then printed over the title).
        legend=_FOOT_LEGEND,
        margin={"b": 190, "t": 80 if title else 40},
    )
    return Chart(fig, describe_condition(path))


class _LamAxis:
    """A log λ axis with λ = 0 drawn one decade left of the smallest positive λ."""

    def __init__(self, lams: np.ndarray):
        lams = np.asarray(lams, dtype=float)
        self.is_positive = lams > 0
        if not self.is_positive.any():
            raise ValueError("lams needs at least one λ > 0 to draw a log axis.")
        self.positive = lams[self.is_positive]
        zeros = np.flatnonzero(lams == 0)
        self.has_zero = zeros.size > 0
        self.zero_index = int(zeros[0]) if self.has_zero else None
        self.low = float(self.positive.min())
        self.high = float(self.positive.max())
        self.zero_x = self.low / 10
        self.break_x = self.low / np.sqrt(10)

    def position(self, lam: float) -> float:
        """Where λ sits on the axis (λ = 0 at its own tick)."""
        return self.zero_x if lam == 0 else float(lam)

    def layout(self) -> dict:
        decades = 10.0 ** np.arange(
            np.ceil(np.log10(self.low)), np.floor(np.log10(self.high)) + 1
        )
        ticks = [*([self.zero_x] if self.has_zero else []), *decades]
        labels = [*(["0"] if self.has_zero else []), *(f"{d:g}" for d in decades)]
        left = np.log10(self.zero_x if self.has_zero else self.low) - 0.3
        return {
            "title": "penalty λ (log scale; 0 at far left)",
            "type": "log",
            "tickvals": ticks,
            "ticktext": labels,
            "range": [left, np.log10(self.high) + 0.1],
        }

    def decorate(self, fig: go.Figure, current_lam: float, presenter: bool) -> None:
        """The dotted break before the log scale and the current-λ line."""
        if self.has_zero:
            style.rule(
                fig, x=self.break_x, line={"color": _BREAK, "width": 1, "dash": "dot"}
            )
        size = style.sizes(presenter)
        style.rule(
            fig,
            x=self.position(current_lam),
            line={"color": style.BLACK, "width": size.line * 0.6, "dash": "dash"},
            label={
                "text": f"λ = {current_lam:g}",
                "textposition": "end",
                "textangle": 0,
                "yanchor": "bottom",
                "xanchor": "center",
                "font": {"size": size.font, "color": style.BLACK},
            },
        )


def _hollow(color: str, size: int) -> dict:
    return {
        "symbol": "circle-open",
        "size": size + 4,
        "color": color,
        "line": {"width": 3, "color": color},
    }


def _triangle(size: int) -> dict:
    return {"symbol": "triangle-up", "size": size + 6, "color": style.CLOSED_FORM}


def _decades(values: np.ndarray) -> float:
    """How many decades the finite positive values span."""
    shown = values[np.isfinite(values) & (values > 0)]
    return float(np.log10(shown.max() / shown.min())) if shown.size else 0.0


def _span(lams: np.ndarray) -> str:
    """ "λ from 0 and 0.001 to 10⁴" for a summary."""
    axis = _LamAxis(lams)
    zero = "0 and " if axis.has_zero else ""
    return f"λ from {zero}{number(axis.low, 3)} to {number(axis.high, 3)}"


def describe_coefficient_path(path: RidgePath, fit: LinearFit, names: list[str]) -> str:
    """What `coefficient_path` shows, in words."""
    norms = path.coef_norms
    text = (
        f"Each feature's weight against {_span(path.lams)} (log scale). At the "
        f"smallest λ the weights are {named_values(names, path.coef[0], limit=6)}; "
        f"at the largest, {named_values(names, path.coef[-1], limit=6)}. "
        f"Their length ‖w‖ shrinks from {number(norms[0], 3)} to "
        f"{number(norms[-1], 3)}"
    )
    return text + (
        f"; at the chosen λ = {fit.lam:g} it is "
        f"{number(np.linalg.norm(fit.coef), 3)}, marked on every line."
    )


def describe_penalized_contours(
    surface: CostSurface, path: RidgePath, fit: LinearFit, names: list[str]
) -> str:
    """What `penalized_contours` shows, in words."""
    axes = list(surface.axes)
    titles = (names[axes[0]], names[axes[1]])

    def point(w):
        return vector(w[axes])

    return (
        f"Contours of the penalized cost at λ = {fit.lam:g} over {titles[0]} "
        f"(across) and {titles[1]} (up). Its lowest point, the ridge weights, is "
        f"at {point(fit.weights)}; the unpenalized optimum (λ = 0) at "
        f"{point(path.weights[0])}. The dotted line is where the optimum moves as "
        f"λ grows, reaching {point(path.weights[-1])} at λ = {path.lams[-1]:g}, "
        "on its way to the origin."
    )


def describe_intercept(
    paths: dict[str, RidgePath], *, truth: float | None = None
) -> str:
    """What `intercept_chart` shows, in words."""
    lams = next(iter(paths.values())).lams
    text = f"The intercept b against {_span(lams)}, one curve per choice of L:"
    for name, path in paths.items():
        text += (
            f" with {name}, b goes from {number(path.intercept[0])} to "
            f"{number(path.intercept[-1])};"
        )
    text = text[:-1] + "."
    if truth is not None:
        text += f" The horizontal line is the true intercept, {number(truth)}."
    return text


def describe_condition(path: RidgePath) -> str:
    """What `condition_chart` shows, in words: the range, then where it is
    smallest and why (`describe_conditioning`)."""
    numbers = path.condition_numbers
    return (
        f"cond(XᵀX + λL) against {_span(path.lams)}, both on log scales: "
        f"{number(numbers[0], 3)} at the smallest λ, {number(numbers[-1], 3)} at "
        f"the largest. " + describe_conditioning(path)
    )


def describe_conditioning(path: RidgePath) -> str:
    """Where cond(XᵀX + λL) is smallest along `path`, and why with L = diag(0, 1, …,
    1) it rises again for large λ, in a sentence or two with the computed numbers."""
    lam, condition = path.best_conditioned
    if not np.isfinite(condition):
        return (
            "XᵀX + λL is singular to working precision at every λ shown (cond = ∞): "
            "the columns' scales differ too much for double precision. The solves "
            "above work on centred, scaled columns, where they are well posed."
        )
    summary = f"cond(XᵀX + λL) is smallest, {condition:.3g}, at λ = {lam:.3g}."
    if path.penalize_intercept:
        return f"{summary} With L = I, λ lifts every eigenvalue alike."
    last, top = path.condition_numbers[-1], path.lams[-1]
    if last <= condition:
        return summary
    return (
        f"{summary} λ never lifts the intercept's direction (the 0 in L), so for "
        f"large λ the other eigenvalues outgrow it and cond rises again, to "
        f"{last:.3g} at λ = {top:g}"
        + (
            f", still far below the {UNSTABLE_CONDITION:.0e} where solves turn fragile."
            if last < UNSTABLE_CONDITION
            else "."
        )
    )


def describe_verdict(verdict: Verdict, note: str | None) -> str:
    """How the plain normal equation (λ = 0) fares, `solvers.regularization.
    judge_normal_equation`'s verdict, in one or two sentences with its numbers.

    Parameters
    ----------
    verdict : Verdict
    note : str or None
        Why the solve was refused (`figures.normal_equation.explain_fallback`),
        for a "singular" verdict.
    """
    condition = verdict.condition
    if verdict.status == "singular":
        return f"The plain normal equation fails. {note}"
    if verdict.status == "unstable":
        return (
            f"The plain normal equation is unstable: even with the features centred "
            f"and scaled, cond(XᵀX) = {condition:.3g}, above "
            f"{UNSTABLE_CONDITION:.0e}, so errors in the data (noise, rounding) can "
            "be amplified that many times in the weights."
        )
    return (
        f"cond(XᵀX) = {condition:.3g} with the features centred and scaled, below "
        f"{UNSTABLE_CONDITION:.0e}: the plain normal equation is reliable here, so "
        "ridge's job is only to shrink."
    )
