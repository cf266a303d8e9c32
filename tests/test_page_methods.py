"""AppTest for "Every road to w*": the race's table comes from the solvers, the
player gets one entry per chosen method with settings from the data, and the
words quote the bowl's own κ and factors."""

import numpy as np
import pytest

from solvers import make_dataset
from solvers.descent import best_settings
from tests import apptest
from ui.descent import racers
from ui.frame.dataset import BIAS

PAGE = "pages/methods.py"
EVERY = {f"race_{r.key}": "true" for r in racers.RACERS}


def _table(at):
    return at.dataframe[0].value


def test_the_default_race_is_descent_against_heavy_ball(run):
    at = run(preset="valley", iters="3000")
    entries = apptest.players(at)["race"]["race"]
    assert [entry["key"] for entry in entries] == list(racers.DEFAULT)
    table = _table(at)
    steps = dict(zip(table["method"], table["steps to 10⁻⁶"], strict=True))
    gd, heavy = (int(steps[racers.BY_KEY[k].label]) for k in racers.DEFAULT)
    assert heavy * 5 <= gd  # the lesson's point, on the valley


def test_every_method_races_with_settings_from_the_data(run):
    at = run(preset="valley", **EVERY)
    player = apptest.players(at)["race"]
    assert [entry["key"] for entry in player["race"]] == [r.key for r in racers.RACERS]
    data = make_dataset("valley", bias=BIAS.default)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    mu = np.linalg.eigvalsh(design.T @ design / len(data.y))
    by_key = {entry["key"]: entry["settings"] for entry in player["race"]}
    heavy = best_settings(mu, "heavy_ball")
    assert by_key["heavy_ball"]["learningRate"] == pytest.approx(heavy.learning_rate)
    assert by_key["heavy_ball"]["momentum"] == pytest.approx(heavy.momentum)
    assert by_key["nesterov"]["nesterov"] is True
    assert "design" in player["problem"]  # SGD samples rows in the browser
    table = _table(at)
    assert len(table) == len(racers.RACERS)
    newton = table[table["method"] == "Newton's step"].iloc[0]
    assert newton["steps to 10⁻⁶"] == "1" and newton["status"] == "converged"
    texts = "\n".join(m.value for m in at.markdown)
    assert f"κ = {mu.max() / mu.min():.3g}" in texts


def test_no_method_chosen_says_so(run):
    at = run(race_gd="false", race_heavy_ball="false")
    assert "at least one method" in at.info[0].value
    assert not apptest.players(at)


def test_a_singular_bowl_is_refused_with_the_reason(run):
    at = run(preset="duplicated")
    assert "unique w*" in at.warning[0].value


def test_the_lessons_link_the_valley_with_their_racers_and_numbers(run):
    at = run(presenter="true")
    links = [link for link in at.main.get("page_link") if link.proto.page == "methods"]
    assert len(links) == len(racers.LESSONS)
    for link, (_, chosen) in zip(links, racers.LESSONS, strict=True):
        query = link.proto.query_string
        assert "preset=valley" in query and "presenter=true" in query
        for key in racers.BY_KEY:
            assert f"race_{key}={'true' if key in chosen else 'false'}" in query
    captions = "\n".join(c.value for c in at.caption)
    assert "Newton 1 step, plain descent" in captions


@pytest.mark.parametrize("key", [r.key for r in racers.RACERS])
def test_each_method_races_alone(run, key):
    alone = {f"race_{k}": "true" if k == key else "false" for k in racers.BY_KEY}
    at = run(preset="valley", **alone)
    assert [entry["key"] for entry in apptest.players(at)["race"]["race"]] == [key]
    assert len(_table(at)) == 1
