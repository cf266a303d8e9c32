"""Derivations: three roads to the normal equation, a 3-D picture to check them,
when to prefer which method, and a self-check quiz."""

import streamlit as st

from figures import latex
from figures import projection as figures
from solvers.projection import EXAMPLE_FEATURE, example_design
from ui.frame import charts, compute, dataset, ending, navigation
from ui.frame.controls import Number, number
from ui.theory import derivations

navigation.start_page(__file__, "Derivations", derivations.LEDE)

TARGET = tuple(
    Number(f"y{i}", f"y{sub} (sample {i})", -5.0, 5.0, default, step=0.5)
    for i, sub, default in ((1, "₁", 2.0), (2, "₂", -1.0), (3, "₃", 3.0))
)
CHECKED = "quiz_checked"
DERIVATION = "derivation"  # the open tab's label
presenter = dataset.presenter()

st.header("Three ways to the normal equation", divider="gray")
# Only the open derivation is sent: the three together are most of the page's
# formulas, which a projector's laptop typesets on every load.
for tab, blocks in zip(
    st.tabs(list(derivations.DERIVATIONS), key=DERIVATION, on_change="rerun"),
    derivations.DERIVATIONS.values(),
    strict=True,
):
    if tab.open:
        with tab:
            derivations.show(blocks)

st.header("See it: y projected onto the plane of the columns", divider="gray")
st.markdown(derivations.picture(EXAMPLE_FEATURE))
X = example_design()
chart, panel = st.columns([3, 2], gap="large")
with panel:
    y = tuple(number(spec) for spec in TARGET)
try:
    scene = compute.projection_scene(X, y)
except ValueError as error:
    st.error(f"This y cannot be projected: {error}", icon="⚠️")
    ending.stop()
fit = scene.projection

with chart:
    charts.show(
        charts.cached(figures.projection_scene, X, y, scene, presenter=presenter),
        key="projection",
    )
with panel:
    st.latex(rf"X = {latex.matrix(X)} \qquad y = {latex.matrix(y)}")
    st.latex(rf"w^* = (X^\top X)^{{-1}} X^\top y = {latex.matrix(fit.weights)}")
    # One vector a line: side by side they overflow the panel's third of a laptop.
    st.latex(rf"\hat y = X w^* = {latex.matrix(fit.y_hat)}")
    st.latex(rf"y - \hat y = {latex.matrix(fit.residual)}")
    st.latex(rf"X^\top (y - \hat y) = {latex.matrix(fit.normal_residual, 2)} \approx 0")
    st.caption(
        "The last vector is zero up to floating-point rounding: the "
        "residual is perpendicular to both columns, which is what the normal "
        "equations say."
    )

line, matrix = st.columns([3, 2], gap="large")
with line:
    st.markdown(derivations.LINE_FIT)
    charts.show(
        charts.cached(figures.line_fit, X[:, 1], y, fit, presenter=presenter),
        key="line_fit",
    )
with matrix:
    st.markdown(
        "**The projection matrix** for this $X$: symmetric, and $P^2 = P$. It "
        "depends only on the columns, so it stays the same when you move $y$."
    )
    st.latex(
        r"\begin{aligned} P &= X(X^\top X)^{-1}X^\top \\ &= "
        + latex.matrix(fit.projection_matrix, 3)
        + r"\end{aligned}"
    )

st.header("Normal equation or gradient descent?", divider="gray")
widths = [1.1, 2.2, 2.2, 1.3]
for cell, text in zip(
    st.columns(widths),
    ("", "**Normal equation**", "**Gradient descent**", "**Try it on**"),
    strict=True,
):
    cell.markdown(text)
for row in derivations.COMPARISON:
    topic, closed, descent, links = st.columns(widths, vertical_alignment="center")
    topic.markdown(f"**{row.topic}**")
    closed.markdown(row.normal_equation)
    descent.markdown(row.gradient_descent)
    for page, label in row.pages:
        links.page_link(page, label=label, icon=":material/arrow_forward:")

st.header("Check yourself", divider="gray")


def _check() -> None:
    st.session_state[CHECKED] = True


def _clear() -> None:
    st.session_state[CHECKED] = False
    for question in derivations.QUIZ:
        st.session_state[question.key] = None


checked = st.session_state.get(CHECKED, False)
with st.form("quiz"):
    score = 0
    for i, question in enumerate(derivations.QUIZ, start=1):
        choice = question.ask(f"**{i}.** {question.prompt}")
        if checked:
            score += question.grade(choice)
        else:
            score += choice == question.answer
    st.form_submit_button("Check answers", type="primary", on_click=_check)
if checked:
    st.metric("Your score", f"{score} / {len(derivations.QUIZ)}")
    st.button("Start again", on_click=_clear)

ending.end_page()
