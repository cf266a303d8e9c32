"""Gradient descent pictures: the path animated over the cost contours, and the
convergence chart."""

import numpy as np
import plotly.graph_objects as go

from figures import style

# Frames are JSON sent to the browser: ~80 keep the payload small and playback smooth.
MAX_FRAMES = 80


def frame_iterations(n_iter: int, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """Iterations to show as animation frames: all of them when few; else every one
    of the first steps (they move most) and geometrically spaced ones after,
    always including the last."""
    if n_iter + 1 <= max_frames:
        return np.arange(n_iter + 1)
    head = max_frames // 3
    tail = np.geomspace(head, n_iter, max_frames - head)
    return np.unique(np.concatenate([np.arange(head), np.round(tail).astype(int)]))


def contour_animation(
    surface,
    path: np.ndarray,
    optimum: np.ndarray,
    *,
    axis_titles: tuple[str, str],
    presenter: bool = False,
    title: str | None = None,
    path_name: str = "Gradient descent",
    optimum_name: str = "Normal equation w*",
    frames: np.ndarray | None = None,
) -> go.Figure:
    """Cost contours with the descent path growing frame by frame to the optimum.

    Parameters
    ----------
    surface : solvers.CostSurface
    path : ndarray of shape (n_steps, 2)
        The two plotted weights at every iteration.
    optimum : ndarray of shape (2,)
        The closed-form optimum in the same two weights.
    axis_titles : tuple of str
    frames : ndarray of int, optional
        Iterations to animate; `frame_iterations` by default.
    """
    size = style.sizes(presenter)
    path = _drawable(path, surface)
    shown = frame_iterations(len(path) - 1) if frames is None else frames
    contour = cost_contour(surface, axis_titles)
    start = go.Scatter(
        x=path[:1, 0],
        y=path[:1, 1],
        mode="markers",
        marker={
            "symbol": "circle-open",
            "size": size.marker + 6,
            "color": style.BLACK,
            "line": {"width": 3},
        },
        name="start",
    )
    # Every frame redraws the path through the sampled iterations only, so the
    # payload stays small however many steps were taken.
    points = path[shown]
    fig = go.Figure(
        data=[
            contour,
            start,
            *_path_traces(points, shown, size, path_name),
            style.optimum_marker(optimum, presenter=presenter, name=optimum_name),
        ]
    )
    # Frames carry only what changes (the path's points and the current point);
    # styles stay those of traces 2 and 3. Plain dicts skip plotly's validation,
    # which would otherwise dominate the page's run time.
    fig.frames = [
        {
            "name": str(t),
            "traces": [2, 3],
            "data": [
                {
                    "type": "scatter",
                    "x": points[: k + 1, 0].tolist(),
                    "y": points[: k + 1, 1].tolist(),
                },
                {
                    "type": "scatter",
                    "x": [points[k, 0]],
                    "y": [points[k, 1]],
                    "text": [f"t = {t}"],
                },
            ],
        }
        for k, t in enumerate(shown)
    ]
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        **_square_axes(surface, axis_titles),
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        margin={"b": 150, "t": 90},
        height=size.height + 120,
        updatemenus=[_play_buttons(size.font)],
        sliders=[_frame_slider(shown)],
    )
    return fig


def step_figure(
    surface,
    path: np.ndarray,
    optimum: np.ndarray,
    step: np.ndarray,
    *,
    axis_titles: tuple[str, str],
    presenter: bool = False,
) -> go.Figure:
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
        font={"size": size.font, "color": style.VERMILLION},
    )
    return style.apply_layout(
        fig,
        presenter=presenter,
        **_square_axes(surface, axis_titles),
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        margin={"t": 90},
    )


def convergence_chart(
    excess_cost: np.ndarray,
    distance: np.ndarray,
    *,
    presenter: bool = False,
    title: str | None = None,
) -> go.Figure:
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
        (distance, "distance ‖wₜ − w*‖", style.ORANGE, "dash"),
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
    return style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis={"title": "iteration t"},
        yaxis={"title": "log scale", "type": "log", "exponentformat": "power"},
        # Both curves fall from top left to bottom right: top right is free.
        legend={"x": 0.98, "xanchor": "right", "y": 0.98, "yanchor": "top"},
    )


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
    floor = max(excess.max() * 1e-7, 1e-300)
    return go.Contour(
        x=surface.grid_x,
        y=surface.grid_y,
        z=np.round(np.log10(excess + floor), 3),
        customdata=_significant(surface.cost, 5),
        colorscale=style.COST_SCALE,
        ncontours=24,
        contours={"coloring": "heatmap", "showlines": True},
        line={"width": 1, "color": "rgba(0,0,0,0.35)"},
        colorbar={"title": {"text": "log₁₀(J − J*)"}, "thickness": 18},
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


def _play_buttons(font_size: int) -> dict:
    # redraw=True: without it the contour trace vanishes on the first frame.
    play = {
        "frame": {"duration": 80, "redraw": True},
        "fromcurrent": False,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "type": "buttons",
        "direction": "left",
        "x": 0.0,
        "y": -0.32,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 0, "r": 10},
        "showactive": False,
        "font": {"size": font_size},
        "buttons": [
            {"label": "▶ Play", "method": "animate", "args": [None, play]},
            {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
        ],
    }


def _frame_slider(shown: np.ndarray) -> dict:
    step = {
        "frame": {"duration": 0, "redraw": True},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "active": len(shown) - 1,
        "x": 0.22,
        "y": -0.3,
        "len": 0.78,
        "currentvalue": {"visible": False},  # the current point carries "t = …"
        "pad": {"t": 10},
        "steps": [
            {"label": str(t), "method": "animate", "args": [[str(t)], step]}
            for t in shown
        ],
    }
