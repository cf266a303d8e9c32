"""Downloads: CSV files safe to open in a spreadsheet, the descent trajectory as a
table, and a script that reproduces the run."""

import csv

import numpy as np
import pandas as pd
import streamlit as st

import solvers
from ui.frame.snippet import reproduce_script

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(table: pd.DataFrame) -> str:
    """`table` as CSV in which no text cell or header can run as a spreadsheet
    formula: those starting with = + - @, a tab or a carriage return get a leading
    apostrophe (OWASP's advice). Numbers are left as numbers."""

    def inert(value):
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    safe = table.rename(columns=lambda name: inert(str(name)))
    text_columns = [
        c for c in safe.columns if not pd.api.types.is_numeric_dtype(safe[c])
    ]
    for column in text_columns:
        safe[column] = safe[column].map(inert)
    # Text is quoted: pandas leaves a lone carriage return unquoted otherwise,
    # which splits the row for every CSV reader.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)


def dataset_table(data: solvers.Dataset) -> pd.DataFrame:
    """The data as one table: the features, then the target, by their names."""
    table = pd.DataFrame(data.X, columns=list(data.feature_names))
    table[data.target_name] = data.y  # a file's headers are distinct
    return table


def trajectory_table(run: solvers.DescentResult, names: list[str]) -> pd.DataFrame:
    """One row per iteration: the weights (original units), cost and gradient norm."""
    table = pd.DataFrame(run.weights_history, columns=names)
    table.insert(0, "iteration", np.arange(len(table)))
    table["cost J"] = run.cost_history
    table["gradient norm"] = run.grad_norm_history
    return table


def reproduce_in_python(
    run: solvers.DescentResult,
    settings: dict | None,
    options: dict,
) -> None:
    """For generated data, the script that reproduces `run` (its trajectory is
    downloaded with the chart's numbers, `ui.frame.charts`).

    `settings` are the dataset's `solvers.make_dataset` arguments (None for data
    that was uploaded); `options` the full-batch `gradient_descent` options.
    """
    with st.expander(":material/code: Reproduce in Python"):
        if settings is None:
            st.caption("Available for generated data: uploaded data stays with you.")
            return
        if options.get("batch_size"):
            st.caption("The script runs full-batch descent (no mini-batches).")

        def script() -> str:
            return reproduce_script(
                settings,
                {**options, "learning_rate": run.learning_rate},
                run.weights_history[0],
            )

        # Shown on request: the code highlighter is a large script for the
        # browser, which every first visit would otherwise load.
        if st.toggle("Show the script", key="show_script"):
            st.code(script(), language="python")
        st.download_button(
            "Download the script",
            script,  # written when clicked, not on every move of the player
            file_name="normal_equation_vs_gradient_descent.py",
            mime="text/x-python",
            icon=":material/download:",
            on_click="ignore",
        )
