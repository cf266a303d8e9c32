"""Showing two weight vectors side by side, the same way on every page."""

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

import solvers
from ui.frame import presenter


def weight_names(n_features: int) -> list[str]:
    """Display names of [intercept, coef₁ … coef_p]."""
    return ["intercept b", *(f"w{j}" for j in range(1, n_features + 1))]


def side_by_side(
    iterative: np.ndarray,
    closed_form: np.ndarray,
    *,
    iterative_name: str = "gradient descent",
    closed_form_name: str = "normal equation",
    n_iter: int | None = None,
) -> solvers.Agreement:
    """A table of both weight vectors and their difference, and one sentence on
    whether they agree."""
    match = solvers.agreement(iterative, closed_form)
    names = weight_names(len(closed_form) - 1)
    columns = {
        iterative_name: iterative,
        closed_form_name: closed_form,
        "|difference|": match.abs_diff,
    }
    if presenter.active():
        # HTML, so presenter mode's larger fonts apply.
        table = pd.DataFrame(columns, index=names)
        st.table(table.style.format("{:.8g}"))
    else:
        st.dataframe(
            # An Arrow table as Streamlit sends it: a pandas frame converted on
            # every move of the descent player took a tenth of its rerun.
            pa.table({"weight": names, **columns}),
            # Formatted in the browser: a pandas Styler formats every cell in
            # Python, a quarter of a gradient descent rerun's server time.
            column_config={
                "weight": st.column_config.TextColumn(pinned=True, width=95),
                **{
                    column: st.column_config.NumberColumn(format="%.8g")
                    for column in columns
                },
            },
            hide_index=True,
            width="stretch",
            height=presenter.table_height(len(names), False, most=432),
        )
    after = f" after {n_iter} iterations" if n_iter is not None else ""
    if match.agrees(6):
        st.success(
            f"Same weights: {iterative_name} and the {closed_form_name} agree to "
            f"{match.significant_digits} significant digits{after}.",
            icon=":material/check_circle:",
        )
    else:
        gap = (
            f"largest relative difference {match.max_rel_diff:.2g}"
            if np.isfinite(match.max_rel_diff)
            else f"the {iterative_name} weights are not finite numbers"
        )
        shared = (
            f"they agree to {match.significant_digits} significant digits"
            if match.significant_digits >= 1
            else "they do not share even their first digit"
        )
        st.warning(
            f"Not the same yet: {shared}{after} ({gap}).",
            icon=":material/pending:",
        )
    return match
