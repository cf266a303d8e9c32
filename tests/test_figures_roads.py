"""The roads' words that come with no chart: the race's progress, as it runs."""

from figures.roads import describe_progress
from solvers import roads


def test_each_finished_run_is_told_by_its_size_and_road():
    race = roads.race(
        [20], condition_number=1.0, epsilon=1e-3, roads=("normal_equation",)
    )
    assert describe_progress(race.runs[0]) == "p = 20: normal_equation"
