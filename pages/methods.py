"""Every road to w*: Newton's step, conjugate gradient, momentum, Nesterov and SGD
racing plain gradient descent from one start on one bowl."""

import pandas as pd
import streamlit as st

from figures import methods as figures
from solvers.descent import best_settings, curvature_range
from ui.descent import controls, player, racers
from ui.descent.controls import CLICKED_START, MAX_ITER, STANDARDIZE
from ui.frame import charts, compute, dataset, ending, navigation
from ui.frame.controls import Toggle, held, toggle
from ui.frame.weights import weight_names

navigation.start_page(
    __file__,
    "Every road to w*",
    "Between the one-shot normal equation and plain gradient descent lie the "
    "roads practice takes: **Newton's step** (on this cost, the normal equation "
    "itself), **conjugate gradient** (at most one step per weight), **momentum** "
    "and **Nesterov** (speed carried along a long valley, after swinging across "
    "it) and **SGD** (a few samples a step). They race from one start (click the "
    "bowl to move it), with settings computed from the data.",
)
CHOICES = [
    Toggle(f"race_{r.key}", r.label, r.key in racers.DEFAULT) for r in racers.RACERS
]

data = dataset.current()
presenter = dataset.presenter()
names = weight_names(data.X.shape[1])
reference, singular_note = compute.reference_fit(data.X, data.y)
if singular_note:
    st.warning(
        f"{singular_note} Newton's step and the other roads need a unique w*: "
        "choose other data in the sidebar.",
        icon=":material/warning:",
    )
    ending.stop()
max_iter = held(MAX_ITER)
clicked_start = held(CLICKED_START)
chart_place = st.container()
with st.container(horizontal=True, gap="small"):
    chosen = [
        r.key for r, spec in zip(racers.RACERS, CHOICES, strict=True) if toggle(spec)
    ]
standardize = toggle(STANDARDIZE)
if not chosen:
    st.info("Switch on at least one method to race.", icon=":material/toggle_on:")
    ending.stop()

axes = controls.plotted_axes(names)
eigenvalues = compute.curvatures(data.X, data.y, standardize=standardize)[0]
if clicked_start is None:  # the lesson's start: far along the valley, off its floor
    clicked_start = racers.valley_start(data, reference.weights, axes, standardize)
init = compute.initial_weights(
    data,
    reference,
    "zeros",
    standardize=standardize,
    clicked_start=clicked_start,
    axes=axes,
)
budget = compute.affordable_max_iter(max_iter, len(names))
runs = racers.race(
    ["gd", *chosen], data, init=init, standardize=standardize, max_iter=budget
)
# The player's frame and its own settings come from plain descent's run (it has
# an η and a stability limit); the racers are drawn over it.
lead = runs["gd"]
runs = {key: runs[key] for key in chosen}
view = compute.descent_view(data, lead, reference, axes)
outcomes = racers.outcomes(runs, data.X, view.optimum, standardize)
with chart_place:
    player.show(
        view,
        lead,
        key="race",
        presenter=presenter,
        explore=True,
        max_iter=max_iter,
        clicked_start=clicked_start,
        race=racers.entries(chosen, eigenvalues, max_iter),
        file_name="race_gradient_descent_trajectory.csv",
        words=figures.describe_race(outcomes),
    )
    if len(names) > 3:
        st.caption("The other weights start at the normal-equation optimum.")

if dataset.is_generated():
    with st.expander("Six lessons on a tilted valley", icon=":material/link:"):
        numbers, links = racers.lessons(dataset.settings())
        captions = figures.lesson_captions(numbers)
        for (label, params), caption in zip(links, captions, strict=True):
            query = dataset.link_settings() | params
            st.page_link("pages/methods.py", label=label, query_params=query)
            st.caption(caption)

st.subheader("The race, run again by the Python solvers")
st.dataframe(pd.DataFrame(figures.race_rows(outcomes)), hide_index=True)
st.caption(figures.describe_race(outcomes))

st.subheader("Why each road takes the steps it takes")
low, high = curvature_range(eigenvalues)
plain, heavy = (
    best_settings(eigenvalues, k) for k in ("gradient_descent", "heavy_ball")
)
st.markdown(figures.rates_text(low, high, plain.factor, heavy.factor))
curves = racers.momentum_curves(tuple(eigenvalues))
st.markdown("**Steps against β in theory, each β at its best η**")
charts.show(figures.momentum_chart(curves, presenter=presenter), key="momentum_steps")
with st.expander(
    "Newton's one step is the normal equation", icon=":material/functions:"
):
    st.latex(figures.NEWTON_LATEX)
    st.markdown(figures.NEWTON_TEXT)
with st.expander(
    "Why conjugate gradient needs at most p + 1 steps", icon=":material/route:"
):
    st.markdown(figures.conjugate_text(len(reference.weights), high / low))
with st.expander("Standardizing is preconditioning", icon=":material/tune:"):
    kappas = [
        compute.condition_number(data.X, data.y, standardize=s) for s in (False, True)
    ]
    st.markdown(figures.preconditioning_text(*kappas))

ending.end_page()
