"""Downloads: the descent trajectory as CSV, and a script that reproduces the run."""

import numpy as np
import pandas as pd
import streamlit as st

import solvers
from ui.snippet import reproduce_script


def dataset_table(data: solvers.Dataset) -> pd.DataFrame:
    """The data as one table: the features, then the target."""
    # An uploaded feature may itself be called "y": keep the target's column distinct.
    target = "y (target)" if "y" in data.feature_names else "y"
    table = pd.DataFrame(data.X, columns=list(data.feature_names))
    table[target] = data.y
    return table


def trajectory_table(run: solvers.DescentResult, names: list[str]) -> pd.DataFrame:
    """One row per iteration: the weights (original units), cost and gradient norm."""
    table = pd.DataFrame(run.weights_history, columns=names)
    table.insert(0, "iteration", np.arange(len(table)))
    table["cost J"] = run.cost_history
    table["gradient norm"] = run.grad_norm_history
    return table


def descent_downloads(
    run: solvers.DescentResult,
    names: list[str],
    settings: dict | None,
    options: dict,
) -> None:
    """The trajectory CSV and, for generated data, the reproduce-in-Python script.

    `settings` are the dataset's `solvers.make_dataset` arguments (None for data
    that was uploaded); `options` the full-batch `gradient_descent` options.
    """
    st.download_button(
        "Download the trajectory (CSV)",
        lambda: trajectory_table(run, names).to_csv(index=False),  # built on click
        file_name="gradient_descent_trajectory.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    with st.expander(":material/code: Reproduce in Python"):
        if settings is None:
            st.caption("Available for generated data: uploaded data stays with you.")
            return
        if options.get("batch_size"):
            st.caption("The script runs full-batch descent (no mini-batches).")
        script = reproduce_script(
            settings,
            {**options, "learning_rate": run.learning_rate},
            run.weights_history[0],
        )
        # Shown on request: the code highlighter is a large script for the
        # browser, which every first visit would otherwise load.
        if st.toggle("Show the script", key="show_script"):
            st.code(script, language="python")
        st.download_button(
            "Download the script",
            script,
            file_name="normal_equation_vs_gradient_descent.py",
            mime="text/x-python",
            icon=":material/download:",
        )
