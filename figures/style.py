"""One look for every chart: a colour-blind-safe palette, explicit colour scales,
and sizes that read at projector distance (larger still in presenter mode).

Charts draw on a white card with dark ink, so they read the same in Streamlit's
light and dark themes.
"""

import html
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

# Set once: passing template= to every figure re-validates the whole template.
pio.templates.default = "plotly_white"

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"

# A line or marker must stand out from the white card by 3:1 (WCAG 1.4.11).
# Orange, sky blue and yellow do not (2.3, 2.3 and 1.3:1): for lines they are
# drawn in darker shades of the same hues. The light ones stay for fills and
# outlined markers, and for the dark bowl of the descent player.
LINE_ORANGE = "#A87200"
LINE_SKY = "#1F88C0"
LINE_YELLOW = "#857A00"

# Roles, so that a colour means the same thing on every page.
# The bowl's colours and contours are log10(J − J* + floor), the floor this
# fraction of the largest J − J* drawn: the shape shows far out and near w*
# alike (the plotly bowl and the player's, static/descent_player.js, both).
CONTOUR_FLOOR = 1e-7
CLOSED_FORM = VERMILLION
DESCENT = BLUE
TRUTH = GREEN
DATA = GREY
SERIES = (BLUE, VERMILLION, GREEN, LINE_ORANGE, PURPLE, LINE_SKY, BLACK, LINE_YELLOW)
# Colour is never the only difference: series lines also differ in dash, series
# markers in shape (each tuple as long as SERIES).
SERIES_DASHES = (
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
    "12px,3px,2px,3px,2px,3px",  # dash dot dot
    "2px,8px",  # sparse dots
)
# Bars of a second series are hatched.
BAR_PATTERNS = ("", "/", ".", "x")
SERIES_SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "x",
    "star",
    "triangle-down",
    "cross",
)

# Pale lavender for cost contours, white at the bottom of the bowl: light enough
# that the blue path and the vermillion optimum stand out on a projector.
COST_SCALE = [
    [0.0, "#FFFFFF"],
    [0.35, "#EFEDF5"],
    [0.7, "#CBC9E2"],
    [1.0, "#9E9AC8"],
]
# The same bowl on Streamlit's dark theme: near-black at the bottom, lavender
# up the walls, so the sky-blue path and the vermillion optimum stand out.
COST_SCALE_DARK = [
    [0.0, "#0E1117"],
    [0.35, "#252A48"],
    [0.7, "#3E4378"],
    [1.0, "#6F6BB0"],
]
# Diverging scale for signed matrices such as XᵀX.
SIGNED_SCALE = "RdBu"


@dataclass(frozen=True)
class Sizes:
    """Font, line and marker sizes for one display mode."""

    font: int
    title: int
    line: float
    marker: int
    height: int


NORMAL = Sizes(font=16, title=20, line=3, marker=10, height=480)
PRESENTER = Sizes(font=24, title=28, line=5, marker=16, height=620)


def sizes(presenter: bool = False) -> Sizes:
    """The sizes for normal or presenter mode."""
    return PRESENTER if presenter else NORMAL


def apply_layout(
    fig: go.Figure, *, presenter: bool = False, title: str | None = None, **layout
) -> go.Figure:
    """Give `fig` the house style (white card, large dark text), then `layout`.

    One `update_layout` with everything merged: each update is a validated batch
    (four of them were 60 % of a normal-equation rerun's CPU)."""
    size = sizes(presenter)
    style = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"size": size.font, "color": "#111111"},
        "title": {"text": title, "font": {"size": size.title}} if title else None,
        "height": size.height,
        "margin": {
            "l": 100 if presenter else 70,
            "r": 30,
            "t": 70 if title else 30,
            "b": 60,
        },
        "legend": {"bgcolor": "rgba(255,255,255,0.85)"},
        "hoverlabel": {"font": {"size": size.font}},
    }
    # Every 2-D axis the figure has (subplots have several), as update_xaxes and
    # update_yaxes would find them.
    axes = {"xaxis", "yaxis"} | {
        name for name in fig.layout.to_plotly_json() if name[:5] in ("xaxis", "yaxis")
    }
    for name in axes:
        style[name] = {"showline": True, "linecolor": "#444444", "gridcolor": "#E5E5E5"}
    fig.update_layout(_merged(style, layout))
    return fig


def _merged(base: dict, override: dict) -> dict:
    """`base` updated by `override`, nested dictionaries merged key by key (as
    successive `update_layout` calls would merge them)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def optimum_marker(point, *, presenter: bool = False, name: str) -> go.Scatter:
    """The closed-form optimum: a large vermillion star, the same on every chart."""
    size = sizes(presenter)
    return go.Scatter(
        x=[point[0]],
        y=[point[1]],
        mode="markers",
        marker={
            "symbol": "star",
            "size": size.marker + 14,
            "color": CLOSED_FORM,
            "line": {"width": 2, "color": "white"},
        },
        name=name,
    )


def rule(
    fig: go.Figure, *, x: float | None = None, y: float | None = None, **shape
) -> None:
    """A line across the whole plot: vertical at `x` or horizontal at `y`, with
    `shape`'s line and label. What ``fig.add_vline`` and ``add_hline`` draw, at
    a third of their cost (they re-examine every shape of the figure on each
    call, ~14 ms; the ridge page drew eight on every rerun)."""
    if x is not None:
        ends = {"x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
    else:
        ends = {"y0": y, "y1": y, "yref": "y", "x0": 0, "x1": 1, "xref": "x domain"}
    fig.add_shape(type="line", **ends, **shape)


def plain(names):
    """Names from an uploaded file as plain text in plotly, which reads titles,
    tick labels and hover templates as a small HTML dialect with %{…} fields."""
    if isinstance(names, str):
        return html.escape(names).replace("%{", "%&#123;")
    return [plain(name) for name in names]


# More points than this only slow the browser down without changing the picture.
MAX_POINTS = 5000


def shown_rows(n_rows: int) -> np.ndarray:
    """Indices of the rows a scatter plot draws: all, or MAX_POINTS evenly spaced."""
    if n_rows <= MAX_POINTS:
        return np.arange(n_rows)
    return np.linspace(0, n_rows - 1, MAX_POINTS).astype(int)
