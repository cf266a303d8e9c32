"""AppTest for the timing page: nothing runs on load, Start times tiny sizes and shows
the chart, slopes and CSV; too-large settings are refused; results survive reruns,
Clear removes them, and an interrupted run keeps what it finished.

Every benchmark here is a few sizes with p ≤ 30: it takes milliseconds.
"""

import io
import json
import os

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from solvers.timing import (
    OPERATIONS,
    limit_blas_threads,
    machine,
    plan_benchmark,
    time_solvers,
)
from ui.timing import benchmark

PAGE = "pages/timing.py"
TINY = {"pmin": "10", "pmax": "30", "sizes": "3", "reps": "1"}
RUN = benchmark.RUN


def timings(downloads: list) -> tuple:
    """The last timings CSV offered."""
    return next(f for f in reversed(downloads) if f[2].startswith("timings"))


def chart(at: AppTest, key: str) -> dict:
    (found,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    return json.loads(found.proto.spec)


def metric(at: AppTest, label: str) -> str:
    (found,) = [m for m in at.metric if m.label == label]
    return found.value


def captions(at: AppTest) -> str:
    return "\n".join(caption.value for caption in at.caption)


def start(at: AppTest) -> AppTest:
    at.button(key="bench_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_loads_without_measuring(run):
    at = run()
    assert at.title[0].value == "Why it doesn't scale"
    assert at.info[0].value.startswith("Press **Start benchmark**")
    assert not at.get("plotly_chart") and not at.metric
    assert RUN not in at.session_state
    assert not at.button(key="bench_start").disabled
    # The estimate names the sizes it would time, computed from the controls.
    sizes = plan_benchmark(50, 1000, 6).feature_counts
    assert f"p = {', '.join(map(str, sizes))}." in captions(at)


def test_start_shows_the_chart_slopes_and_csv(run, downloads):
    at = start(run(**TINY))
    timing = chart(at, "timing")
    names = [trace["name"] for trace in timing["data"]]
    assert any(name.startswith("solve (p×p): slope ") for name in names)
    assert "∝ p³ (reference)" in names and "∝ p² (reference)" in names
    assert timing["layout"]["xaxis"]["type"] == "log"
    assert timing["layout"]["xaxis"]["tickvals"] == [10, 17, 30]
    float(metric(at, "Fitted slope of the solve"))  # a number
    assert float(metric(at, "Solve speed at p = 30, GFLOP/s")) > 0
    # How many steps descent needs is measured on "Which road, when".
    assert any(link.proto.page == "roads" for link in at.main.get("page_link"))

    assert downloads[-1][2] == "timings.csv"
    content, mimetype, name = timings(downloads)
    assert mimetype.startswith("text/csv") and name == "timings.csv"
    frame = pd.read_csv(io.BytesIO(content))
    assert list(frame.columns) == ["p", "n_samples", "operation", "seconds"]
    assert len(frame) == 3 * len(OPERATIONS)
    assert sorted(set(frame["p"])) == [10, 17, 30]
    assert (frame["n_samples"] == 2 * frame["p"]).all()
    assert (frame["seconds"] > 0).all()
    assert not at.warning  # complete, not partial


def test_results_are_kept_across_reruns_not_measured_again(run):
    at = start(run(**TINY))
    before = chart(at, "timing")["data"]
    at.slider(key="reps").set_value(5).run()  # any rerun
    assert not at.exception
    assert chart(at, "timing")["data"] == before  # re-measuring would differ


def test_clear_removes_the_results(run):
    at = start(run(**TINY))
    at.button(key="bench_clear").click().run()
    assert not at.exception
    assert RUN not in at.session_state
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith("Press **Start benchmark**")


def test_options_change_what_is_timed(run, downloads):
    at = start(run(**TINY, lstsq="false", fixed_n="true", per_p="5"))
    names = [trace["name"] for trace in chart(at, "timing")["data"]]
    assert not any("lstsq" in name for name in names)
    frame = pd.read_csv(io.BytesIO(timings(downloads)[0]))
    assert set(frame["operation"]) == set(OPERATIONS) - {"lstsq"}
    assert set(frame["n_samples"]) == {5 * 30}  # the same n at every size


def test_blas_runs_on_one_thread_unless_switched_off(run):
    if machine().blas_threads is None:
        pytest.skip("threadpoolctl is not installed: the page offers no switch")
    with limit_blas_threads(os.cpu_count()):  # what "all threads" asks for
        every_core = machine().blas_threads
    at = start(run(**TINY))
    assert "BLAS: 1 thread(s) of" in captions(at)
    at = start(run(**TINY, one_thread="false"))
    assert f"BLAS: {every_core} thread(s) of" in captions(at)
    # The server's own computations stay on one thread (ui.frame.navigation).
    assert machine().blas_threads == 1


def test_too_large_a_run_is_refused_with_a_suggestion(run):
    at = run(pmin="50", pmax="3000", sizes="6", reps="3")
    (error,) = at.error
    assert "Not started" in error.value and "Try **largest p = " in error.value
    assert at.button(key="bench_start").disabled
    assert RUN not in at.session_state and not at.get("plotly_chart")
    assert not at.info  # no invitation to press a disabled button


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"pmin": "300", "pmax": "30"}, "smallest (300) must not exceed largest (30)"),
        ({"pmax": "3000", "per_p": "10"}, "X would hold 30000 × 3000 numbers"),
    ],
)
def test_impossible_settings_are_explained(run, query, reason):
    at = run(**query)
    (error,) = at.error
    assert "can't be timed" in error.value and reason in error.value
    assert at.button(key="bench_start").disabled


def test_an_interrupted_run_shows_what_it_finished_as_partial(run, downloads):
    at = run(**TINY)
    plan = plan_benchmark(10, 30, 3, repeats=1)
    parts = [time_solvers([p], repeats=1) for p in plan.feature_counts[:2]]
    at.session_state[RUN] = {
        "plan": plan,
        "parts": parts,
        "seconds": 0.01,
        "running": True,  # still marked running: Stop interrupted the script
        "stopped": False,
    }
    at.run()
    assert not at.exception
    assert "Partial results" in at.warning[0].value
    assert "2 of 3 sizes" in at.warning[0].value
    assert chart(at, "timing")["layout"]["xaxis"]["tickvals"] == [10, 17]
    assert timings(downloads)[2] == "timings_partial.csv"


def test_a_run_stopped_before_its_first_size_says_so(run):
    at = run(**TINY)
    plan = plan_benchmark(10, 30, 3, repeats=1)
    at.session_state[RUN] = {"plan": plan, "parts": [], "seconds": 0.0}
    at.session_state[RUN] |= {"running": True, "stopped": False}
    at.run()
    assert not at.exception
    assert "Stopped before the first size" in at.warning[0].value
    assert not at.get("plotly_chart")
