"""Gradient descent: many cheap steps down the cost surface to the same weights."""

import numpy as np
import streamlit as st

import solvers
from figures import descent as figures
from ui import compute, dataset, navigation
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
axes = (0, 1) if len(names) == 2 else (1, 2)
if len(names) > 3:
    pick = panel.columns(2)
    axes = (
        choice(Choice("wx", "Horizontal axis", tuple(names), names[axes[0]]), pick[0]),
        choice(Choice("wy", "Vertical axis", tuple(names), names[axes[1]]), pick[1]),
    )
    axes = tuple(names.index(name) for name in axes)
    if axes[0] == axes[1]:
        st.warning("Pick two different weights for the contour plot.")
        st.stop()

init = -reference.weights if start == "mirror" else None
result = compute.descent(
    data.X,
    data.y,
    learning_rate=learning_rate,
    max_iter=max_iter,
    standardize=standardize,
    momentum=momentum,
    batch_size=batch_size or None,
    init=init,
)

# Standardized runs are drawn in the coordinates they ran in: that is where the
# contours are round.
scaling = result.standardization
to_view = scaling.to_standardized if scaling else np.atleast_2d
view_X = scaling.transform(data.X) if scaling else data.X
path = to_view(result.weights_history)
center = to_view(reference.weights)[0]
surface = compute.surface(view_X, data.y, center, axes, path=path)
suffix = " (standardized)" if scaling else ""
axis_titles = tuple(names[a] + suffix for a in axes)

with panel:
    if singular_note:
        st.info(singular_note, icon=":material/info:")
    limit = f"Stability limit for this data: 2/λ_max = **{result.stability_limit:.3g}**"
    if result.status == "converged":
        st.success(f"{result.message} {limit}.", icon=":material/check_circle:")
    elif result.status == "diverged":
        st.error(result.message, icon=":material/error:")
    else:
        st.warning(f"{result.message} {limit}.", icon=":material/hourglass_bottom:")

with chart:
    st.plotly_chart(
        figures.contour_animation(
            surface,
            path[:, axes],
            center[list(axes)],
            axis_titles=axis_titles,
            presenter=presenter,
        ),
        theme=None,
        key="contour",
    )
    if len(names) > 3:
        st.caption("The other weights are held at the normal-equation optimum.")
with panel:
    excess = solvers.excess_cost(
        result.weights_history, reference.weights, reference.gram / len(data.y)
    )
    distance = solvers.distances(result.weights_history, reference.weights)
    st.plotly_chart(
        figures.convergence_chart(
            excess, distance, presenter=presenter, title="How close after t steps"
        ).update_layout(height=380),
        theme=None,
        key="convergence",
    )

st.subheader("Same weights?")
side_by_side(result.weights, reference.weights, n_iter=result.n_iter)
