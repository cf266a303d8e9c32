"""The gradient descent page, run headless with AppTest."""

import json

import pytest

PAGE = "pages/gradient_descent.py"


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _texts(at):
    return " ".join(
        element.value
        for kind in ("success", "warning", "error", "info")
        for element in getattr(at, kind)
    )


def test_default_run_converges_to_the_normal_equation(run):
    at = run()
    assert "Converged after" in _texts(at)
    assert "Same weights" in _texts(at)
    contour, convergence = _charts(at)
    assert contour["data"][0]["type"] == "contour"
    assert 20 <= len(contour["frames"]) <= 150
    assert all(frame["traces"] == [2, 3] for frame in contour["frames"])
    assert contour["layout"]["updatemenus"][0]["buttons"][0]["label"].endswith("Play")
    assert convergence["layout"]["yaxis"]["type"] == "log"


def test_learning_rate_changes_the_run(run):
    at = run()
    before = _texts(at)
    at.select_slider(key="lr").set_value(0.5).run()
    assert not at.exception
    assert _texts(at) != before


def test_too_large_a_learning_rate_is_explained(run):
    at = run(lr="10")
    assert at.select_slider(key="lr").value == 10.0
    assert "Diverged" in _texts(at)
    assert "stability limit" in _texts(at)
    assert _charts(at)  # the charts still draw


def test_standardizing_rounds_the_contours(run):
    at = run(preset="badly_scaled")
    stretched = _charts(at)[0]["layout"]["xaxis"]["title"]["text"]
    at.toggle(key="standardize").set_value(True).run()
    assert not at.exception
    assert "standardized" in _charts(at)[0]["layout"]["xaxis"]["title"]["text"]
    assert "standardized" not in stretched


def test_preset_changes_what_is_shown(run):
    at = run()
    before = _charts(at)[0]["data"][0]["z"]
    at.selectbox(key="preset").set_value("collinear").run()
    assert not at.exception
    assert _charts(at)[0]["data"][0]["z"] != before


def test_duplicated_feature_compares_against_the_minimum_norm_solution(run):
    at = run(preset="duplicated", p="3")
    assert "minimum-norm" in _texts(at)


def test_url_seeds_every_control(run):
    at = run(
        lr="0.5",
        iters="300",
        standardize="true",
        momentum="0.5",
        batch="10",
        start="mirror",
        p="4",
        wx="w1",
        wy="w3",
    )
    assert at.select_slider(key="lr").value == 0.5
    assert at.slider(key="iters").value == 300
    assert at.toggle(key="standardize").value is True
    assert at.slider(key="momentum").value == 0.5
    assert at.slider(key="batch").value == 10
    assert at.radio(key="start").value == "mirror"
    assert at.selectbox(key="wy").value == "w3"


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ({"iters": "99999999"}, "iters", 20000),
        ({"iters": "abc"}, "iters", 500),
        ({"lr": "0.3"}, "lr", 0.2),
        ({"lr": "-1"}, "lr", 0.1),
        ({"momentum": "inf"}, "momentum", 0.0),
    ],
)
def test_malformed_or_extreme_url_values_are_clamped_with_a_note(
    run, query, key, expected
):
    at = run(**query)
    widget = at.select_slider(key=key) if key == "lr" else at.slider(key=key)
    assert widget.value == pytest.approx(expected)
    assert any("The link" in info.value for info in at.info)


def test_step_mode_advances_one_iteration_with_the_update_in_numbers(run):
    at = run()
    at.toggle(key="steps").set_value(True).run()
    assert not at.exception
    first = [latex.value for latex in at.latex]
    assert "w_{t+1}" in first[-1]
    next_button = next(b for b in at.button if "Next step" in b.label)
    next_button.click().run()
    assert at.slider(key="t").value == 1
    assert [latex.value for latex in at.latex] != first
    spec = _charts(at)[0]
    assert spec["layout"]["annotations"][0]["text"] == "−η∇J"


def test_predict_then_run_grades_the_guess(run):
    at = run(lr="10")
    at.toggle(key="predict").set_value(True).run()
    assert not at.get("plotly_chart")  # nothing shown before the guess
    at.radio(key="guess_outcome").set_value("converge").run()
    at.radio(key="guess_first").set_value("neither").run()
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    assert any("the answer is “diverge”" in e.value for e in at.error)
    assert any(s.value.startswith("Right") for s in at.success)
    assert at.get("plotly_chart")


def test_trajectory_download_has_every_iteration(run):
    at = run(iters="50", lr="0.01")
    button = at.get("download_button")[0]
    assert "trajectory" in button.proto.label
