"""A chart as a page shows it: the figure, what it shows in words, and its numbers.

Every chart builder in `figures` returns one, so that the words and the numbers
are computed from the same arguments as the picture, and a page draws all three
with one call (`ui.frame.charts.show`).
"""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from figures.numbers import figure_table


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure, its summary in words, and the numbers behind it.

    Attributes
    ----------
    figure : plotly Figure
        Never changed once built: one object may serve every session.
    words : str
        Plain text (not markdown): what the figure shows, for a student who
        cannot see it.
    numbers : DataFrame, optional
        The table to download when the data behind the chart says more than its
        drawn points; by default, every point the figure draws (`table`).
    """

    figure: go.Figure
    words: str
    numbers: pd.DataFrame | None = None

    def table(self) -> pd.DataFrame:
        """The chart's numbers: `numbers`, else every point of every series."""
        return figure_table(self.figure) if self.numbers is None else self.numbers
