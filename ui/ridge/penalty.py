"""What the ridge penalty does, as the ridge page shows it: why L leaves the
intercept alone, and how any λ > 0 rescues a singular XᵀX.

Used by pages/ridge.py only; every number comes from `solvers.LinearFit`.
"""

import math

import streamlit as st

import solvers
from figures import data as figures_data
from figures import ridge as figures_ridge
from ui.frame import dataset
from ui.frame.weights import weight_names

# (name on the page, whether L penalizes the intercept too)
CHOICES_OF_L = (("L = diag(0,1,…,1)", False), ("L = I", True))


def intercepts(
    free: solvers.LinearFit, shrunk: solvers.LinearFit, lam: float, *, where=st
) -> None:
    """The intercept and training MSE with and without b penalized, side by
    side, and what penalizing b does to the fit.

    Parameters
    ----------
    free, shrunk : solvers.LinearFit
        The ridge fits at `lam` with L = diag(0, 1, …, 1) and with L = I.
    """
    for cell, (name, _), shown in zip(
        where.columns(2), CHOICES_OF_L, (free, shrunk), strict=True
    ):
        cell.markdown(f"**{name}**")
        cell.metric("intercept b", f"{shown.intercept:.4g}")
        cell.metric("training MSE", f"{shown.mse:.4g}")
    where.markdown(
        f"At λ = {lam:g}, penalizing the intercept moves it from {free.intercept:.4g} "
        f"to {shrunk.intercept:.4g}: the whole fit sinks toward y = 0 and the training "
        f"MSE goes from {free.mse:.4g} to {shrunk.mse:.4g}. Add a constant to every y "
        "and the unpenalized intercept moves with it, the penalized one lags behind: "
        "the fit would depend on where zero happens to be on the y scale. (Even "
        "unpenalized, b moves with λ: it takes up what the shrinking slopes no longer "
        "explain, tending to the mean of y.)"
    )


def rescue(
    verdict,
    failure: str | None,
    data: solvers.Dataset,
    plain: solvers.LinearFit,
    fit: solvers.LinearFit,
    lam: float,
    note: str | None,
) -> None:
    """How the plain normal equation fares on the current data (`verdict`), and
    when it fails, its weights beside ridge's and whether this λ rescues it.

    Parameters
    ----------
    verdict : solvers.regularization.Verdict
        The plain normal equation's judgement: a ``status`` ("singular",
        "unstable" or "fine") and its condition number.
    failure : str or None
        Why the plain solve was refused, if it was (said with the verdict).
    data : solvers.Dataset
        The data fitted; its true weights are shown when it was generated.
    plain, fit : solvers.LinearFit
        The fits at λ = 0 and at `lam`.
    note : str or None
        Why the ridge solve at `lam` failed, if it did.
    """
    show = {"singular": st.error, "unstable": st.warning, "fine": st.info}
    show[verdict.status](
        figures_ridge.describe_verdict(verdict, failure), icon=":material/functions:"
    )
    if verdict.status == "fine":
        st.markdown(
            "Pick the *collinear* or *duplicated* dataset to see ridge rescue it."
        )
        return
    known = dataset.is_generated()
    names = weight_names(len(fit.weights) - 1)
    table = {"weight": names, "λ = 0": plain.weights, f"λ = {lam:g}": fit.weights}
    truths = {"true": [data.intercept_true, *data.coef_true]} if known else {}
    st.dataframe(table | truths, hide_index=True)
    if known and data.preset in ("collinear", "duplicated"):
        st.caption(figures_data.describe_dataset(data))
    if lam == 0:
        st.info("Move λ above 0: any λ > 0 makes XᵀX + λL invertible.")
    elif note:
        st.warning(f"λ = {lam:g} is not enough for these columns: move it up.")
    elif math.isfinite(fit.condition_number):
        st.success(
            f"Ridge with λ = {lam:g}: cond(XᵀX + λL) = {fit.condition_number:.3g}, "
            "a reliable solve. Any λ > 0 makes XᵀX + λL invertible."
        )
    else:
        st.success(
            f"Ridge with λ = {lam:g}: on centred, scaled columns the system has "
            f"cond {fit.scaled_condition_number:.3g}, a reliable solve (the raw "
            "XᵀX + λL is singular to working precision: the columns' scales "
            "differ too much)."
        )
