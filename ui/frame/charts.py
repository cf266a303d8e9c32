"""Every chart the same way: the picture, then what it shows in words and its
numbers to download, for a student who cannot see it (or wants the values)."""

import functools
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.numbers import figure_table
from ui.frame import cache, exports
from ui.frame.controls import escape

LABEL = "The chart in words, and its numbers"


def figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """`builder(*args, **kwargs)`, built once for every session and rerun that
    asks for it with the same arguments (compared by content; held within
    `ui.frame.cache`'s budget).

    Building is most of a chart's server time (plotly validates every property
    it is given), and a class that opens one lesson link asks for the same
    figures 30 times. A figure is never changed once built, so one object
    serves them all.
    """
    return _built_once(builder)(*args, **kwargs)


@functools.cache
def _built_once(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    return cache.memoize(builder)


def show(
    fig: go.Figure,
    *,
    key: str,
    summary: str,
    where=st,
    numbers: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
    file_name: str | None = None,
) -> None:
    """Draw `fig`, and under it a closed expander with `summary` and a CSV of the
    numbers drawn.

    Parameters
    ----------
    fig : plotly Figure
    key : str
        The chart's key on the page; the CSV is named after it.
    summary : str
        Plain text (shown literally, never as markdown): what the chart shows,
        computed from the same numbers.
    where : streamlit container
    numbers : DataFrame or a function that returns one, optional
        The table to download instead of the figure's own points (when the data
        behind the chart says more than its drawn points).
    file_name : str, optional
        The CSV's name; by default the key's.
    """
    where.plotly_chart(fig, theme=None, key=key)
    describe(
        summary, key=key, where=where, numbers=numbers, fig=fig, file_name=file_name
    )


def describe(
    summary: str,
    *,
    key: str,
    where=st,
    numbers: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
    fig: go.Figure | None = None,
    file_name: str | None = None,
) -> None:
    """The expander alone, for a chart drawn some other way (the descent player)."""
    with where.expander(LABEL, icon=":material/description:"):
        st.markdown(escape(summary))
        st.download_button(
            "Download the numbers (CSV)",
            # Built on click: most visits never ask.
            lambda: exports.csv_text(_table(numbers, fig)),
            file_name=file_name or f"{key}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"{key}_numbers",
            # No rerun: a rerun started by the same click retires the file's
            # id, and the download then fails if the rerun ends first.
            on_click="ignore",
        )


def _table(numbers, fig) -> pd.DataFrame:
    if numbers is None:
        return figure_table(fig)
    return numbers() if callable(numbers) else numbers
