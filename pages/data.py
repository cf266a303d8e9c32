"""The data: the table every other page fits, and the weights that generated it."""

import pandas as pd
import streamlit as st

from figures import data as figures
from solvers import anatomy
from ui.frame import charts, dataset, ending, exports, navigation, upload
from ui.frame import presenter as ui_presenter

navigation.start_page(
    __file__,
    "The data",
    "Every page fits the same table: n rows, each with p features x₁ … xₚ and a "
    "target y. Generated data comes with the truth: y was made as "
    "**y = b + w₁x₁ + … + wₚxₚ + noise**, and a good fit should find weights close "
    "to those. Change the data in the sidebar; every page follows.",
)

data = dataset.current()
presenter = dataset.presenter()
settings = dataset.settings()
known = dataset.is_generated()
n_samples, n_features = data.X.shape
frame = exports.dataset_table(data)

title = (
    figures.PRESET_LABELS[data.preset]
    if known
    else upload.SOURCE.format(upload.source())
)
st.info(f"**{title}.** {figures.describe_dataset(data)}")
counts = st.columns(4)
counts[0].metric("Samples n", n_samples)
counts[1].metric("Features p", n_features)
if known:
    counts[2].metric("True intercept b", f"{data.intercept_true:.4g}")
    counts[3].metric("Noise σ", f"{settings['noise']:.4g}")

table, stats = st.columns([3, 2], gap="large")
with table:
    st.subheader("The table")
    st.dataframe(
        frame,
        # column_config formats in the browser; a pandas Styler would format every
        # cell in Python on each rerun.
        column_config={
            column: st.column_config.NumberColumn(format="%.4g") for column in frame
        },
        height=ui_presenter.table_height(n_samples, presenter),
        key="table",
    )
    st.download_button(
        "Download as CSV",
        lambda: exports.csv_text(frame),  # built on click
        file_name=(
            f"{data.preset}_n{n_samples}_p{n_features}_seed"
            f"{settings['random_state']}.csv"
            if known
            else f"{data.preset}_data.csv"
        ),
        mime="text/csv",
        icon=":material/download:",
        key="download",
        on_click="ignore",
    )
with stats:
    st.subheader("Summary statistics")
    # The sd standardizing divides by (÷n), so that a standardized weight can
    # be checked by hand from this table.
    summary = anatomy.summary_statistics(
        data.X, data.y, data.feature_names, data.target_name, ddof=0
    )
    st.dataframe(
        pd.DataFrame(
            {
                "mean": summary.mean,
                "sd": summary.sd,
                "min": summary.min,
                "max": summary.max,
            },
            index=summary.names,
        ).style.format("{:.4g}", na_rep="—"),
        height=ui_presenter.table_height(len(summary.names), presenter),
        key="summary",
    )
    st.caption(
        "sd divides by n, as *Standardize features* does: a standardized weight "
        "is the raw weight × this sd. (The sample sd, which divides by n − 1, is "
        "a little larger.)"
    )

st.subheader("y against each feature")
r = anatomy.correlations(data.X, data.y)
if n_features > figures.MAX_PANELS:
    shown = anatomy.strongest_features(data.X, data.y, figures.MAX_PANELS)
    st.caption(
        f"Only the {figures.MAX_PANELS} of the {n_features} features most "
        "correlated with y (largest |r|) are drawn, strongest first."
    )
else:
    shown = list(range(n_features))
charts.show(
    charts.cached(
        figures.feature_scatter,
        data.X,
        data.y,
        data.feature_names,
        shown,
        r,
        presenter=presenter,
    ),
    key="scatter",
)
st.caption(
    "r is the correlation of the feature with y alone. With correlated features it "
    "can mislead: a feature's weight depends on the others, which is what the "
    "normal equation untangles."
)

st.subheader("The true weights")
if not known:
    st.info(
        "Real data has no true weights: nobody knows the b and w that made it. "
        "Choose *Generated* as the data source to compare fits with the truth.",
        icon=":material/help:",
    )
    ending.stop()
charts.show(
    charts.cached(
        figures.true_coefficients,
        data.feature_names,
        data.coef_true,
        data.intercept_true,
        presenter=presenter,
    ),
    key="truth",
)

ending.end_page()
