"""Gradient descent: many cheap steps down the cost surface to the same weights."""

import streamlit as st

import solvers
from figures import descent as figures
from ui import compute, dataset, descent_chart, exports, navigation, predict, stepper
from ui.controls import Choice, choice, number, toggle
from ui.descent_controls import (
    BATCH,
    ITERATIONS,
    LEARNING_RATE,
    MOMENTUM,
    STANDARDIZE,
    START,
)
from ui.weights import side_by_side, weight_names

navigation.start_page(
    __file__,
    "Gradient descent",
    "Start somewhere, look at the slope, step downhill, repeat: "
    "**w ← w − η ∇J(w)**. Each step is cheap, but it takes many, it needs a "
    "learning rate η, and its path depends on the shape of the cost surface. "
    "Press **▶ Play** to watch it walk to the normal equation's answer (the star).",
)

data = dataset.current()
presenter = dataset.presenter()
names = weight_names(data.X.shape[1])
reference, singular_note = compute.reference_fit(data.X, data.y)

chart, panel = st.columns([3, 2], gap="large")
with panel:
    learning_rate = choice(LEARNING_RATE, widget="select_slider")
    max_iter = number(ITERATIONS)
    standardize = toggle(STANDARDIZE)
    with st.expander("Start point, momentum, mini-batches"):
        start = choice(START, widget="radio")
        momentum = number(MOMENTUM)
        batch_size = number(BATCH)
    modes = st.columns(2)
    step_mode = stepper.switch(modes[0])
    predicting = predict.switch(modes[1])
    axes = (0, 1) if len(names) == 2 else (1, 2)
    if len(names) > 3:
        pick = st.columns(2)
        horizontal = Choice("wx", "Horizontal axis", tuple(names), names[axes[0]])
        vertical = Choice("wy", "Vertical axis", tuple(names), names[axes[1]])
        axes = (
            names.index(choice(horizontal, pick[0])),
            names.index(choice(vertical, pick[1])),
        )
if axes[0] == axes[1]:
    st.warning("Pick two different weights for the contour plot.")
    navigation.stop()

options = {
    "learning_rate": learning_rate,
    "max_iter": max_iter,
    "standardize": standardize,
    "momentum": momentum,
    "batch_size": batch_size or None,
}
init = -reference.weights if start == "mirror" else None
run = compute.descent(data.X, data.y, init=init, **options)
view = compute.descent_view(data, run, reference, axes)

if predicting:
    settings = f"{data.preset}-{learning_rate}-{max_iter}-{standardize}-{momentum}"
    with chart:
        questions = predict.descent_questions(run, view, learning_rate, max_iter)
        ready = predict.ask(questions, settings)
    if not ready:
        navigation.stop()

with panel:
    if singular_note:
        st.info(singular_note, icon=":material/info:")
    limit = (
        f"Stability limit for this data: {run.stability_formula} = "
        f"**{run.stability_limit:.3g}**"
    )
    if run.status == "converged":
        st.success(f"{run.message} {limit}.", icon=":material/check_circle:")
    elif run.status == "diverged":
        st.error(run.message, icon=":material/error:")
    else:
        st.warning(f"{run.message} {limit}.", icon=":material/hourglass_bottom:")

if step_mode:
    stepper.show(view, run, presenter)
else:
    with chart:
        descent_chart.show(view, presenter, key="contour")
        if len(names) > 3:
            st.caption("The other weights are held at the normal-equation optimum.")
    with panel:
        excess = solvers.excess_cost(
            run.weights_history, reference.weights, reference.gram / len(data.y)
        )
        distance = solvers.distances(run.weights_history, reference.weights)
        st.plotly_chart(
            figures.convergence_chart(
                excess, distance, presenter=presenter, title="How close after t steps"
            ).update_layout(height=380),
            theme=None,
            key="convergence",
        )

st.subheader("Same weights?")
side_by_side(run.weights, reference.weights, n_iter=run.n_iter)
generated = dataset.settings() if dataset.is_generated() else None
exports.descent_downloads(run, names, generated, options)

navigation.end_page()
