"""The gradient descent settings, declared once for every page that offers them.

η, β, the number of steps and a clicked start point are changed on the descent
player itself (`ui.descent.player`), which redraws at once; the rest are widgets.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

import solvers
from ui.frame import compute, ending
from ui.frame.controls import Choice, Number, Point, Toggle, choice, held, hold

LEARNING_RATE = Number(
    "lr",
    "Learning rate η",
    1e-6,
    10.0,
    0.1,
    step=0.0,
    help="Step size. Steps at or above the stability limit 2/μ_max make J explode. "
    "Unless a lesson link sets it, each dataset opens at 1/μ_max, half the limit.",
)
MAX_ITER = Number("iters", "Maximum iterations", 1, 50000, 500, step=1)
STANDARDIZE = Toggle(
    "standardize", "Standardize features", help="Rescale every feature to mean 0, sd 1."
)
MOMENTUM = Number("momentum", "Momentum β", 0.0, 0.95, 0.0, step=0.01)
BATCH = Number("batch", "Batch size (0 = all samples)", 0, 2000, 0, step=1)
START = Choice(
    "start",
    "Start point",
    ("zeros", "mirror"),
    "zeros",
    {"zeros": "all weights 0", "mirror": "mirror image of w*"},
)
CLICKED_START = Point(
    "from",
    "Start point clicked on the bowl",
    1e9,
    help="The two plotted weights of a start point chosen on the chart.",
)
COMPARE = Toggle(
    "compare",
    "Raw vs standardized",
    help="Below the chart, the same start and steps: the raw features at 95% of "
    "their stability limit, and the standardized ones at their best η, "
    "2/(μ_max + μ_min).",
)


# Session state: (η, the data it was chosen on) for `learning_rate_for`.
_CHOSEN_FOR = "learning_rate_chosen_for"


def learning_rate_for(data) -> float | None:
    """The η a lesson link or the player chose on `data`, or None: then the
    solver takes a stable η computed from the data (1/μ_max). An η chosen on
    other data (before an upload or another preset) is not carried over: 0.1 on
    house prices, whose limit is about 1e-4, would open on an explosion.

    Parameters
    ----------
    data : solvers.Dataset
    """
    value = held(LEARNING_RATE)
    if LEARNING_RATE.key not in st.session_state:
        return None
    here = _identity(data)
    chosen = st.session_state.get(_CHOSEN_FOR)
    if chosen is None or chosen[0] != value:  # a link or the player chose it now
        st.session_state[_CHOSEN_FOR] = (value, here)
        return value
    return value if chosen[1] == here else None


def keep_learning_rate(data, learning_rate: float) -> None:
    """After `learning_rate_for` gave None although an η was held: hold the η the
    run used instead, so that the link and the player show it."""
    if LEARNING_RATE.key in st.session_state:
        hold(LEARNING_RATE, learning_rate)
        st.session_state[_CHOSEN_FOR] = (
            st.session_state[LEARNING_RATE.key],
            _identity(data),
        )


def _identity(data) -> tuple:
    """Which dataset this is, cheaply: its name, shape and a digest of y."""
    digest = hashlib.blake2b(np.ascontiguousarray(data.y).tobytes(), digest_size=8)
    return data.preset, data.X.shape, digest.hexdigest()


def learning_rate_box(learning_rate: float) -> None:
    """η as a number box, for when the player (which holds the η control) is not
    shown: predict mode hides the chart until the guess is in."""
    # The box shows the η in use, also after a move on the player.
    if st.session_state.get("learning_rate_box") != learning_rate:
        st.session_state["learning_rate_box"] = learning_rate
    st.number_input(
        LEARNING_RATE.label,
        min_value=LEARNING_RATE.min_value,
        max_value=LEARNING_RATE.max_value,
        format="%.4g",
        step=None,
        key="learning_rate_box",
        help="The chart, with its own η slider, appears once you have predicted.",
        on_change=lambda: hold(LEARNING_RATE, st.session_state["learning_rate_box"]),
    )


def plotted_axes(names: list[str]) -> tuple[int, int]:
    """The two weights the bowl is drawn over: x1 and x2 (or the intercept and
    x1 with one feature), chosen with two select boxes when there are more. Two
    equal choices stop the page with the reason."""
    axes = (0, 1) if len(names) == 2 else (1, 2)
    if len(names) > 3:
        pick = st.columns(4)
        horizontal = Choice("wx", "Horizontal axis", tuple(names), names[axes[0]])
        vertical = Choice("wy", "Vertical axis", tuple(names), names[axes[1]])
        axes = (
            names.index(choice(horizontal, pick[0])),
            names.index(choice(vertical, pick[1])),
        )
    if axes[0] == axes[1]:
        st.warning("Pick two different weights for the contour plot.")
        ending.stop()
    return axes


@dataclass(frozen=True)
class ChosenRun:
    """The run the page's settings ask for, as `chosen_run` computes it.

    Attributes
    ----------
    run : solvers.DescentResult
    view : ui.frame.compute.DescentView
        The run as drawn.
    options : dict
        `solvers.gradient_descent`'s options for it.
    max_iter, asked_max_iter : int
        The step budget it ran with, and the one asked for (larger when the
        app cannot keep that many steps of that many weights).
    init, home : ndarray or None
        Its start in original units (None: zeros), and the lesson's start
        before any click (for the bowl's frame).
    clicked_start : tuple of float or None
    minibatch : bool
        It ran with mini-batches smaller than the data.
    """

    run: solvers.DescentResult
    view: compute.DescentView
    options: dict
    max_iter: int
    asked_max_iter: int
    init: np.ndarray | None
    home: np.ndarray | None
    clicked_start: tuple[float, float] | None
    minibatch: bool


def chosen_run(
    data: solvers.Dataset,
    reference: solvers.LinearFit,
    *,
    standardize: bool,
    start: str,
    axes: tuple[int, int],
    batch_size: int,
) -> ChosenRun:
    """Gradient descent on `data` with the held η, β, steps and clicked start
    and these widgets' settings: cached, so the page's full run (for the
    player) and its fragment (for the numbers) share one run."""
    learning_rate = learning_rate_for(data)  # None: 1/μ_max
    asked = held(MAX_ITER)
    max_iter = compute.affordable_max_iter(asked, data.X.shape[1] + 1)
    clicked_start = held(CLICKED_START)
    options = {
        "learning_rate": learning_rate,
        "max_iter": max_iter,
        "standardize": standardize,
        "momentum": held(MOMENTUM),
        "batch_size": batch_size or None,
    }
    weights_at = dict(standardize=standardize, axes=axes)
    init = compute.initial_weights(
        data, reference, start, clicked_start=clicked_start, **weights_at
    )
    run = compute.descent(data.X, data.y, init=init, **options)
    if learning_rate is None:
        keep_learning_rate(data, run.learning_rate)
    return ChosenRun(
        run=run,
        view=compute.descent_view(data, run, reference, axes),
        options=options,
        max_iter=max_iter,
        asked_max_iter=asked,
        init=init,
        home=compute.initial_weights(
            data, reference, start, clicked_start=None, **weights_at
        ),
        clicked_start=clicked_start,
        minibatch=bool(batch_size) and batch_size < len(data.y),
    )
