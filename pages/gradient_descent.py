"""Gradient descent: many cheap steps down the cost surface to the same weights."""

import streamlit as st

from ui.descent import controls, geometry, player, stepper
from ui.descent.controls import (
    BATCH,
    COMPARE,
    STANDARDIZE,
    START,
)
from ui.frame import compute, dataset, ending, exports, navigation
from ui.frame.controls import choice, number, toggle
from ui.frame.weights import side_by_side, weight_names
from ui.quiz import predict

navigation.start_page(
    __file__,
    "Gradient descent",
    "Start somewhere, look at the slope, step downhill, repeat: "
    "**w ← w − η ∇J(w)**. Each step is cheap, but it takes many, it needs a "
    "learning rate η, and its path depends on the shape of the cost bowl. Drag "
    "η, β or the number of steps with the chart's own controls, or click the "
    "bowl to start somewhere else: the path redraws at once and walks to the "
    "normal equation's answer (the star).",
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


FRAGMENT = "descent"  # what a move on the player reruns
widgets = dict(standardize=standardize, start=start, axes=axes, batch_size=batch_size)
# The player is drawn by the page's full runs only: a move on it reruns the
# fragment below (the player has drawn the move already), not the player.
if not (predicting or step_mode):
    with chart_place:
        chosen = controls.chosen_run(data, reference, **widgets)
        player.mount_chosen(
            chosen, key="descent", presenter=presenter, rerun_fragment=FRAGMENT
        )


def descent() -> None:
    """The run's numbers, messages and weights: what a move of η, β, the steps
    or the start changes, rerun alone when the player sends one."""
    chosen = controls.chosen_run(data, reference, **widgets)
    run, view, max_iter = chosen.run, chosen.view, chosen.max_iter
    if max_iter < chosen.asked_max_iter:
        chart_place.info(
            f"{chosen.asked_max_iter:,} steps × {len(names)} weights is more than "
            f"the app keeps for one run: running {max_iter:,} steps.",
            icon=":material/memory:",
        )
    if predicting:
        controls.learning_rate_box(run.learning_rate)
        momentum = chosen.options["momentum"]
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
            if predicting:  # answered: the player appears now
                player.mount_chosen(chosen, key="descent", presenter=presenter)
            player.describe(
                view, run, key="descent", file_name="gradient_descent_trajectory.csv"
            )
            if len(names) > 3:
                st.caption("The other weights are held at the normal-equation optimum.")
        if chosen.minibatch:
            st.caption(
                f"Stochastic steps: each uses {batch_size} samples in an order that "
                "is the same for every run (one seed), so your browser replays the "
                "server's path at once."
            )
        if compare:
            st.subheader("Same start, same steps: raw vs standardized features")
            player.compare_scaling(
                data,
                reference,
                axes,
                max_iter=max_iter,
                presenter=presenter,
                init=chosen.init,
            )

    if singular_note:
        st.info(singular_note, icon=":material/info:")
    geometry.outcome_message(run)
    st.subheader("Same weights?")
    side_by_side(run.weights, reference.weights, n_iter=run.n_iter)
    generated = dataset.settings() if dataset.is_generated() else None
    exports.reproduce_in_python(run, generated, chosen.options)


if predicting:  # the answers come first: nothing below shows until then
    descent()
else:
    ending.fragment(descent, key=FRAGMENT)
geometry.explain(data, standardize=standardize, player=not step_mode)
ending.end_page()
