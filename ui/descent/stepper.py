"""Step-by-step mode: one iteration at a time, the update written out in numbers."""

import numpy as np
import streamlit as st

import solvers
from figures import descent as figures
from figures import latex
from ui.frame import charts
from ui.frame.compute import DescentView
from ui.frame.controls import Number, Toggle, number, toggle

STEP_MODE = Toggle(
    "steps",
    "Step by step",
    help="Advance one iteration at a time and see the gradient and the update.",
)
STEP = Number("t", "Iteration t", 0, 20000, 0)


def switch(where=st) -> bool:
    """The step-by-step toggle."""
    return toggle(STEP_MODE, where)


def show(view: DescentView, run: solvers.DescentResult, presenter: bool) -> None:
    """The current iterate, the gradient there, and the update to the next one."""
    n_iter = len(view.path) - 1
    back, forward, _ = st.columns([1, 1, 4])
    back.button("◀ Back", on_click=_move, args=(-1, n_iter), width="stretch")
    forward.button("Next step ▶", on_click=_move, args=(1, n_iter), width="stretch")
    t = min(number(STEP), n_iter)
    axes = list(view.surface.axes)
    following = view.path[min(t + 1, n_iter)]
    chart, algebra = st.columns([3, 2], gap="large")
    with chart:
        shown = (
            view.path[: t + 1, axes],
            view.optimum[axes],
            (following - view.path[t])[axes],
        )
        charts.show(
            charts.cached(
                figures.step_figure,
                view.surface,
                *shown,
                axis_titles=view.axis_titles,
                presenter=presenter,
            ),
            key="step_chart",
        )
    with algebra:
        grad = solvers.gradient(view.X, view.y, view.path[t])
        learning_rate = run.learning_rate
        st.markdown(
            f"**Iteration t = {t}** of {n_iter}, cost J(wₜ) = {run.cost_history[t]:.6g}"
        )
        st.latex(r"w_t = " + latex.matrix(view.path[t]))
        st.latex(
            r"\nabla J(w_t) = \tfrac{1}{n}X^\top(Xw_t - y) = " + latex.matrix(grad)
        )
        st.latex(
            rf"w_{{t+1}} = w_t - {learning_rate:.3g}\,\nabla J(w_t) = "
            + latex.matrix(view.path[t] - learning_rate * grad)
        )
        if t == n_iter:
            st.info("This is the last iteration of the run.", icon=":material/flag:")
        elif not np.allclose(
            view.path[t] - learning_rate * grad, following, rtol=1e-9, atol=0
        ):
            st.caption(
                "With momentum or mini-batches the actual next point differs: "
                "the arrow shows the step really taken."
            )
        st.caption("Rows: " + ", ".join(view.names) + ".")


def _move(delta: int, n_iter: int) -> None:
    st.session_state[STEP.key] = int(
        np.clip(st.session_state[STEP.key] + delta, 0, n_iter)
    )
