"""The numbers a figure draws, as one table (what its "download the numbers"
button saves), read off the figure itself so that the file and the picture can
never disagree."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Trace types drawn from a grid z over x and y (one row per grid cell).
_GRIDS = ("heatmap", "contour", "surface")


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """Every data point of `fig`, one row each: the series it belongs to, then
    x, y and, where the figure has them, z.

    Reference lines and markers count as series too: their numbers are drawn.
    A grid (heatmap, contour, surface) gives one row per cell.

    Parameters
    ----------
    fig : plotly Figure

    Returns
    -------
    DataFrame with columns "series", "x", "y" and, for grids and 3-D traces, "z".
    """
    parts = []
    for number, trace in enumerate(fig.data, start=1):
        name = trace.name or f"{trace.type} {number}"
        if trace.type in _GRIDS:
            part = _grid(trace)
        else:
            columns = {
                axis: _values(getattr(trace, axis, None)) for axis in ("x", "y", "z")
            }
            columns = {k: v for k, v in columns.items() if v is not None}
            if not columns:
                continue
            length = max(len(v) for v in columns.values())
            if "x" not in columns and trace.type == "bar":  # y alone: bars 0, 1, …
                columns["x"] = np.arange(length)
            part = pd.DataFrame({k: _padded(v, length) for k, v in columns.items()})
        part.insert(0, "series", name)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["series", "x", "y"])
    table = pd.concat(parts, ignore_index=True)
    ordered = [c for c in ("series", "x", "y", "z") if c in table]
    return table[ordered]


def _grid(trace) -> pd.DataFrame:
    z = np.asarray(trace.z, dtype=float)
    rows, cols = z.shape
    x = _values(trace.x)
    y = _values(trace.y)
    x = np.arange(cols) if x is None else np.asarray(x)
    y = np.arange(rows) if y is None else np.asarray(y)
    if x.ndim == 2:  # a surface over a mesh
        xs, ys = x.ravel(), y.ravel()
    else:
        xs, ys = np.tile(x, rows), np.repeat(y, cols)
    return pd.DataFrame({"x": xs, "y": ys, "z": z.ravel()})


def _values(value):
    if value is None:
        return None
    array = np.asarray(value)
    if array.ndim == 0:
        return None
    return array


def _padded(values: np.ndarray, length: int) -> np.ndarray:
    """`values` as a column `length` long (plotly repeats nothing: short arrays
    just stop; the rest are missing)."""
    if len(values) == length:
        return values
    out = np.full(length, np.nan, dtype=object)
    out[: len(values)] = values
    return out


def named_values(names, values, *, limit: int = 12, digits: int = 4) -> str:
    """ "a = 1.5, b = −2" for a summary; past `limit` entries only the `limit`
    largest in size are named, with how many there are."""
    values = np.asarray(values, dtype=float)
    shown = np.arange(len(values))
    lead = ""
    if len(values) > limit:
        shown = np.sort(
            np.argsort(-np.nan_to_num(np.abs(values)), kind="stable")[:limit]
        )
        lead = f"the {limit} largest in size of {len(values)}: "
    return lead + ", ".join(f"{names[i]} = {number(values[i], digits)}" for i in shown)


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def vector(values, digits: int = 4) -> str:
    """ "(1.5, −2)" for a summary: each entry as `number` writes it."""
    return "(" + ", ".join(number(v, digits) for v in values) + ")"


def number(value: float, digits: int = 4) -> str:
    """A value for a sentence: `digits` significant digits, plain from 0.0001 up
    to a million (12500, not 1.25e+04), "3.1 × 10⁻⁹" beyond, a true minus sign,
    and words for what is not a finite number."""
    value = float(value)
    if np.isnan(value):
        return "undefined"
    if np.isinf(value):
        return "infinite" if value > 0 else "minus infinity"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    if value == 0 or -4 <= int(exponent) < 6:
        text = f"{float(f'{value:.{digits}g}'):.{max(digits, 7)}g}"
    else:
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        text = f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"
    return text.replace("-", "−")
