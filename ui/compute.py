"""Cached calls into `solvers`: each result is computed once per distinct input and
shared by every page and rerun. Errors are not cached; pages report them."""

import numpy as np
import streamlit as st

import solvers


@st.cache_data(max_entries=32, show_spinner=False)
def dataset(**settings) -> solvers.Dataset:
    """`solvers.make_dataset` for the sidebar's settings."""
    return solvers.make_dataset(**settings)


@st.cache_data(max_entries=64, show_spinner=False)
def closed_form(
    X: np.ndarray,
    y: np.ndarray,
    *,
    method: str = "solve",
    lam: float = 0.0,
    penalize_intercept: bool = False,
) -> solvers.LinearFit:
    """Ridge (λ = 0: the normal equation) by the chosen method."""
    return solvers.ridge(
        X, y, lam, method=method, penalize_intercept=penalize_intercept
    )


@st.cache_data(max_entries=32, show_spinner=False)
def descent(X: np.ndarray, y: np.ndarray, **options) -> solvers.DescentResult:
    """`solvers.gradient_descent` with the page's options."""
    return solvers.gradient_descent(X, y, **options)


@st.cache_data(max_entries=32, show_spinner=False)
def surface(
    X: np.ndarray,
    y: np.ndarray,
    center: np.ndarray,
    axes: tuple[int, int],
    *,
    lam: float = 0.0,
    path: np.ndarray | None = None,
) -> solvers.CostSurface:
    """`solvers.cost_surface` on the default grid."""
    return solvers.cost_surface(X, y, center, axes, lam=lam, path=path)


def reference_fit(X: np.ndarray, y: np.ndarray, lam: float = 0.0):
    """The closed-form optimum to compare against, and a note when XᵀX (+ λL) is
    singular so that the minimum-norm least-squares solution stands in for it."""
    try:
        return closed_form(X, y, lam=lam), None
    except solvers.SingularMatrixError as error:
        note = (
            f"{error} Here the comparison uses the minimum-norm solution from lstsq, "
            "which is also where gradient descent started at zero ends up."
        )
        return closed_form(X, y, method="lstsq", lam=lam), note
