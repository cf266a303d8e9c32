"""Running the timing benchmark from the page: its plan (with an estimate, and a
refusal when too long) and the measuring loop, kept in session state."""

import os
import time

import streamlit as st

from figures import roads as roads_figures
from figures import timing as figures
from solvers import roads, timing

RUN = "timing_run"  # session state: the last benchmark, kept across reruns
# Seconds one benchmark may take: a click on a shared 2-core server must never
# start a job of minutes.
TIME_BUDGET = 30.0


def last(key: str) -> dict | None:
    """The last run kept under `key` (`RUN` or `RACE`), if any. One still
    marked running was interrupted (Stop, or any other click): it is marked
    stopped, keeping what it finished."""
    state = st.session_state.get(key)
    if state is not None and state["running"]:
        state.update(running=False, stopped=True)
    return state


def plan(smallest, largest, count, largest_options, settings):
    """The benchmark these settings ask for, with its estimated time shown; None
    (with the reason shown) when they cannot or should not be timed."""
    try:
        chosen = timing.plan_benchmark(smallest, largest, count, **settings)
    except ValueError as error:
        st.error(f"These settings can't be timed: {error}", icon="⚠️")
        return None
    if chosen.fits(TIME_BUDGET):
        st.caption(
            f"p = {', '.join(str(p) for p in chosen.feature_counts)}. Estimated: "
            f"about **{figures.human_duration(chosen.seconds)}** (textbook flop "
            "counts at a cautious speed; a machine busy with other work can take "
            "longer)."
        )
        return chosen
    tries = " or ".join(
        f"**{figures.describe_change(change)}** (≈ {figures.human_duration(s)})"
        for change, s in timing.cheaper_alternatives(
            smallest, largest, count, largest_options, budget=TIME_BUDGET, **settings
        )
    )
    st.error(
        f"Not started: this run would take about "
        f"{figures.human_duration(chosen.seconds)}, more than the "
        f"{figures.human_duration(TIME_BUDGET)} one benchmark may take "
        f"here. Try {tries or 'a smaller largest p'}.",
        icon=":material/timer_off:",
    )
    return None


def run(plan, one_thread: bool, stop_slot) -> None:
    """Measure size by size with a progress bar, saving each finished size, so a
    Stop (any click interrupts the script) keeps what was measured."""
    state = st.session_state[RUN] = {"plan": plan, "parts": [], "seconds": 0.0}
    state.update(running=True, stopped=False)
    stop_slot.button("Stop", icon=":material/stop:", key="bench_stop")
    bar, began = st.progress(0.0, text="Starting…"), time.perf_counter()
    with timing.limit_blas_threads(1 if one_thread else os.cpu_count()):
        state["machine"] = figures.describe_machine(timing.machine())
        sizes = zip(plan.feature_counts, plan.n_samples, strict=True)
        for i, (p, n) in enumerate(sizes):

            def show(fraction, record, i=i):
                bar.progress(
                    (i + fraction) / len(plan.feature_counts),
                    text=figures.describe_progress(record),
                )

            state["parts"].append(
                timing.time_solvers(
                    [int(p)],
                    n_samples=int(n),
                    operations=plan.operations,
                    repeats=plan.repeats,
                    progress=show,
                )
            )
            state["seconds"] = time.perf_counter() - began
    state["running"] = False
    st.rerun()  # redraw without the progress bar and the Stop button


RACE = "roads_race"  # session state: the last race, kept across reruns
# Each iterative road's share of a size: enough for a few thousand steps at the
# sizes offered, and the whole race within the budget.
SECONDS_PER_RUN = 2.0
TALL_ROWS = 200_000  # rows streamed through the tall-data pass (about 0.3 s)


def race_estimate(settings: dict) -> float | None:
    """The race's estimated seconds, shown; None (with the reason shown) when it
    has no sizes to race or would take longer than `TIME_BUDGET`."""
    if not settings["feature_counts"]:
        st.error("The smallest p must not exceed the largest.", icon="⚠️")
        return None
    seconds = roads.estimated_seconds(**settings, seconds_per_run=SECONDS_PER_RUN)
    if seconds <= TIME_BUDGET:
        st.caption(
            f"p = {', '.join(str(p) for p in settings['feature_counts'])}. "
            f"Estimated: at most about **{figures.human_duration(seconds)}** (each "
            f"iterative road stops after {SECONDS_PER_RUN:g} s at one size)."
        )
        return seconds
    st.error(
        f"Not started: this race could take about {figures.human_duration(seconds)}"
        f", more than the {figures.human_duration(TIME_BUDGET)} one run may take "
        "here. Lower the largest p, time fewer sizes, or leave out lstsq.",
        icon=":material/timer_off:",
    )
    return None


def run_race(settings: dict, one_thread: bool, stop_slot) -> None:
    """Race size by size with a progress bar, keeping each finished size, so a
    Stop (any click interrupts the script) keeps what was measured; then time
    one streamed pass over tall data."""
    state = st.session_state[RACE] = {"settings": settings, "runs": [], "tall": None}
    state.update(running=True, stopped=False)
    stop_slot.button("Stop", icon=":material/stop:", key="race_stop")
    bar, began = st.progress(0.0, text="Starting…"), time.perf_counter()
    sizes = settings["feature_counts"]
    race_settings = {k: v for k, v in settings.items() if k != "feature_counts"}
    with timing.limit_blas_threads(1 if one_thread else os.cpu_count()):
        state["machine"] = figures.describe_machine(timing.machine())
        for i, p in enumerate(sizes):

            def show(fraction, run, i=i):
                bar.progress(
                    (i + fraction) / (len(sizes) + 1),
                    text=roads_figures.describe_progress(run),
                )

            measured = roads.race(
                [p], **race_settings, seconds_per_run=SECONDS_PER_RUN, progress=show
            )
            state["runs"].extend(measured.runs)
            state["seconds"] = time.perf_counter() - began
        bar.progress(len(sizes) / (len(sizes) + 1), text="One pass over tall data")
        state["tall"] = roads.time_tall_pass(rows=TALL_ROWS)
    state["seconds"] = time.perf_counter() - began
    state["running"] = False
    st.rerun()
