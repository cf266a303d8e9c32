"""Gradient descent pictures drawn by the server: one step over the cost contours,
and the convergence chart (the ridge page). The animated path is
drawn in the browser (`ui.descent.player`)."""

import numpy as np
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart
from figures.numbers import number, vector
from figures.timing import power_of_ten
from solvers.descent import BLOW_UP, DescentResult


def step_figure(
    surface,
    path: np.ndarray,
    optimum: np.ndarray,
    step: np.ndarray,
    *,
    axis_titles: tuple[str, str],
    presenter: bool = False,
) -> Chart:
    """One step of gradient descent: the path so far, and an arrow for the next
    update −η∇J from the current point.

    Parameters
    ----------
    surface : solvers.CostSurface
    path : ndarray of shape (t + 1, 2)
        The two plotted weights from the start to the current iterate wₜ.
    optimum : ndarray of shape (2,)
    step : ndarray of shape (2,)
        The update w_{t+1} − wₜ in the two plotted weights.
    """
    words = describe_step(path, optimum, step, axis_titles=axis_titles)
    size = style.sizes(presenter)
    path = _drawable(path, surface)
    current = path[-1]
    fig = go.Figure(
        data=[
            cost_contour(surface, axis_titles),
            *_path_traces(path, np.arange(len(path)), size, "path so far"),
            style.optimum_marker(
                optimum, presenter=presenter, name="Normal equation w*"
            ),
        ]
    )
    fig.add_annotation(
        x=current[0] + step[0],
        y=current[1] + step[1],
        ax=current[0],
        ay=current[1],
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=1.5,
        arrowwidth=size.line,
        arrowcolor=style.VERMILLION,
        text="−η∇J",
        # Past the arrow's head on the side it points to, and below it: a short
        # step must not write its label over the current point or its "t = …"
        # (top right of the point).
        xanchor="left" if step[0] >= 0 else "right",
        yanchor="top",
        font={"size": size.font, "color": style.VERMILLION},
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        **_square_axes(surface, axis_titles),
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        margin={"t": 90},
    )
    return Chart(fig, words)


def convergence_chart(
    excess_cost: np.ndarray,
    distance: np.ndarray,
    *,
    presenter: bool = False,
    title: str | None = None,
) -> Chart:
    """J(w_t) − J(w*) and ‖w_t − w*‖ per iteration, on a log scale.

    Parameters
    ----------
    excess_cost, distance : ndarray of shape (n_steps,)
        Non-finite or non-positive values (divergence, exact zeros) are left out.
    """
    size = style.sizes(presenter)
    fig = go.Figure()
    for values, name, color, dash in (
        (excess_cost, "cost gap J(wₜ) − J(w*)", style.DESCENT, "solid"),
        (distance, "distance ‖wₜ − w*‖", style.LINE_ORANGE, "dash"),
    ):
        shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        iterations = _envelope(shown)
        fig.add_scatter(
            x=iterations,
            y=shown[iterations],
            mode="lines",
            name=name,
            line={"color": color, "width": size.line, "dash": dash},
            connectgaps=False,
        )
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis={"title": "iteration t"},
        yaxis={"title": "log scale", "type": "log", "exponentformat": "power"},
        # Both curves fall from top left to bottom right: top right is free.
        legend={"x": 0.98, "xanchor": "right", "y": 0.98, "yanchor": "top"},
    )
    return Chart(fig, describe_convergence(excess_cost, distance))


def cost_contour(surface, axis_titles, name: str = "cost J") -> go.Contour:
    """Filled contours of log(J − J*): the bowl's shape both far out and near w*.

    Parameters
    ----------
    surface : solvers.CostSurface
    axis_titles : tuple of str
    name : str
        The trace's name (legend and hover).
    """
    excess = surface.cost - surface.cost.min()
    # Log levels show the shape of the bowl both far out and close to the optimum.
    floor = max(excess.max() * style.CONTOUR_FLOOR, 1e-300)
    return go.Contour(
        x=surface.grid_x,
        y=surface.grid_y,
        z=np.round(np.log10(excess + floor), 3),
        customdata=_significant(surface.cost, 5),
        colorscale=style.COST_SCALE,
        ncontours=24,
        contours={"coloring": "heatmap", "showlines": True},
        line={"width": 1, "color": "rgba(0,0,0,0.35)"},
        # The title over the bar in two short lines: across the top in one it
        # took a third of a half-width chart, and up the bar's side it was
        # longer than a short bar (presenter mode) and lost its first letter.
        colorbar={
            "title": {"text": "log₁₀<br>(J − J*)", "side": "top"},
            "thickness": 18,
        },
        hovertemplate=f"{axis_titles[0]}=%{{x:.4g}}<br>{axis_titles[1]}=%{{y:.4g}}"
        "<br>J=%{customdata:.6g}<extra></extra>",
        name=name,
    )


def _path_traces(points, iterations, size, name):
    """The path through `points` and its last point (the two animated traces)."""
    return [
        go.Scatter(
            x=points[:, 0],
            y=points[:, 1],
            mode="lines+markers",
            line={"color": style.DESCENT, "width": size.line},
            marker={"size": size.marker * 0.6, "color": style.DESCENT},
            name=name,
        ),
        go.Scatter(
            x=points[-1:, 0],
            y=points[-1:, 1],
            mode="markers+text",
            marker={
                "size": size.marker + 8,
                "color": style.YELLOW,
                "line": {"width": 3, "color": style.BLACK},
            },
            text=[f"t = {iterations[-1]}"],
            textposition="top right",
            textfont={"size": size.font, "color": style.BLACK},
            name="current wₜ",
        ),
    ]


def _envelope(values: np.ndarray, max_points: int = 1000) -> np.ndarray:
    """Iterations to draw: all when few, else each bucket's lowest and highest
    value, which keeps the zig-zag of momentum or mini-batch runs visible."""
    n = len(values)
    if n <= max_points:
        return np.arange(n)
    low = np.nan_to_num(values, nan=np.inf)
    high = np.nan_to_num(values, nan=-np.inf)
    keep = {0, n - 1}
    for bucket in np.array_split(np.arange(n), max_points // 2):
        keep.update((bucket[np.argmin(low[bucket])], bucket[np.argmax(high[bucket])]))
    return np.array(sorted(keep))


def _drawable(path: np.ndarray, surface) -> np.ndarray:
    """Path points JSON can carry: a diverging run's overflow becomes a point far
    outside the fixed axes (the line leaves the picture) instead of NaN."""
    span = max(np.ptp(surface.grid_x), np.ptp(surface.grid_y))
    limit = 1e6 * span + np.abs(surface.center).max()
    return np.nan_to_num(np.clip(path, -limit, limit), nan=limit)


def _significant(values: np.ndarray, digits: int) -> np.ndarray:
    """Round to `digits` significant digits: shorter JSON, same picture."""
    return np.array([float(f"{v:.{digits}g}") for v in values.ravel()]).reshape(
        values.shape
    )


def _square_axes(surface, axis_titles) -> dict:
    """Fixed ranges with equal scales, so the bowl's true shape shows."""
    return {
        "xaxis": {
            "title": axis_titles[0],
            "range": _range(surface.grid_x),
            "constrain": "domain",
        },
        "yaxis": {
            "title": axis_titles[1],
            "range": _range(surface.grid_y),
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
    }


def _range(grid: np.ndarray) -> list[float]:
    return [float(grid[0]), float(grid[-1])]


# Said beside a path drawn in standardized coordinates: its numbers are not the
# weights in the data's units that the tables beside it show.
STANDARDIZED_NOTE = "These coordinates are standardized weights, not the data's units."


def describe_run(
    path: np.ndarray,
    optimum: np.ndarray,
    cost: np.ndarray,
    *,
    axis_titles: tuple[str, str],
    axes: tuple[int, int],
    learning_rate: float,
    message: str,
    standardized: bool = False,
) -> str:
    """A descent run over the cost contours, in words.

    Parameters
    ----------
    path : ndarray of shape (n_steps + 1, n_params)
        Every iterate, in the coordinates the contours are drawn in.
    optimum : ndarray of shape (n_params,)
        The closed-form optimum, same coordinates.
    cost : ndarray of shape (n_steps + 1,)
        J at every iterate.
    axis_titles, axes
        The two plotted weights: their titles and their indices in `path`.
    learning_rate : float
    message : str
        The solver's own sentence on how the run ended.
    standardized : bool
        The coordinates are standardized weights (`STANDARDIZED_NOTE` ends it).
    """
    axes = list(axes)
    steps = len(path) - 1

    def point(w):
        return vector(np.asarray(w)[axes])

    finite = np.all(np.isfinite(path), axis=1)
    last = int(np.flatnonzero(finite)[-1]) if finite.any() else 0
    with np.errstate(over="ignore", invalid="ignore"):
        gap = float(np.linalg.norm(path[last] - optimum))
    return (
        f"Contours of the cost J over {axis_titles[0]} and {axis_titles[1]}, with "
        f"the closed-form optimum w* at {point(optimum)}. Gradient descent with "
        f"η = {number(learning_rate, 3)} starts at {point(path[0])}, where "
        f"J = {number(cost[0])}, and takes {steps} step{'s' if steps != 1 else ''}"
        + (
            f" to {point(path[last])}, where J = {number(cost[last])}, "
            f"{number(gap, 3)} from w* in all the weights."
            if last == steps
            else f"; the weights overflow after step {last}."
        )
        + f" {message}"
        + (f" {STANDARDIZED_NOTE}" if standardized else "")
    )


def describe_convergence(excess_cost: np.ndarray, distance: np.ndarray) -> str:
    """What `convergence_chart` shows, in words."""
    steps = len(excess_cost) - 1
    text = f"Two curves over {steps} steps, on a log scale:"
    for values, name in (
        (excess_cost, "the cost gap J(wₜ) − J(w*)"),
        (distance, "the distance ‖wₜ − w*‖"),
    ):
        finite = np.flatnonzero(np.isfinite(values))
        if not finite.size:
            text += f" {name} is not finite at any step;"
            continue
        end = finite[-1]
        text += (
            f" {name} goes from {number(values[0], 3)} to {number(values[end], 3)}"
            f"{'' if end == steps else f' (step {end}, then overflow)'};"
        )
    return text[:-1] + ". A straight fall means a fixed factor per step."


def describe_step(
    path: np.ndarray,
    optimum: np.ndarray,
    step: np.ndarray,
    *,
    axis_titles: tuple[str, str],
) -> str:
    """What `step_figure` shows, in words (same arguments)."""
    t = len(path) - 1
    where = (
        f"the start w₀ = {vector(path[0])}"
        if t == 0
        else f"the path from the start {vector(path[0])} to the iterate at step "
        f"t = {t}, {vector(path[-1])}"
    )
    return (
        f"Contours of the cost J over {axis_titles[0]} and {axis_titles[1]}: "
        f"{where}, and an arrow for the next update −η∇J = {vector(step)}, toward "
        f"the optimum w* at {vector(optimum)}."
    )


def describe_status(status: str) -> str:
    """A run's ``status`` in a few words: "reached w*", "stopped short of w*"
    (its step limit) or "diverged"."""
    return {
        "converged": "reached w*",
        "max_iter": "stopped short of w*",
        "diverged": "diverged",
    }[status]


def describe_outcome(run: DescentResult) -> str:
    """How a run of `solvers.gradient_descent`, `newton` or `conjugate_gradient`
    ended (its ``status``), in one or two sentences with what to try.

    Parameters
    ----------
    run : solvers.DescentResult
    """
    if run.method != "gradient_descent":
        return _exact_outcome(run)
    steps, learning_rate, limit = (
        _steps(run.n_iter),
        run.learning_rate,
        run.stability_limit,
    )
    formula = run.stability_formula
    if run.status == "converged":
        return f"Converged after {steps}."
    if run.status == "diverged":
        if learning_rate >= limit:
            return (
                f"Diverged after {steps}: the learning rate η = {learning_rate:.3g} "
                f"is above the stability limit {formula} = {limit:.3g}, so every step "
                f"overshoots further (a run stops once J has grown "
                f"{power_of_ten(BLOW_UP)}-fold). Try η ≤ {limit / 2:.3g}, half the "
                "limit."
            )
        return (
            f"Diverged after {steps} although η = {learning_rate:.3g} is below the "
            f"full-batch limit {limit:.3g}: mini-batch noise or momentum made the "
            f"steps unstable. Lower η."
        )
    if run.minibatch:
        return (
            f"Stopped at the {run.n_iter}-iteration limit. Mini-batch steps keep "
            f"jittering around the optimum at a fixed learning rate; use the full "
            f"batch or a smaller η to settle."
        )
    if learning_rate >= limit:
        return (
            f"Unstable: η = {learning_rate:.3g} is at or above the stability limit "
            f"{formula} = {limit:.3g}, so the steps overshoot along the steepest "
            f"direction instead of settling; stopped at the {run.n_iter}-iteration "
            f"limit before it blew up. Lower η below {limit:.3g}."
        )
    return describe_stall(run, unit="iteration")


def describe_stall(run: DescentResult, *, unit: str) -> str:
    """A full-batch descent stopped at its step limit below the stability limit:
    what to try. Raising η is offered only while the steps could more than
    double; standardizing only to a run on raw features.

    Parameters
    ----------
    run : solvers.DescentResult
    unit : str
        What a step is called ("iteration", "step").
    """
    limit, formula = run.stability_limit, run.stability_formula
    advice = [f"allow more {unit}s"]
    if run.learning_rate < limit / 2:
        advice.append(f"raise η (it stays stable below {formula} = {limit:.3g})")
        why = ""
    else:  # the steepest direction allows no longer steps
        why = (
            f" η = {run.learning_rate:.3g} is already {run.learning_rate / limit:.0%} "
            f"of the stability limit {formula} = {limit:.3g}, which the steepest "
            "direction sets: longer steps would overshoot there, and the flattest "
            "direction is walked at this same η, slowly."
        )
    if run.standardization is None:
        advice.append(
            "standardize the features so that one learning rate suits every direction"
        )
    todo = advice[0]
    if len(advice) > 1:
        last = ", or " if len(advice) > 2 else " or "
        todo = ", ".join(advice[:-1]) + last + advice[-1]
    return (
        f"Not converged yet: stopped at the {run.n_iter}-{unit} limit.{why} "
        f"{todo[0].upper()}{todo[1:]}."
    )


def _exact_outcome(run: DescentResult) -> str:
    """`describe_outcome` for Newton's step and conjugate gradient (no η)."""
    name = "Newton's step" if run.method == "newton" else "Conjugate gradient"
    if run.status == "converged":
        return f"{name} reached w* after {_steps(run.n_iter)}."
    if run.status == "diverged":
        return (
            f"{name} blew up after {_steps(run.n_iter)}: the data is too "
            "ill-conditioned."
        )
    return (
        f"{name} stopped at the {run.n_iter}-iteration limit: rounding on this "
        "ill-conditioned bowl spoils the conjugate directions. Allow more steps."
    )


def _steps(n_iter: int) -> str:
    return f"{n_iter} iteration" + ("" if n_iter == 1 else "s")
