"""Every chart the same way: the picture, then what it shows in words and its
numbers to download, for a student who cannot see it (or wants the values).

A page draws a chart with one call, ``charts.show(chart, key=...)``, where the
chart (`figures.chart.Chart`) comes from its builder in `figures`, through
``charts.cached`` when the same arguments come back (most charts).
"""

import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st

from figures.chart import Chart
from ui.frame import cache, exports
from ui.frame.controls import escape

LABEL = "The chart in words, and its numbers"


def cached(build: Callable[..., Chart], *args, **kwargs) -> Chart:
    """`build(*args, **kwargs)`, built once for every session and rerun that
    asks for it with the same arguments (compared by content; held within
    `ui.frame.cache`'s budget).

    Building is most of a chart's server time (plotly validates every property
    it is given), and a class that opens one lesson link asks for the same
    charts 30 times. A chart is never changed once built, so one object serves
    them all.
    """
    return _built_once(build)(*args, **kwargs)


@functools.cache
def _built_once(build: Callable[..., Chart]) -> Callable[..., Chart]:
    return cache.memoize(build)


def show(chart: Chart, *, key: str, where=st, file_name: str | None = None) -> None:
    """Draw `chart`'s figure, and under it a closed expander with its words and
    a CSV of its numbers.

    Parameters
    ----------
    chart : figures.chart.Chart
    key : str
        The chart's key on the page; the CSV is named after it.
    where : streamlit container
    file_name : str, optional
        The CSV's name; by default the key's.
    """
    where.plotly_chart(chart.figure, theme=None, key=key)
    describe(
        chart.words, key=key, where=where, numbers=chart.table, file_name=file_name
    )


def describe(
    summary: str,
    *,
    key: str,
    numbers: pd.DataFrame | Callable[[], pd.DataFrame],
    where=st,
    file_name: str | None = None,
) -> None:
    """The expander alone, for a chart drawn some other way (the descent player).

    Parameters
    ----------
    summary : str
        Plain text (shown literally, never as markdown): what the chart shows,
        computed from the same numbers.
    key : str
    numbers : DataFrame, or a function that returns one
        The table to download (a function is called only when asked).
    where : streamlit container
    file_name : str, optional
    """
    with where.expander(LABEL, icon=":material/description:"):
        st.markdown(escape(summary))
        st.download_button(
            "Download the numbers (CSV)",
            # Built on click: most visits never ask.
            lambda: exports.csv_text(numbers() if callable(numbers) else numbers),
            file_name=file_name or f"{key}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"{key}_numbers",
            # No rerun: a rerun started by the same click retires the file's
            # id, and the download then fails if the rerun ends first.
            on_click="ignore",
        )
