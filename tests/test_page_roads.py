"""AppTest for "Which road, when": nothing runs on load, Start races tiny sizes
and shows the crossover sentence, both charts, the tables and the CSV; a race
too long for the budget is refused; a stopped race keeps what it finished."""

import io
import json

import pandas as pd

from solvers import roads
from ui.timing import benchmark

PAGE = "pages/roads.py"
TINY = {"pmin": "50", "pmax": "100", "sizes": "2", "kappa": "100.0", "eps": "0.001"}


def chart(at, key: str) -> dict:
    (found,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    return json.loads(found.proto.spec)


def start(at):
    at.button(key="race_start").click().run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_loads_without_racing(run):
    at = run()
    assert at.title[0].value == "Which road, when"
    assert benchmark.RACE not in at.session_state
    assert not at.get("plotly_chart")
    assert not at.button(key="race_start").disabled
    assert "Estimated: at most about" in "\n".join(c.value for c in at.caption)


def test_start_races_every_road_and_marks_what_it_found(run, downloads, monkeypatch):
    monkeypatch.setattr(benchmark, "SECONDS_PER_RUN", 0.1)
    monkeypatch.setattr(benchmark, "TALL_ROWS", 2000)
    at = start(run(**TINY, lstsq="true"))
    (sentence,) = at.success
    assert sentence.value.startswith("On this machine, at κ = 100 and ε = 10⁻³:\n")
    for name in ("conjugate gradient", "gradient descent", "momentum", "SGD"):
        assert name in sentence.value
    drawn = chart(at, "race")
    names = [trace["name"] for trace in drawn["data"]]
    for label in _labels(roads.ROADS):  # every road, then the crossings found
        assert any(name.startswith(label) for name in names), label
    assert drawn["layout"]["xaxis"]["type"] == "log"
    # Steps to ε: SGD's count would be the epochs its time share allowed.
    stepped = {trace["name"] for trace in chart(at, "race_steps")["data"]}
    assert stepped == set(_labels(r for r in roads.ITERATIVE if r != "sgd"))
    frame = pd.read_csv(io.BytesIO(next(d for d in downloads if d[2] == "race.csv")[0]))
    assert set(frame["road"]) == set(roads.ROADS) and set(frame["p"]) == {50, 100}
    assert (frame["relative_error"][frame["status"] == "reached"] <= 1e-3).all()
    extrapolated, tall = at.dataframe[0].value, at.dataframe[1].value
    assert list(extrapolated["p"]) == ["10⁴", "10⁵", "10⁶"]
    assert list(tall["n rows"]) == ["10⁶", "10⁷", "10⁸", "10⁹"]


def _labels(names):
    from figures.roads import LABELS

    return [LABELS[name] for name in names]


def test_a_race_too_long_is_refused(run):
    at = run(pmin="1000", pmax="3000", sizes="8", lstsq="true", kappa="10000.0")
    (error,) = at.error
    assert "Not started" in error.value
    assert at.button(key="race_start").disabled


def test_a_stopped_race_shows_what_it_finished(run):
    at = run(**TINY)
    finished = roads.race(
        [50], condition_number=100.0, epsilon=1e-3, seconds_per_run=0.1
    )
    settings = {"feature_counts": [50, 100], "condition_number": 100.0}
    at.session_state[benchmark.RACE] = {
        "settings": settings | {"epsilon": 1e-3, "roads": roads.ROADS},
        "runs": finished.runs,
        "tall": None,
        "seconds": 0.5,
        "running": True,  # Stop interrupted the script
        "stopped": False,
    }
    at.run()
    assert not at.exception
    assert "Partial results" in at.warning[0].value
    assert chart(at, "race")
