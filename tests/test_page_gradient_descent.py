"""The gradient descent page, run headless with AppTest."""

import json

import pytest

PAGE = "pages/gradient_descent.py"


@pytest.fixture
def run(open_page):
    return lambda **query: open_page(PAGE, **query)


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _texts(at):
    return " ".join(
        element.value for kind in ("success", "warning", "error", "info")
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
    at = run(lr="0.5", iters="300", standardize="true", momentum="0.5",
              batch="10", start="mirror", p="4", wx="w1", wy="w3")
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
def test_malformed_or_extreme_url_values_are_clamped_with_a_note(run, query, key, expected):
    at = run(**query)
    widget = at.select_slider(key=key) if key == "lr" else at.slider(key=key)
    assert widget.value == pytest.approx(expected)
    assert any("The link" in info.value for info in at.info)
