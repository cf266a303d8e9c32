"""Predict, then run: questions answered before the result is shown, then graded
against what the computation actually did."""

import numpy as np
import streamlit as st

import solvers
from figures.descent import describe_outcome
from ui.frame.controls import Toggle, toggle
from ui.quiz.questions import Question

PREDICT_MODE = Toggle(
    "predict",
    "Predict before you run",
    help="Answer a question about the run first; the result grades your guess.",
)


def switch(where=st) -> bool:
    """The predict-first toggle."""
    return toggle(PREDICT_MODE, where)


def ask(questions: list[Question], settings_key: str) -> bool:
    """Ask the questions; return True once the student has answered and pressed
    Run, i.e. when the result may be shown. Changing the settings asks again."""
    revealed = f"predict_revealed_{settings_key}"
    with st.container(border=True):
        st.markdown("**Predict first.** Answer, then press *Run* to see and grade it.")
        for question in questions:
            question.ask(horizontal=True)
        answered = all(st.session_state.get(q.key) for q in questions)
        clicked = st.button(
            "Run", type="primary", disabled=not answered, key=f"run_{settings_key}"
        )
        if clicked:
            st.session_state[revealed] = True
        if not st.session_state.get(revealed):
            return False
        for question in questions:
            question.grade(st.session_state.get(question.key))
    return True


_OUTCOMES = {
    "converged": "converge",
    "max_iter": "run out of iterations",
    "diverged": "diverge",
}


def descent_questions(run, view, learning_rate: float, max_iter: int) -> list[Question]:
    """Two questions about a gradient descent run, answered by the run itself."""
    outcome = Question(
        "guess_outcome",
        f"With η = {learning_rate:g}, what will gradient descent do within "
        f"{max_iter} iterations?",
        tuple(_OUTCOMES.values()),
        _OUTCOMES[run.status],
        f"{describe_outcome(run)} (Stability limit {run.stability_formula} = "
        f"{run.stability_limit:.3g}.)",
    )
    first, second = view.surface.axes
    a, b = view.names[first], view.names[second]
    settled = solvers.settling_iterations(view.path, view.optimum)[[first, second]]
    never = len(view.path)
    if run.status == "diverged" or settled.min() >= never:
        answer, why = "neither", "Neither gets within 1% of its final value."
    elif settled[0] == settled[1]:
        answer, why = "both at once", f"Both settle at iteration {settled[0]}."
    else:
        answer = a if settled[0] < settled[1] else b
        why = (
            f"{a} settles (stays within 1% of w*) at iteration "
            f"{settled[0] if settled[0] < never else 'never'}, {b} at "
            f"{settled[1] if settled[1] < never else 'never'}: the steeper the cost "
            "along a weight, the faster that weight settles."
        )
    race = Question(
        "guess_first",
        f"Which weight settles first (within 1% of its final value), {a} or {b}?",
        (a, b, "both at once", "neither"),
        answer,
        why,
    )
    return [outcome, race]


_SHRINK = ("less than 10%", "10% to 50%", "more than 50%")


def ridge_questions(fit, unpenalized, lam: float) -> list[Question]:
    """Two questions about a ridge fit, answered by comparing it with λ = 0."""
    before, after = np.linalg.norm(unpenalized.coef), np.linalg.norm(fit.coef)
    shrink = 1 - after / before if before > 0 else 0.0
    band = _SHRINK[int(np.searchsorted([0.1, 0.5], shrink, side="right"))]
    moved = abs(fit.intercept - unpenalized.intercept)
    relative = moved / max(abs(unpenalized.intercept), 1e-12)
    shrinks = Question(
        "guess_shrink",
        f"At λ = {lam:g}, how much shorter is the slope vector (w₁ … w_p) than at "
        "λ = 0?",
        _SHRINK,
        band,
        f"‖w‖ goes from {before:.4g} to {after:.4g}: {100 * shrink:.1f}% shorter.",
    )
    intercept = Question(
        "guess_intercept",
        f"The intercept b is not penalized. Does it still move by more than 1% at "
        f"λ = {lam:g}?",
        ("yes", "no"),
        "yes" if relative > 0.01 else "no",
        f"b goes from {unpenalized.intercept:.4g} to {fit.intercept:.4g} "
        f"({100 * relative:.2f}%): it takes up what the shrunken slopes no longer "
        "explain (b = ȳ − x̄·w), so it moves when the features' means are not 0.",
    )
    return [shrinks, intercept]
