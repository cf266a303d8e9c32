"""Pictures of the dataset: y against each feature, and the true coefficients."""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures import style
from figures.chart import Chart
from figures.numbers import named_values
from solvers.datasets import Dataset

# More panels than this get too small to read on a projector.
MAX_PANELS = 6

# The names of `solvers.datasets.PRESETS`, as the sidebar shows them.
PRESET_LABELS = {
    "well_conditioned": "Well conditioned",
    "badly_scaled": "Badly scaled feature",
    "collinear": "Nearly collinear features",
    "valley": "Correlated features (a tilted valley)",
    "duplicated": "Duplicated feature",
    "wide": "More features than samples (p > n)",
}

_PRESET_STORIES = {
    "well_conditioned": (
        "Independent features on the same scale. The normal equation and gradient "
        "descent both reach the same best fit quickly."
    ),
    "badly_scaled": (
        "Feature x1 is multiplied by 100, which stretches the cost contours into a "
        "long narrow valley. Gradient descent needs a tiny learning "
        "rate and many steps; the normal equation does not care."
    ),
    "collinear": (
        "x2 is almost a copy of x1 (x2 = x1 + 0.001·noise), so XᵀX is nearly "
        "singular. The normal equation becomes numerically fragile and its "
        "coefficients for x1 and x2 can be far from the true ones."
    ),
    "valley": (
        "x2 follows x1 closely (correlation 0.99) on twice its scale, so the cost "
        "bowl is a long valley tilted against both axes. Plain gradient descent "
        "zig-zags across it and crawls along it; momentum, conjugate gradient and "
        "Newton's step show what they are for."
    ),
    "duplicated": (
        "x2 is an exact copy of x1, so XᵀX is singular and cannot be inverted. "
        "The normal equation fails (a pseudo-inverse still works) and only the sum "
        "of the x1 and x2 coefficients can be learned."
    ),
    "wide": (
        "More features (p = {n_features}) than samples (n = {n_samples}, at most "
        "half of p), so XᵀX is singular and many coefficient vectors fit the "
        "training data perfectly."
    ),
}


def describe_preset(preset: str, n_samples: int, n_features: int) -> str:
    """What is special about a preset's data and what it will show, for students
    (`n_samples`, `n_features`: the data's shape, which "wide" quotes)."""
    return _PRESET_STORIES[preset].format(n_samples=n_samples, n_features=n_features)


def describe_dataset(data: Dataset) -> str:
    """The dataset's story: real data's own card, else its preset's
    (`describe_preset`)."""
    if data.description or data.preset not in _PRESET_STORIES:
        return data.description
    return describe_preset(data.preset, *data.X.shape)


def feature_scatter(
    X: np.ndarray,
    y: np.ndarray,
    feature_names: tuple[str, ...],
    columns: np.ndarray,
    correlations: np.ndarray,
    *,
    presenter: bool = False,
) -> Chart:
    """Small multiples: y against each chosen feature, with its correlation.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    feature_names : tuple of str, length n_features
    columns : ndarray of int
        The features to draw, in panel order (at most `MAX_PANELS`).
    correlations : ndarray of shape (n_features,)
        Each feature's correlation with y, shown in the panel's title.
    """
    words = describe_feature_scatter(feature_names, columns, correlations, len(y))
    columns = np.asarray(columns)[:MAX_PANELS]
    rows = style.shown_rows(len(y))
    X, y, feature_names = X[rows], y[rows], style.plain(feature_names)
    size = style.sizes(presenter)
    n_cols = min(len(columns), 2 if presenter else 3)
    n_rows = math.ceil(len(columns) / n_cols)
    fig = make_subplots(
        rows=n_rows,
        cols=n_cols,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        vertical_spacing=0.3 / n_rows,
        subplot_titles=[
            f"{feature_names[j]}   (r = {correlations[j]:+.2f})" for j in columns
        ],
    )
    for k, j in enumerate(columns):
        row, col = divmod(k, n_cols)
        fig.add_scatter(
            x=X[:, j],
            y=y,
            mode="markers",
            marker={
                "color": style.DATA,
                "size": size.marker * 0.7,
                "opacity": 0.7,
                "line": {"width": 0.5, "color": "white"},
            },
            name=feature_names[j],
            hovertemplate=f"{feature_names[j]}=%{{x:.4g}}<br>y=%{{y:.4g}}<extra></extra>",
            row=row + 1,
            col=col + 1,
        )
    fig.update_yaxes(title_text="y", col=1)
    style.apply_layout(
        fig,
        presenter=presenter,
        showlegend=False,
        height=n_rows * (size.height * 0.62) + 60,
        margin={"t": 60},
    )
    fig.update_annotations(font={"size": size.font})
    return Chart(fig, words)


def true_coefficients(
    feature_names: tuple[str, ...],
    coef: np.ndarray,
    intercept: float,
    *,
    presenter: bool = False,
) -> Chart:
    """The weights the data were generated with: intercept b, then w₁ … w_p.

    Parameters
    ----------
    feature_names : tuple of str, length n_features
    coef : ndarray of shape (n_features,)
    intercept : float
    """
    size = style.sizes(presenter)
    names = ["intercept b", *(f"w{j}" for j in range(1, len(feature_names) + 1))]
    values = np.concatenate([[intercept], coef])
    labels = len(values) <= 12
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker={"color": style.TRUTH},
            text=[f"{v:.4g}" for v in values] if labels else None,
            textposition="outside",
            textfont={"size": size.font, "color": "#111111"},
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.6g}<extra></extra>",
            name="true weights",
        )
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        yaxis={"title": "true value", "zeroline": True, "zerolinecolor": "#444444"},
        xaxis={"tickangle": -45 if len(values) > 12 else 0},
        margin={"t": 50},
        height=size.height * 0.8,
    )
    return Chart(fig, describe_true_coefficients(coef, intercept))


def describe_feature_scatter(
    feature_names: tuple[str, ...],
    columns: np.ndarray,
    correlations: np.ndarray,
    n_samples: int,
) -> str:
    """What `feature_scatter` shows, in words (same arguments, and the row count)."""
    columns = [int(j) for j in np.asarray(columns)[:MAX_PANELS]]
    drawn = len(style.shown_rows(n_samples))
    points = (
        f"{n_samples} points"
        if drawn == n_samples
        else (f"{drawn} of the {n_samples} rows, evenly spaced")
    )
    text = (
        f"{len(columns)} scatter plot{'s' if len(columns) > 1 else ''} of y against "
        f"one feature each, {points} in each. Correlation r with y: "
        + ", ".join(
            f"{feature_names[j]} {correlations[j]:+.2f}".replace("-", "−")
            for j in columns
        )
        + "."
    )
    finite = [j for j in columns if np.isfinite(correlations[j])]
    if finite:
        strongest = max(finite, key=lambda j: abs(correlations[j]))
        text += (
            f" y follows {feature_names[strongest]} most closely; an r near 0 means "
            "no straight-line trend in that feature alone."
        )
    return text


def describe_true_coefficients(coef: np.ndarray, intercept: float) -> str:
    """What `true_coefficients` shows, in words."""
    names = ["intercept b", *(f"w{j}" for j in range(1, len(coef) + 1))]
    values = np.concatenate([[intercept], coef])
    zero = int(np.sum(coef == 0))
    text = f"The weights y was generated with: {named_values(names, values)}."
    if zero:
        text += (
            f" {zero} of the {len(coef)} feature weights are exactly 0: those "
            "features play no part in y, and a good fit finds them near 0."
        )
    return text
