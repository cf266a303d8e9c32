"""Lesson links: every page's settings round-trip through the URL; presenter mode
and the overview's prepared links."""

import json
from urllib.parse import parse_qsl

import numpy as np
import pytest

import solvers
from tests import apptest
from ui.descent import racers
from ui.frame import dataset
from ui.frame.controls import RENDERED, Choice, Number, Point, Toggle
from ui.frame.navigation import PAGES

# Controls whose other values change which controls exist (tested elsewhere).
_STRUCTURAL = {"source", "steps", "predict", "t"}


def _other_value(spec):
    """A valid value other than the default, as the control would hold it."""
    if isinstance(spec, Toggle):
        return not spec.default
    if isinstance(spec, Choice):
        return next(o for o in spec.options if o != spec.default)
    if isinstance(spec, Point):
        return (1.5, -2.0)
    if not spec.step:  # a continuous setting such as η
        return spec.cast(spec.default * 2)
    value = spec.default + spec.step
    if value > spec.max_value:
        value = spec.default - spec.step
    return spec.cast(value)


def _url_text(spec, value):
    if isinstance(spec, Toggle):
        return str(value).lower()
    return spec.format(value) if isinstance(spec, Choice | Point) else f"{value}"


@pytest.mark.parametrize("page", [spec.script for spec in PAGES])
def test_every_setting_round_trips_through_the_link(open_page, page):
    specs = dict(open_page(page).session_state[RENDERED])
    chosen = {
        key: _other_value(spec)
        for key, spec in specs.items()
        if key not in _STRUCTURAL and isinstance(spec, Choice | Number | Toggle | Point)
    }
    query = {key: _url_text(specs[key], value) for key, value in chosen.items()}
    at = open_page(page, **query)
    link = next(m.value for m in at.sidebar.markdown if "Open this view" in m.value)
    for key, value in chosen.items():
        if key not in at.session_state[RENDERED]:
            continue  # hidden by another setting in this combination
        assert at.session_state[key] == value, key
        assert f"{key}=" in link, key


def test_presenter_mode_enlarges_the_figures(open_page):
    def font(at):
        return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["font"]

    normal = open_page("pages/ridge.py")
    projected = open_page("pages/ridge.py", presenter="true")
    assert font(projected)["size"] > font(normal)["size"]
    descent = open_page("pages/gradient_descent.py", presenter="true")
    assert apptest.players(descent)["descent"]["presenter"]


LESSONS = ("Round", "Badly", "Momentum", "Diverging")


def test_overview_runs_both_roads_and_offers_four_lessons(open_page):
    at = open_page("app.py")
    steps = [m.value for m in at.metric]
    assert any("solve of a 3×3 system" in v for v in steps)
    links = [link.proto.label for link in at.main.get("page_link")]
    assert sum(label.startswith(LESSONS) for label in links) == 4
    assert apptest.players(at)["overview"]["explore"] is False
    before = at.dataframe[0].value
    at.selectbox(key="preset").set_value("collinear").run()
    assert not at.exception
    assert not at.dataframe[0].value.equals(before)


@pytest.mark.parametrize("data", [{}, {"n": "300", "seed": "7", "noise": "40"}])
def test_each_lesson_link_shows_what_it_promises(open_page, data):
    at = open_page("app.py", **data)
    lessons = {
        link.proto.label.split(":")[0]: dict(parse_qsl(link.proto.query_string))
        for link in at.main.get("page_link")
        if link.proto.label.startswith(LESSONS)
    }
    # Momentum races plain descent on the race's page.
    race = open_page("pages/methods.py", **lessons.pop("Momentum on a tilted valley"))
    table = race.dataframe[0].value
    steps = dict(zip(table["method"], table["steps to 10⁻⁶"], strict=True))
    gd, heavy = (int(steps[racers.BY_KEY[key].label]) for key in ("gd", "heavy_ball"))
    assert 5 * heavy <= gd
    outcome = {}
    for name, query in lessons.items():
        lesson = open_page("pages/gradient_descent.py", **query)
        assert not lesson.exception, name
        player = apptest.players(lesson)["descent"]
        assert player["settings"]["learningRate"] == pytest.approx(float(query["lr"]))
        outcome[name] = " ".join(
            m.value
            for kind in ("success", "warning", "error")
            for m in getattr(lesson, kind)
        )
    assert "Converged" in outcome["Round bowl"]
    assert "Diverged" in outcome["Diverging"]
    # The crawl lands close to w* within its steps (3 digits shared).
    assert "agree to" in outcome["Badly scaled"]
    digits = int(outcome["Badly scaled"].split("agree to ")[1].split()[0])
    assert digits >= 2


def test_ridge_predict_then_run_grades_the_guess(open_page):
    at = open_page("pages/ridge.py", lam="1000")
    at.toggle(key="predict").set_value(True).run()
    assert not at.get("plotly_chart")
    at.radio(key="guess_shrink").set_value("less than 10%").run()
    at.radio(key="guess_intercept").set_value("yes").run()
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    assert any("the answer is “more than 50%”" in e.value for e in at.error)
    assert at.get("plotly_chart")


@pytest.mark.parametrize(
    ("raw", "seed"),
    [("inf", 0), ("-inf", 0), ("Infinity", 0), ("1e309", 0), ("9" * 80, 2**32 - 1),
     ("12.7", 13), ("-3", 0)],
)  # fmt: skip
def test_a_hostile_seed_in_a_link_is_clamped_with_a_note(open_page, raw, seed):
    # Streamlit's own parsing of a whole-number box raised OverflowError on "inf".
    at = open_page("pages/data.py", seed=raw)
    assert dataset.SEED.cast(at.session_state["seed"]) == seed
    assert any("Random seed" in info.value for info in at.info)
    # The data shown is the data of the seed the note names.
    expected = solvers.make_dataset(random_state=seed)
    np.testing.assert_allclose(at.dataframe[0].value["x1"], expected.X[:, 0])


INJECTIONS = [
    "1` [Session expired: sign in again](https://evil.example/login) "
    "![t](https://evil.example/pixel.png) `2",
    "<img src=https://evil.example/x.png onerror=alert(1)>",
    "$\\href{https://evil.example}{click here}$",
    "[click](javascript:alert(1))",
    "https://evil.example/login",
    "**bold** _it_ :red[red] `code`",
]


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("key", ["n", "lr", "preset"])
def test_a_hostile_link_value_is_shown_as_plain_text(open_page, key, payload):
    at = open_page("pages/gradient_descent.py", **{key: payload})
    assert not at.exception
    notes = [info.value for info in at.info if "The link" in info.value]
    assert len(notes) == 1, notes
    shown = notes[0].split("“", 1)[1].rsplit("”", 1)[0]  # the link's value
    # Every markup character arrives backslash-escaped, so no link, image, HTML
    # or formula forms, and no bare URL is linked (a zero-width space breaks it).
    for i, mark in enumerate(shown):
        if mark in "`[]()<>$*_!:\\" and (i == 0 or shown[i - 1] != "\\"):
            assert mark == "\\" and i + 1 < len(shown), (mark, shown)
    assert "://" not in shown


@pytest.mark.parametrize(
    ("query", "used", "written"),
    [
        ({"n": "1.5", "preset": "collinear"}, 2, {"n": "2", "preset": "collinear"}),
        ({"n": "5000"}, 2000, {"n": "2000"}),
        (
            {"n": "inf", "preset": "Nearly collinear features"},
            100,
            {"preset": "collinear"},
        ),
    ],
)
def test_the_address_bar_gets_the_value_in_use(query, used, written):
    """A rounded, clamped or refused link value, and a choice given by its label,
    come back into the address bar as the view uses them (keys, not labels), so
    a reload reopens that view."""
    at = apptest.run_page("pages/data.py", **query)
    assert at.session_state["n"] == used
    params = {
        key: at.query_params[key] for key in ("n", "preset") if key in at.query_params
    }
    assert {k: v[0] if isinstance(v, list) else v for k, v in params.items()} == written
