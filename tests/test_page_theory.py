"""AppTest for the derivations page: it runs, its formulas render as LaTeX, moving y
changes the numbers and the picture, the quiz keeps its answers until checked, and
every row of the comparison links to a page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from figures import latex
from solvers.projection import example_design
from ui.theory import derivations

PAGE = "pages/theory.py"


def formulas(at: AppTest) -> list[str]:
    return [element.value for element in at.latex]


def numbers(at: AppTest) -> list[str]:
    """The LaTeX blocks that show computed vectors."""
    return [f for f in formulas(at) if "bmatrix" in f]


def feedback(at: AppTest) -> list[str]:
    return [e.body for e in (*at.success, *at.error, *at.info)]


def derivation_shown(at: AppTest) -> tuple:
    """The one derivation whose formulas are all on the page."""
    shown = formulas(at)

    def on_page(blocks) -> list[bool]:
        tex = [b.strip() for b in blocks if isinstance(b, derivations.Tex)]
        return [any(b in f for f in shown) for b in tex]

    (blocks,) = [b for b in derivations.DERIVATIONS.values() if all(on_page(b))]
    return blocks


@pytest.fixture
def page(run) -> AppTest:
    return run()


def test_page_runs_with_the_three_derivations_as_latex(page):
    topics = ("Calculus", "Geometry", "Linear algebra")
    labels = [tab.label for tab in page.tabs]
    assert all(t in label for t, label in zip(topics, labels, strict=True))
    # The first derivation is open, and only its formulas are sent.
    first, *others = derivations.DERIVATIONS.values()
    assert derivation_shown(page) == first
    shown = [formulas(page)]
    for label, blocks in zip(labels[1:], others, strict=True):
        page.session_state["derivation"] = label  # a click on the tab
        page.run()
        assert derivation_shown(page) == blocks
        shown.append(formulas(page))
    shown = "\n".join(f for each in shown for f in each)
    assert r"X^\top X\, w^* = X^\top y" in shown
    assert r"\nabla J(w) = -2X^\top y + 2X^\top X\, w = -2X^\top (y - Xw)" in shown
    assert r"\nabla^2 J(w) = 2X^\top X" in shown
    assert r"-\frac{1}{n}\, X^\top (y - Xw)" in shown
    assert "P^2 =" in shown
    assert r"P^\top =" in shown


def test_numbers_show_the_normal_equations_holding(page):
    shown = "\n".join(numbers(page))
    assert r"X^\top (y - \hat y) =" in shown
    assert r"\approx 0" in shown
    assert "w^* =" in shown
    assert r"P &= X(X^\top X)^{-1}X^\top" in shown


def test_moving_y1_changes_numbers_and_pictures(run):
    at = run()
    before_numbers = numbers(at)
    before_charts = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert len(before_charts) == 2
    at.slider(key="y1").set_value(-4.0).run()
    assert not at.exception
    after_numbers = numbers(at)
    after_charts = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert after_numbers[0] != before_numbers[0]  # y itself
    changed = [b != a for b, a in zip(before_numbers, after_numbers, strict=True)]
    assert sum(changed) >= 3  # y, w*, ŷ and the residual
    assert all(b != a for b, a in zip(before_charts, after_charts, strict=True))
    # P depends on X only.
    assert before_numbers[-1] == after_numbers[-1]
    # The new y's projection, from numpy's least squares (an oracle).
    X = example_design()
    y = np.array([-4.0, at.slider(key="y2").value, at.slider(key="y3").value])
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    shown = "\n".join(after_numbers)
    assert f"y = {latex.matrix(tuple(y))}" in shown
    assert f"X^\\top y = {latex.matrix(w)}" in shown
    assert f"X w^* = {latex.matrix(X @ w)}" in shown
    assert f"y - \\hat y = {latex.matrix(y - X @ w)}" in shown


def test_y_from_the_link_and_y_in_the_plane(run):
    # y = 1 + x at x = 0, 1, 3 lies in the plane of the columns: no residual.
    at = run(y1="1", y2="2", y3="4")
    assert [at.slider(key=k).value for k in ("y1", "y2", "y3")] == [1.0, 2.0, 4.0]
    shown = "\n".join(numbers(at))
    assert r"w^* = (X^\top X)^{-1} X^\top y = \begin{bmatrix} 1 \\ 1 \end{bmatrix}" in (
        shown
    )


def test_out_of_range_link_value_is_clamped(run):
    at = run(y1="40")
    assert at.slider(key="y1").value == 5.0


def test_quiz_reveals_answers_only_after_checking(run):
    at = run()
    assert len(at.radio) == len(derivations.QUIZ)
    assert all(radio.value is None for radio in at.radio)
    assert not feedback(at)
    assert not at.metric
    first, second = derivations.QUIZ[0], derivations.QUIZ[1]

    def answer():
        at.radio(key=first.key).set_value(first.answer)
        wrong = next(o for o in second.options if o != second.answer)
        at.radio(key=second.key).set_value(wrong)

    # Choosing answers (even with a rerun from elsewhere) reveals nothing yet.
    answer()
    at.slider(key="y2").set_value(0.5).run()
    assert not feedback(at)
    assert not at.metric
    # The radios sit in a form: their values reach the script with the check.
    answer()
    at.button[0].click().run()
    assert not at.exception
    assert at.metric[0].value == f"1 / {len(derivations.QUIZ)}"
    assert any(first.explanation in body for body in (e.body for e in at.success))
    wrong = [e.body for e in at.error]
    assert len(wrong) == 1 and second.explanation in wrong[0]
    assert second.answer in wrong[0]
    assert len(at.info) == len(derivations.QUIZ) - 2  # the unanswered ones
    # Starting again clears the answers and hides the feedback.
    next(b for b in at.button if b.label == "Start again").click().run()
    assert all(radio.value is None for radio in at.radio)
    assert not feedback(at)
    assert not at.metric


def test_all_answers_right_scores_full_marks(run):
    at = run()
    for question in derivations.QUIZ:
        at.radio(key=question.key).set_value(question.answer)
    at.button[0].click().run()
    total = len(derivations.QUIZ)
    assert at.metric[0].value == f"{total} / {total}"
    assert len(at.success) == total
    assert not at.error


def test_every_comparison_row_links_to_a_page(page):
    links = page.main.get("page_link")
    targets = {link.proto.page for link in links}
    assert targets == {
        "normal_equation",
        "gradient_descent",
        "ridge",
        "timing",
        "data",
    }
    assert len(links) == sum(len(row.pages) for row in derivations.COMPARISON)
