"""Gradient descent: many cheap steps down the cost surface to the same weights."""

import streamlit as st

from ui.descent import controls, geometry, player, stepper
from ui.descent.controls import (
    BATCH,
    CLICKED_START,
    COMPARE,
    MAX_ITER,
    MOMENTUM,
    STANDARDIZE,
    START,
)
from ui.frame import compute, dataset, ending, exports, navigation
from ui.frame.controls import choice, held, number, toggle
from ui.frame.weights import side_by_side, weight_names
from ui.quiz import predict

navigation.start_page(
    __file__,
    "Gradient descent",
    "Start somewhere, look at the slope, step downhill, repeat: "
    "**w ← w − η ∇J(w)**. Each step is cheap, but it takes many, it needs a "
    "learning rate η, and its path depends on the shape of the cost bowl. Drag "
    "η, β or the number of steps beside the chart, or click the bowl to start "
    "somewhere else: the path redraws at once and walks to the normal "
    "equation's answer (the star).",
)

data = dataset.current()
presenter = dataset.presenter()
names = weight_names(data.X.shape[1])
reference, singular_note = compute.reference_fit(data.X, data.y)

# The chart comes first on every screen (on a phone, above all the controls);
# it is drawn into this place once the widgets below it have been read.
chart_place = st.container()
with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
    standardize = toggle(STANDARDIZE)
    compare = toggle(COMPARE)
    start = choice(START, widget="radio")
    with st.popover("More options"):
        step_mode = stepper.switch()
        predicting = predict.switch()
        batch_size = number(BATCH)
axes = controls.plotted_axes(names)


def descent() -> None:
    """The run, its player, messages and weights: what a move of η, β, the
    steps or the start changes, rerun alone when the player sends one."""
    learning_rate = controls.learning_rate_for(data)  # None: 1/μ_max
    max_iter = held(MAX_ITER)
    if (affordable := compute.affordable_max_iter(max_iter, len(names))) < max_iter:
        chart_place.info(
            f"{max_iter:,} steps × {len(names)} weights is more than the app keeps for "
            f"one run: running {affordable:,} steps.",
            icon=":material/memory:",
        )
        max_iter = affordable
    momentum = held(MOMENTUM)
    clicked_start = held(CLICKED_START)

    options = {
        "learning_rate": learning_rate,
        "max_iter": max_iter,
        "standardize": standardize,
        "momentum": momentum,
        "batch_size": batch_size or None,
    }
    init = compute.initial_weights(
        data,
        reference,
        start,
        standardize=standardize,
        clicked_start=clicked_start,
        axes=axes,
    )
    run = compute.descent(data.X, data.y, init=init, **options)
    if learning_rate is None:
        controls.keep_learning_rate(data, run.learning_rate)
    home = compute.initial_weights(
        data, reference, start, standardize=standardize, clicked_start=None, axes=axes
    )
    minibatch = bool(batch_size) and batch_size < len(data.y)
    view = compute.descent_view(data, run, reference, axes)

    if predicting:
        controls.learning_rate_box(run.learning_rate)
        settings = (
            f"{data.preset}-{run.learning_rate}-{max_iter}-{standardize}-{momentum}"
        )
        questions = predict.descent_questions(run, view, run.learning_rate, max_iter)
        if not predict.ask(questions, settings):
            ending.stop()

    if step_mode:
        with chart_place:
            stepper.show(view, run, presenter)
    else:
        with chart_place:
            player.show(
                view,
                run,
                key="descent",
                presenter=presenter,
                explore=True,
                max_iter=max_iter,
                clicked_start=clicked_start,
                batch_size=batch_size if minibatch else None,
                file_name="gradient_descent_trajectory.csv",
                home=player.drawn_start(run, home),
            )
            if len(names) > 3:
                st.caption("The other weights are held at the normal-equation optimum.")
        if minibatch:
            st.caption(
                f"Stochastic steps: each uses {batch_size} samples in an order that "
                "is the same for every run (one seed), so your browser replays the "
                "server's path at once."
            )
        if compare:
            st.subheader("Same start, same steps: raw vs standardized features")
            player.compare_scaling(
                data, reference, axes, max_iter=max_iter, presenter=presenter, init=init
            )

    if singular_note:
        st.info(singular_note, icon=":material/info:")
    limit = (
        f"Stability limit for this data: {run.stability_formula} = "
        f"{geometry.limit_formula(run)} = **{run.stability_limit:.3g}**"
    )
    message = geometry.outcome(run)
    if run.status == "converged":
        st.success(f"{message} {limit}.", icon=":material/check_circle:")
    elif run.status == "diverged":
        st.error(message, icon=":material/error:")
    else:
        st.warning(f"{message} {limit}.", icon=":material/hourglass_bottom:")

    st.subheader("Same weights?")
    side_by_side(run.weights, reference.weights, n_iter=run.n_iter)

    generated = dataset.settings() if dataset.is_generated() else None
    exports.reproduce_in_python(run, generated, options)


if predicting:  # the answers come first: nothing below shows until then
    descent()
else:
    ending.fragment(descent)
geometry.explain(data, standardize=standardize)
ending.end_page()
