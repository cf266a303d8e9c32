"""The normal equation's pieces as pictures (Xᵀy, XᵀX, its eigenvalues, w*), the
fitted model, and the formula with the actual numbers in LaTeX."""

import math

import numpy as np
import plotly.graph_objects as go

from figures import latex, style
from figures.chart import Chart
from figures.numbers import named_values, number
from solvers.linear import Refusal

# Up to this many bars, Xᵀy is printed on them; up to this many rows/columns,
# XᵀX prints every entry (in a third of a laptop's width, six columns would
# leave cells narrower than their labels).
MAX_ANNOTATED = 8
MAX_ANNOTATED_GRAM = 5


def moment_chart(
    moment: np.ndarray, names: list[str], *, presenter: bool = False
) -> Chart:
    """Bars of Xᵀy, one per weight.

    Parameters
    ----------
    moment : ndarray of shape (n_params,)
    names : list of str, length n_params
        The columns of X: "1", then the features.
    """
    words = describe_moment(moment, names)
    names = style.plain(names)
    size = style.sizes(presenter)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=moment,
            marker={"color": style.SKY, "line": {"width": 1, "color": style.BLUE}},
            text=_labels(moment) if len(names) <= MAX_ANNOTATED else None,
            textposition="outside",
            cliponaxis=False,
            textfont={"size": size.font * 0.8, "color": "#111111"},
            hovertemplate="%{x}: %{y:.6g}<extra>Xᵀy</extra>",
            name="Xᵀy",
        )
    )
    style.apply_layout(
        fig, presenter=presenter, yaxis={"title": "Xᵀy"}, **_bar_axes(names)
    )
    return Chart(fig, words)


def gram_heatmap(
    gram: np.ndarray, names: list[str], *, presenter: bool = False
) -> Chart:
    """XᵀX as a heatmap on a diverging scale centred at 0, annotated when small.

    Parameters
    ----------
    gram : ndarray of shape (n_params, n_params)
    names : list of str, length n_params
    """
    words = describe_gram(gram, names)
    names = style.plain(names)
    size = style.sizes(presenter)
    span = float(np.abs(gram).max()) or 1.0
    annotate = len(names) <= MAX_ANNOTATED_GRAM
    fig = go.Figure(
        go.Heatmap(
            z=gram,
            x=names,
            y=names,
            colorscale=style.SIGNED_SCALE,
            zmin=-span,
            zmax=span,
            zmid=0,
            # Narrower cells, fewer digits: the labels must not run into each other.
            text=[_labels(row, 3 if len(names) <= 3 else 2) for row in gram]
            if annotate
            else None,
            texttemplate="%{text}" if annotate else None,
            textfont={"size": size.font * (0.8 if len(names) <= 4 else 0.6)},
            colorbar={"thickness": 16},
            hovertemplate="row %{y}, column %{x}: %{z:.6g}<extra>XᵀX</extra>",
            xgap=1,
            ygap=1,
        )
    )
    style.apply_layout(
        fig,
        presenter=presenter,
        xaxis={"side": "top", "showgrid": False, "showline": False},
        yaxis={"autorange": "reversed", "showgrid": False, "showline": False},
        # The row names need little room (automargin widens it for long ones),
        # so the cells get the width.
        margin={"l": 40, "t": 60, "b": 20},
    )
    return Chart(fig, words)


def eigenvalue_chart(
    eigenvalues: np.ndarray, *, full_rank: bool = False, presenter: bool = False
) -> Chart:
    """The eigenvalues of XᵀX on a log scale; those that are zero to working
    precision are drawn as crosses at that precision's floor.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
        Ascending, as `LinearFit.eigenvalues` returns them.
    full_rank : bool
        X has full rank (read off its scaled design): crosses are then rounding,
        not a singular direction, and are labelled so.
    """
    size = style.sizes(presenter)
    floor, zero = _rounding_floor(eigenvalues)
    largest = float(np.abs(eigenvalues).max()) or 1.0
    index = np.arange(1, len(eigenvalues) + 1)
    shown = np.where(zero, floor, eigenvalues)
    decades = float(np.log10(largest / shown.min()))
    fig = go.Figure()
    for mask, name, color, symbol in (
        (~zero, "eigenvalue of XᵀX (= n·μ)", style.BLUE, "circle"),
        (
            zero,
            "lost to rounding (X has full rank)"
            if full_rank
            else "≈ 0: singular direction",
            style.CLOSED_FORM,
            "x",
        ),
    ):
        if not mask.any():
            continue
        fig.add_scatter(
            x=index[mask],
            y=shown[mask],
            customdata=eigenvalues[mask],
            mode="markers",
            marker={"size": size.marker + 4, "color": color, "symbol": symbol},
            name=name,
            hovertemplate="eigenvalue %{x} = %{customdata:.4g}<extra></extra>",
        )
    style.apply_layout(
        fig,
        presenter=presenter,
        xaxis={
            "title": "k (smallest first)",
            "range": [0.5, len(index) + 0.5],
            "dtick": 1 if len(index) <= 12 else None,
        },
        yaxis={
            "title": "eigenvalue of XᵀX (log scale)",
            "automargin": True,  # room for the title beside wide power labels
            "type": "log",
            "exponentformat": "power",
            # Label powers of ten (at most ~6 of them) unless under two decades.
            "dtick": max(1, math.ceil(decades / 6)) if decades > 2 else None,
        },
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        margin={"t": 50},
    )
    return Chart(fig, describe_eigenvalues(eigenvalues, full_rank=full_rank))


def weights_chart(
    weights: np.ndarray,
    truth: np.ndarray | None,
    names: list[str],
    label: str = "w*",
    *,
    presenter: bool = False,
) -> Chart:
    """The fitted weights next to the true ones.

    Parameters
    ----------
    weights : ndarray of shape (n_params,)
        [intercept, coef₁ … coef_p].
    truth : ndarray of shape (n_params,) or None
        The true weights, left out when None (real data).
    names : list of str, length n_params
    label : str
        Legend name of the fitted weights.
    """
    fig = go.Figure()
    series = [(weights, label, style.CLOSED_FORM)]
    if truth is not None:
        series.append((truth, "true weights", style.TRUTH))
    for (values, name, color), pattern in zip(series, style.BAR_PATTERNS, strict=False):
        fig.add_bar(
            x=names,
            y=values,
            name=name,
            marker={"color": color, "pattern": {"shape": pattern}},
            hovertemplate="%{x}: %{y:.6g}<extra>" + name + "</extra>",
        )
    style.apply_layout(
        fig,
        presenter=presenter,
        barmode="group",
        showlegend=True,
        yaxis={"title": "weight", "zeroline": True, "zerolinecolor": "#444444"},
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        **_bar_axes(names),
    )
    return Chart(fig, describe_weights(weights, truth, names, label))


def fitted_model(
    X: np.ndarray,
    y: np.ndarray,
    intercept: float,
    coef: np.ndarray,
    feature_names: tuple[str, ...],
    *,
    presenter: bool = False,
) -> Chart:
    """The fit drawn with the data: a line (one feature), a plane (two), or
    predicted against actual y with the y = x diagonal (more).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    intercept : float
    coef : ndarray of shape (n_features,)
    feature_names : tuple of str, length n_features
    """
    return Chart(
        _fit_figure(X, y, intercept, coef, feature_names, presenter),
        describe_fit(X, y, intercept, coef, feature_names),
    )


def _fit_figure(X, y, intercept, coef, feature_names, presenter) -> go.Figure:
    rows = style.shown_rows(len(y))
    X, y, feature_names = X[rows], y[rows], style.plain(feature_names)
    size = style.sizes(presenter)
    marker = {"color": style.DATA, "size": size.marker * 0.7, "opacity": 0.75}
    if X.shape[1] == 1:
        x = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        fig = go.Figure(
            [
                go.Scatter(x=X[:, 0], y=y, mode="markers", marker=marker, name="data"),
                go.Scatter(
                    x=x,
                    y=intercept + coef[0] * x,
                    mode="lines",
                    line={"color": style.CLOSED_FORM, "width": size.line},
                    name=f"ŷ = {intercept:.4g} + {coef[0]:.4g}·{feature_names[0]}",
                ),
            ]
        )
        return style.apply_layout(
            fig,
            presenter=presenter,
            xaxis={"title": feature_names[0]},
            yaxis={"title": "y"},
            legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
        )
    if X.shape[1] == 2:
        return _plane(X, y, intercept, coef, feature_names, size, presenter)
    predicted = X @ coef + intercept
    low = float(min(predicted.min(), y.min()))
    high = float(max(predicted.max(), y.max()))
    fig = go.Figure(
        [
            go.Scatter(
                x=[low, high],
                y=[low, high],
                mode="lines",
                line={"color": style.BLACK, "width": size.line * 0.6, "dash": "dash"},
                name="perfect fit: ŷ = y",
            ),
            go.Scatter(
                x=y,
                y=predicted,
                mode="markers",
                marker={**marker, "size": size.marker, "line": {"width": 1}},
                name="samples",
            ),
        ]
    )
    return style.apply_layout(
        fig,
        presenter=presenter,
        xaxis={"title": "actual y", "constrain": "domain"},
        yaxis={"title": "predicted ŷ", "scaleanchor": "x", "scaleratio": 1},
        legend={"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"},
    )


def latex_solution(
    gram: np.ndarray, moment: np.ndarray, weights: np.ndarray, singular: bool = False
) -> str:
    """w* = (XᵀX)⁻¹ Xᵀy with the numbers in; with the pseudo-inverse ⁺ when XᵀX is
    singular, which gives the minimum-norm w."""
    power, name = ("+", r"w^{+}") if singular else ("-1", "w^*")
    return (
        rf"\underbrace{{{latex.matrix(weights)}}}_{{{name}}} = "
        rf"\underbrace{{{latex.matrix(gram)}^{{{power}}}}}_{{(X^\top X)^{{{power}}}}}"
        rf"\underbrace{{{latex.matrix(moment)}}}_{{X^\top y}}"
    )


def _plane(X, y, intercept, coef, feature_names, size, presenter) -> go.Figure:
    grid = [np.linspace(X[:, j].min(), X[:, j].max(), 12) for j in (0, 1)]
    gx, gy = np.meshgrid(*grid)
    fig = go.Figure(
        [
            go.Surface(
                x=grid[0],
                y=grid[1],
                z=intercept + coef[0] * gx + coef[1] * gy,
                colorscale=[[0.0, "#FBE3D2"], [1.0, style.CLOSED_FORM]],
                opacity=0.55,
                showscale=False,
                name="fitted plane",
                hovertemplate="ŷ = %{z:.4g}<extra>fitted plane</extra>",
            ),
            go.Scatter3d(
                x=X[:, 0],
                y=X[:, 1],
                z=y,
                mode="markers",
                marker={"color": style.DATA, "size": size.marker * 0.45},
                name="data",
            ),
        ]
    )
    axis = {"backgroundcolor": "white", "gridcolor": "#DDDDDD"}
    return style.apply_layout(
        fig,
        presenter=presenter,
        scene={
            "xaxis": {"title": {"text": feature_names[0]}, **axis},
            "yaxis": {"title": {"text": feature_names[1]}, **axis},
            "zaxis": {"title": {"text": "y"}, **axis},
            "camera": {"eye": {"x": 1.3, "y": -1.3, "z": 0.7}},
        },
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        height=size.height + 80,
    )


def _rounding_floor(eigenvalues: np.ndarray) -> tuple[float, np.ndarray]:
    """The size below which an eigenvalue of XᵀX is rounding (ε·k·largest), and
    which eigenvalues are below it."""
    largest = float(np.abs(eigenvalues).max()) or 1.0
    floor = largest * np.finfo(float).eps * len(eigenvalues)
    return floor, eigenvalues <= floor


def describe_moment(moment: np.ndarray, names: list[str]) -> str:
    """What `moment_chart` shows, in words."""
    largest = int(np.argmax(np.abs(moment)))
    return (
        f"Xᵀy has one entry per column of X: {named_values(names, moment)}. The "
        "entry for the column of ones is the sum of y. Each other entry is the dot "
        "product of a feature with y; the largest in size is for "
        f"{names[largest]}."
    )


def describe_gram(gram: np.ndarray, names: list[str]) -> str:
    """What `gram_heatmap` shows, in words."""
    k = len(names)
    names = ["the column of ones", *names[1:]]
    diagonal = np.diag(gram)
    low, high = int(np.argmin(diagonal)), int(np.argmax(diagonal))
    text = (
        f"XᵀX is a symmetric {k}×{k} matrix. Its diagonal holds each column's "
        f"squared length, from {number(diagonal[low])} ({names[low]}) to "
        f"{number(diagonal[high])} ({names[high]}); the corner entry, for "
        f"{names[0]}, is n = {number(gram[0, 0])}."
    )
    lengths = np.sqrt(np.clip(diagonal, 0, None))
    if k > 1 and np.all(lengths > 0):
        cosines = gram / np.outer(lengths, lengths)
        rows, cols = np.triu_indices(k, 1)
        pair = int(np.argmax(np.abs(cosines[rows, cols])))
        i, j = rows[pair], cols[pair]
        text += (
            f" The two columns that point most nearly the same way are {names[i]} "
            f"and {names[j]}: entry {number(gram[i, j])}, cosine "
            f"{number(cosines[i, j], 3)} (±1 would make XᵀX singular, 0 is "
            "perpendicular)."
        )
    return text


def describe_eigenvalues(eigenvalues: np.ndarray, *, full_rank: bool = False) -> str:
    """What `eigenvalue_chart` shows, in words."""
    _, zero = _rounding_floor(eigenvalues)
    text = (
        f"The {len(eigenvalues)} eigenvalues of XᵀX, smallest first: "
        + ", ".join(number(v, 3) for v in eigenvalues[:12])
        + (", …" if len(eigenvalues) > 12 else "")
        + "."
    )
    if not zero.any():
        ratio = eigenvalues[-1] / eigenvalues[0]
        return text + (
            f" None is 0, so XᵀX has an inverse; largest over smallest, the "
            f"condition number of XᵀX, is {number(ratio, 3)}."
        )
    what = (
        "they are rounding: X has full rank, but XᵀX is too ill-conditioned to show it"
        if full_rank
        else "XᵀX is singular and has no inverse"
    )
    return text + f" {int(zero.sum())} of them are 0 to working precision: {what}."


def describe_weights(
    weights: np.ndarray,
    truth: np.ndarray | None,
    names: list[str],
    label: str = "w*",
) -> str:
    """What `weights_chart` shows, in words."""
    text = f"Bars of the weights, {label}: {named_values(names, weights)}."
    if truth is None:
        return text
    gap = np.abs(np.asarray(weights) - np.asarray(truth))
    worst = int(np.argmax(gap))
    return text + (
        " Beside each, a bar of the true weight: "
        f"{named_values(names, truth)}. They differ most for {names[worst]}, by "
        f"{number(gap[worst], 3)} (noise in y moves the fit off the truth)."
    )


def describe_fit(
    X: np.ndarray,
    y: np.ndarray,
    intercept: float,
    coef: np.ndarray,
    feature_names: tuple[str, ...],
) -> str:
    """What `fitted_model` shows, in words (same arguments)."""
    predicted = X @ coef + intercept
    total = float(np.sum((y - y.mean()) ** 2))
    r2 = 1 - float(np.sum((y - predicted) ** 2)) / total if total > 0 else np.nan
    shared = (
        f" R² = {number(r2, 4)}: the fit explains that share of y's variance."
        if np.isfinite(r2)
        else ""
    )
    if X.shape[1] == 1:
        return (
            f"The {len(y)} samples, y against {feature_names[0]}, and the fitted "
            f"line ŷ = {number(intercept)} + {number(coef[0])}·{feature_names[0]}."
            + shared
        )
    if X.shape[1] == 2:
        return (
            f"A 3-D view of the {len(y)} samples over {feature_names[0]} and "
            f"{feature_names[1]}, and the fitted plane ŷ = {number(intercept)} + "
            f"{number(coef[0])}·{feature_names[0]} + {number(coef[1])}·"
            f"{feature_names[1]}." + shared
        )
    return (
        f"With {X.shape[1]} features the fit cannot be drawn over them: each of "
        f"the {len(y)} samples is a point at its actual y (across) and predicted ŷ "
        "(up). On the dashed diagonal ŷ = y the prediction would be perfect." + shared
    )


def explain_refusal(refusal: Refusal) -> str:
    """Why the normal equation refused (`solvers.SingularMatrixError.refusal`) and
    what to do instead, with the numbers, for a student."""
    if refusal.reason == "too_few_samples":
        return _too_few_samples(refusal)
    smallest, largest = refusal.singular_extremes
    if refusal.reason == "ill_conditioned":
        kappa = largest / smallest
        return (
            f"The columns of X are independent, but so nearly dependent that κ(X) ≈ "
            f"{kappa:.1e} even after centring and scaling them. The normal equation "
            f"forms XᵀX, which squares that to κ ≈ {kappa**2:.1e}: about "
            f"{np.log10(kappa**2):.0f} digits at risk where a double holds 16, so "
            f"its answer would be mostly rounding noise. lstsq and pinv work on X "
            f"itself and risk only about {np.log10(kappa):.0f}: use them (or ridge "
            f"with λ > 0, which changes the question)."
        )
    names = [_column_name(j, refusal.has_intercept) for j in refusal.dependent_columns]
    if refusal.centred and len(names) == 1:
        combination = f"the column {names[0]} is constant (a multiple of the ones)"
    else:
        combination = (
            f"the columns {', '.join(names)} are linearly dependent (one is a "
            f"combination of the others"
            + (", up to a constant" if refusal.centred else "")
            + ")"
        )
    return (
        f"XᵀX is singular: {combination}, so infinitely many weights fit equally "
        f"well (smallest/largest singular value of the centred, scaled X = "
        f"{smallest / largest:.1e})"
        + (
            f", and λ = {refusal.lam:g} is too small to fix it"
            if refusal.lam > 0
            else ""
        )
        + ". "
        + _FIX
    )


def explain_fallback(refusal: Refusal) -> str:
    """`explain_refusal`, then what is shown in the refused solve's place (lstsq's
    answer, `solvers.regularization.ridge_or_min_norm`)."""
    if refusal.kind == "rank_deficient":
        instead = (
            "Shown instead: the minimum-norm solution from lstsq, which is also "
            "where gradient descent started at zero ends up."
        )
    else:
        instead = "Shown instead: the same least-squares optimum, from lstsq."
    return f"{explain_refusal(refusal)} {instead}"


_FIX = (
    "Fix: use ridge with λ > 0 (XᵀX + λL is then invertible), or the "
    "'lstsq'/'pinv' methods, which return the minimum-norm solution."
)


def _too_few_samples(refusal: Refusal) -> str:
    n_samples, n_params = refusal.n_samples, refusal.n_params
    unknowns = (
        f"{n_params} unknowns (intercept + {n_params - 1} features)"
        if refusal.has_intercept
        else f"{n_params} unknowns"
    )
    return (
        f"XᵀX is singular: {unknowns} but only {n_samples} "
        f"sample{'' if n_samples == 1 else 's'}, so its rank "
        f"is at most {n_samples} < {n_params} and infinitely many weights fit "
        f"equally well. " + _FIX
    )


def _column_name(j: int, has_intercept: bool) -> str:
    """Column j of the design: "intercept" for the ones, else "x1", "x2", …"""
    if has_intercept:
        return "intercept" if j == 0 else f"x{j}"
    return f"x{j + 1}"


def _labels(values: np.ndarray, digits: int = 4) -> list[str]:
    """Each value to `digits` significant digits, with no exponent below 10⁶
    (100, not 1e+02)."""
    return [f"{float(f'{v:.{digits}g}'):.{max(digits, 6)}g}" for v in values]


def _bar_axes(names: list[str]) -> dict:
    """Angle the tick labels when there are many bars; leave room for labels."""
    many = len(names) > 8
    return {
        "xaxis": {"tickangle": -45 if many else 0},
        "margin": {"t": 40, "b": 90 if many else 60},
    }
