"""Every road to w* in a real browser: six methods race from one start on the
valley's bowl, each path the browser draws equals the Python solver's (to
1e-9), momentum needs at most a fifth of plain descent's steps, and a click
restarts every racer there without moving the frame."""

import numpy as np
import pytest

import solvers
from solvers import make_dataset
from solvers.compare import REACH, steps_to_reach
from tests.browser.helpers import save_screenshot, wait_for_page
from ui.descent import racers
from ui.frame import compute
from ui.frame.dataset import BIAS

KEYS = [racer.key for racer in racers.RACERS]
MAX_ITER = 3000
LINK = "preset=valley&iters=3000&" + "&".join(f"race_{key}=true" for key in KEYS)


def _race(page) -> dict:
    page.wait_for_function(
        "() => window.lessonCharts && window.lessonCharts.race"
        " && window.lessonCharts.race.raceRuns"
        f" && window.lessonCharts.race.raceRuns.length === {len(KEYS)}",
        timeout=60_000,
    )
    return page.evaluate("() => window.lessonCharts.race.snapshot()")


def _python_paths():
    """Each racer's path by the Python solvers, from the page's start."""
    data = make_dataset("valley", bias=BIAS.default)  # the sidebar's defaults
    reference = compute.reference_fit(data.X, data.y)[0]
    start = racers.valley_start(data, reference.weights, (1, 2), False)
    runs = racers.race(
        KEYS, data, init=np.array([0.0, *start]), standardize=False, max_iter=MAX_ITER
    )
    return {key: run.weights_history for key, run in runs.items()}, reference.weights


@pytest.fixture
def raced(streamlit_server, calm_page):
    calm_page.goto(f"{streamlit_server}/methods?{LINK}")
    wait_for_page(calm_page)
    return calm_page, _race(calm_page)


def test_every_drawn_path_is_the_solvers_and_momentum_wins(raced):
    page, shown = raced
    paths, optimum = _python_paths()
    by_key = {racer["key"]: racer for racer in shown["race"]}
    for key, path in paths.items():
        drawn = np.column_stack([by_key[key]["xs"], by_key[key]["ys"]])
        expected = path[:, 1:3]
        assert drawn.shape == expected.shape, key
        scale = np.abs(expected).max()
        np.testing.assert_allclose(drawn, expected, rtol=0, atol=1e-9 * scale)
        assert by_key[key]["reach"] == steps_to_reach(path, optimum, REACH), key
    reach = {key: by_key[key]["reach"] for key in KEYS}
    assert reach["newton"] == 1
    assert reach["cg"] <= 3 + 1  # p + 1 weights, intercept included
    assert reach["heavy_ball"] * 5 <= reach["gd"]
    assert reach["nesterov"] * 5 <= reach["gd"]
    save_screenshot(page, "methods_race")


def test_a_click_restarts_every_racer_there_and_keeps_the_frame(raced):
    page, before = raced
    frame = page.evaluate("() => JSON.stringify(window.lessonCharts.race.bounds)")
    page.evaluate("() => window.lessonCharts.race.setStart([10, -5])")
    after = page.evaluate("() => window.lessonCharts.race.snapshot()")
    for racer in after["race"]:
        assert (racer["xs"][0], racer["ys"][0]) == pytest.approx((10, -5))
    assert after["race"] != before["race"]
    widened = page.evaluate("() => JSON.stringify(window.lessonCharts.race.bounds)")
    assert widened == frame or _contains(widened, frame)


def _contains(outer: str, inner: str) -> bool:
    """The frame may only grow (a path that leaves it widens it)."""
    import json

    a, b = json.loads(outer), json.loads(inner)
    return a["x"][0] <= b["x"][0] and a["x"][1] >= b["x"][1]


def test_mini_batch_descent_is_replayed_in_the_browser_and_steerable(
    streamlit_server, calm_page
):
    calm_page.goto(f"{streamlit_server}/gradient_descent?batch=10&lr=0.05&iters=200")
    wait_for_page(calm_page)
    calm_page.wait_for_function(
        "() => window.lessonCharts && window.lessonCharts.descent", timeout=60_000
    )
    shown = calm_page.evaluate("() => window.lessonCharts.descent.snapshot()")
    data = make_dataset("well_conditioned", bias=BIAS.default)
    run = solvers.gradient_descent(
        data.X, data.y, learning_rate=0.05, max_iter=200, batch_size=10
    )
    drawn = np.column_stack([shown["xs"], shown["ys"]])
    expected = run.weights_history[:, 1:3]
    np.testing.assert_allclose(drawn, expected, rtol=0, atol=1e-9 * abs(expected).max())
    # A click restarts it there, in the browser.
    calm_page.evaluate("() => window.lessonCharts.descent.setStart([5, -5])")
    again = calm_page.evaluate("() => window.lessonCharts.descent.snapshot()")
    assert (again["xs"][0], again["ys"][0]) == pytest.approx((5, -5))


_MID_PLAY = """() => { const p = window.lessonCharts.race;
  if (!p.playing || p.t < 5 || p.t >= p.run.nIter) return null;
  return {t: p.t, contours: p.contourLevels,
    markers: p.markers.querySelectorAll('.dp-race-marker').length,
    points: p.raceRuns.map(r => r.line.getAttribute('points').trim().split(' ').length),
    steps: p.raceRuns.map(r => r.run.nIter)}; }"""


def test_during_playback_each_racer_is_drawn_up_to_the_step_shown(raced):
    page, _ = raced
    page.evaluate(
        "() => { const p = window.lessonCharts.race; p.show(0, true); p.play(); }"
    )
    shown = page.wait_for_function(_MID_PLAY, timeout=30_000).json_value()
    assert shown["contours"] > 0 and shown["markers"] == len(KEYS)
    for points, steps in zip(shown["points"], shown["steps"], strict=True):
        # a polyline of at most t + 1 points, or its whole run if it stopped sooner
        assert points <= min(shown["t"], steps) + 1
    longest = max(range(len(KEYS)), key=lambda i: shown["steps"][i])
    assert shown["points"][longest] < shown["steps"][longest] + 1  # not drawn whole yet
