"""Least squares as a projection: the 3-D picture in the space of the samples, and
the same numbers as a line fit through three points."""

import numpy as np
import plotly.graph_objects as go

from figures import style
from figures.chart import Chart
from figures.numbers import number, vector

# One colour per object, the same in both pictures.
COLUMNS = style.GREY
TARGET = style.BLACK
FITTED = style.CLOSED_FORM
RESIDUAL = style.PURPLE
PLANE = style.SKY
PLANE_TEXT = style.BLUE
DEFAULT_CAMERA = {
    "eye": {"x": 2.3, "y": 0.6, "z": 1.0},
    "center": {"x": 0, "y": 0, "z": -0.1},
}


def projection_scene(
    X: np.ndarray,
    y: np.ndarray,
    scene,
    *,
    presenter: bool = False,
    title: str | None = None,
    camera: dict | None = None,
) -> Chart:
    """The columns of X, the plane they span, y, its projection ŷ and the residual
    y − ŷ meeting the plane at a right angle.

    Parameters
    ----------
    X : ndarray of shape (3, 2)
    y : ndarray of shape (3,)
    scene : solvers.projection.ProjectionScene
        The projection of y, the plane patch and the right-angle mark.
    camera : dict, optional
        Plotly scene camera; by default a view from slightly above the plane.
    """
    words = describe_projection(X, y, scene)
    size = style.sizes(presenter)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    y_hat, residual = scene.projection.y_hat, scene.projection.residual
    plane = scene.plane
    limit = 1.05 * max(scene.extent, plane.radius)
    head = 0.08 * limit
    fig = go.Figure(
        go.Surface(
            x=plane.x,
            y=plane.y,
            z=plane.z,
            surfacecolor=np.zeros_like(plane.x),
            colorscale=[[0, PLANE], [1, PLANE]],
            showscale=False,
            opacity=0.3,
            name="C(X)",
            hoverinfo="skip",
        )
    )
    rim = np.column_stack([plane.x[-1], plane.y[-1], plane.z[-1]])
    fig.add_scatter3d(
        x=rim[:, 0],
        y=rim[:, 1],
        z=rim[:, 2],
        mode="lines",
        line={"color": style.LINE_SKY, "width": size.line},  # 3:1 on white
        hoverinfo="skip",
    )
    # Name the plane at the rim point farthest from every arrow.
    tips = np.vstack([X.T, y, y_hat])
    tips = tips / np.maximum(np.linalg.norm(tips, axis=1, keepdims=True), 1e-12)
    spot = rim[np.argmin((rim / plane.radius @ tips.T).max(axis=1))]
    _label(fig, spot, "plane C(X)", PLANE_TEXT, size)
    for j, column in enumerate(X.T, start=1):
        _arrow(fig, np.zeros(3), column, COLUMNS, f"x{_SUB[j]}", size, head)
    _arrow(fig, np.zeros(3), y, TARGET, "y", size, head)
    _arrow(fig, np.zeros(3), y_hat, FITTED, "ŷ", size, head)
    fig.add_scatter3d(
        x=[y_hat[0], y[0]],
        y=[y_hat[1], y[1]],
        z=[y_hat[2], y[2]],
        mode="lines",
        line={"color": RESIDUAL, "width": 2 * size.line},
        hovertemplate=_hover("y − ŷ", residual),
    )
    if np.linalg.norm(residual) > 1e-9 * max(scene.extent, 1.0):
        _label(fig, (y + y_hat) / 2, "y − ŷ", RESIDUAL, size, "top center")
    if scene.marker is not None:
        fig.add_scatter3d(
            x=scene.marker[:, 0],
            y=scene.marker[:, 1],
            z=scene.marker[:, 2],
            mode="lines",
            line={"color": TARGET, "width": size.line},
            hoverinfo="skip",
        )
    fig.add_scatter3d(
        x=[0],
        y=[0],
        z=[0],
        mode="markers",
        marker={"size": size.marker * 0.4, "color": TARGET},
        hovertemplate="origin<extra></extra>",
    )
    axis = {
        "range": [-limit, limit],
        "backgroundcolor": "white",
        "gridcolor": "#DDDDDD",
        "zerolinecolor": "#888888",
        "showspikes": False,
        "tickfont": {"size": size.font * 0.8},
    }
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        showlegend=False,
        scene={
            "xaxis": {**axis, "title": {"text": "sample 1"}},
            "yaxis": {**axis, "title": {"text": "sample 2"}},
            "zaxis": {**axis, "title": {"text": "sample 3"}},
            "aspectmode": "cube",
            "camera": camera or DEFAULT_CAMERA,
            "uirevision": "projection",
        },
        uirevision="projection",
        margin={"l": 0, "r": 0, "t": 50 if title else 0, "b": 0},
        height=size.height + 60,
    )
    return Chart(fig, words)


def line_fit(
    x: np.ndarray,
    y: np.ndarray,
    projection,
    *,
    presenter: bool = False,
    title: str | None = None,
) -> Chart:
    """The three samples (x, y), the least-squares line w₀ + w₁x through them, and
    the residuals as vertical gaps: the 3-D picture's vectors, entry by entry.

    Parameters
    ----------
    x : ndarray of shape (3,)
        The feature (the second column of X, the first being ones).
    y : ndarray of shape (3,)
    projection : solvers.projection.Projection
        Of y onto the columns [1, x].
    """
    words = describe_line_fit(x, y, projection)
    size = style.sizes(presenter)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    y_hat = projection.y_hat
    intercept, slope = projection.weights
    span = np.ptp(x)
    ends = np.array([x.min() - 0.25 * span, x.max() + 0.25 * span])
    fig = go.Figure()
    fig.add_scatter(
        x=ends,
        y=intercept + slope * ends,
        mode="lines",
        line={"color": FITTED, "width": size.line},
        name=f"line {intercept:.3g} {'−' if slope < 0 else '+'} {abs(slope):.3g}·x",
    )
    gaps_x = np.column_stack([x, x, np.full_like(x, np.nan)]).ravel()
    gaps_y = np.column_stack([y_hat, y, np.full_like(x, np.nan)]).ravel()
    fig.add_scatter(
        x=gaps_x,
        y=gaps_y,
        mode="lines",
        line={"color": RESIDUAL, "width": size.line, "dash": "dash"},
        name="residuals yᵢ − ŷᵢ",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=x,
        y=y_hat,
        mode="markers",
        marker={"size": size.marker, "color": FITTED, "symbol": "diamond"},
        name="fitted ŷᵢ",
        hovertemplate="x=%{x}<br>ŷ=%{y:.4g}<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=y,
        mode="markers+text",
        marker={"size": size.marker + 2, "color": TARGET},
        text=[f"sample {i}" for i in range(1, len(x) + 1)],
        textposition="middle right",
        textfont={"size": size.font * 0.8, "color": TARGET},
        name="data yᵢ",
        hovertemplate="x=%{x}<br>y=%{y:.4g}<extra></extra>",
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        title=title,
        xaxis={"title": "x", "range": list(ends)},
        yaxis={"title": "y"},
        legend={"orientation": "h", "y": -0.2, "x": 0, "yanchor": "top"},
        margin={"b": 130},
    )
    return Chart(fig, words)


_SUB = {1: "₁", 2: "₂"}


def _arrow(fig, start, end, color, label, size, head) -> None:
    """A shaft from `start` to `end`, a cone head and a label past the tip."""
    vector = end - start
    length = np.linalg.norm(vector)
    fig.add_scatter3d(
        x=[start[0], end[0]],
        y=[start[1], end[1]],
        z=[start[2], end[2]],
        mode="lines",
        line={"color": color, "width": 2 * size.line},
        hovertemplate=_hover(label, end),
    )
    if length > 1e-9:
        direction = vector / length
        fig.add_cone(
            x=[end[0]],
            y=[end[1]],
            z=[end[2]],
            u=[direction[0] * min(head, 0.5 * length)],
            v=[direction[1] * min(head, 0.5 * length)],
            w=[direction[2] * min(head, 0.5 * length)],
            sizemode="raw",
            anchor="tip",
            colorscale=[[0, color], [1, color]],
            showscale=False,
            hoverinfo="skip",
        )
        end = end + 0.6 * head * direction
    _label(fig, end, label, color, size)


def _label(fig, where, text, color, size, position="middle center") -> None:
    fig.add_scatter3d(
        x=[where[0]],
        y=[where[1]],
        z=[where[2]],
        mode="text",
        text=[f"<b>{text}</b>"],
        textposition=position,
        textfont={"size": size.font * 1.1, "color": color},
        hoverinfo="skip",
    )


def _hover(label: str, vector: np.ndarray) -> str:
    values = ", ".join(f"{v:.4g}" for v in vector)
    return f"{label} = ({values})<extra></extra>"


def describe_projection(X: np.ndarray, y: np.ndarray, scene) -> str:
    """What `projection_scene` shows, in words."""
    fit = scene.projection
    return (
        f"A 3-D picture in sample space (one axis per sample). The columns of X, "
        f"{vector(X[:, 0])} and {vector(X[:, 1])}, span a plane through the "
        f"origin. y = {vector(y)} sits off the plane; its projection onto the "
        f"plane is ŷ = Xw* = {vector(fit.y_hat)}, and the residual y − ŷ = "
        f"{vector(fit.residual)}, of length {number(np.linalg.norm(fit.residual))}, "
        "meets the plane at a right angle: the shortest way from y to the plane."
    )


def describe_line_fit(x: np.ndarray, y: np.ndarray, projection) -> str:
    """What `line_fit` shows, in words."""
    w = projection.weights
    return (
        f"The same numbers as {len(y)} points (x, y): "
        + ", ".join(
            f"({number(a, 3)}, {number(b, 3)})" for a, b in zip(x, y, strict=True)
        )
        + f". The least-squares line ŷ = {number(w[0], 3)} + {number(w[1], 3)}·x "
        f"passes them with vertical gaps {vector(projection.residual)}, the "
        "residual: its squared lengths sum to the smallest total any line allows."
    )
