"""How long each page takes to run, cold and on a rerun, and how much figure JSON
it sends. Prints markdown tables.

Run from the repository root::

    python benchmarks/bench_app.py                # every page, default settings
    python benchmarks/bench_app.py --reruns 9     # more reruns per page
    python benchmarks/bench_app.py --profile pages/gradient_descent.py

Each page runs headless with AppTest (the script thread only, no browser):

- *cold*: a fresh session after ``ui.frame.cache.clear()``, so every solver call is
  computed; this is the first visit to a page with new data settings.
- *rerun*: the same session run again (median of ``--reruns`` after one warm-up).
  The caches answer, so this is what a student feels on every widget move that
  leaves the data alone: the page script, the figure builders and the protobufs.

Times are this process's CPU time (BLAS limited to one thread; AppTest's own
thread mostly sleeps while it waits for the script), with the wall time next to
it. On a shared machine other processes only add wall time; CPU time is what the
page costs a server core of its own, so the 300 ms target is judged on it.

The animated contour's payload is the sum of ``len(proto.spec)`` of the charts that
carry animation frames. A few heavy settings (largest data, most iterations) are
measured too, because the default view is not the worst one a link can ask for.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st
import streamlit.logger
import threadpoolctl
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from ui.frame import cache
from ui.frame.navigation import PAGES

# Clearing the caches outside a server logs warnings that mean nothing here.
for name in ("caching.cache_data_api", "scriptrunner_utils.script_run_context"):
    streamlit.logger.get_logger(f"streamlit.runtime.{name}").disabled = True

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RERUN_TARGET_MS = 300
PAYLOAD_TARGET_KB = 500
GD_PAGE = "pages/gradient_descent.py"
# Settings a lesson link can ask for that make a page work hardest.
HEAVY = (
    (GD_PAGE, {"n": "2000", "p": "50", "iters": "20000", "lr": "0.00001"}),
    (GD_PAGE, {"iters": "20000", "lr": "0.00001", "batch": "1", "momentum": "0.95"}),
    (GD_PAGE, {"presenter": "true", "iters": "20000", "lr": "0.00001"}),
    ("app.py", {"n": "2000", "p": "50"}),
    ("pages/normal_equation.py", {"n": "2000", "p": "50"}),
    ("pages/ridge.py", {"n": "2000", "p": "50"}),
    ("pages/data.py", {"n": "2000", "p": "50"}),
)


@dataclass
class Run:
    wall_ms: float
    cpu_ms: float  # this process's CPU time: the script thread, BLAS limited to 1


@dataclass
class PageTiming:
    page: str
    query: dict
    cold: Run
    reruns: list[Run]
    figure_bytes: int
    animation_bytes: int
    errors: list[str]

    def median(self, clock: str) -> float:
        return statistics.median(getattr(run, clock) for run in self.reruns)


def open_app(page: str, query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at


def timed_run(at: AppTest) -> Run:
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    return Run((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def measure(page: str, query: dict, reruns: int) -> PageTiming:
    """Cold run in a fresh session with empty caches, then warm reruns."""
    cache.clear()
    at = open_app(page, query)
    cold = timed_run(at)
    timed_run(at)  # warm-up: the first rerun still fills per-session state
    rerun = [timed_run(at) for _ in range(reruns)]
    charts = [chart.proto.spec for chart in at.get("plotly_chart")]
    animated = sum(len(spec) for spec in charts if '"frames":[{' in spec)
    errors = [str(e.value).splitlines()[0][:120] for e in at.exception]
    return PageTiming(
        page,
        query,
        cold,
        rerun,
        sum(len(spec) for spec in charts),
        animated,
        errors,
    )


def verdict(timing: PageTiming) -> str:
    if timing.errors:
        return "**exception**: " + "; ".join(timing.errors)
    checks = [timing.median("cpu_ms") <= RERUN_TARGET_MS]
    if timing.animation_bytes:
        checks.append(timing.animation_bytes <= PAYLOAD_TARGET_KB * 1000)
    return "met" if all(checks) else "**missed**"


def table(timings: list[PageTiming], with_query: bool) -> str:
    head = "| page | " + ("settings | " if with_query else "")
    head += (
        "cold CPU (ms) | rerun CPU median (ms) | rerun wall median (ms) "
        "| figure JSON (KB) | animation JSON (KB) | target |"
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for t in timings:
        settings = "&".join(f"{k}={v}" for k, v in t.query.items())
        rows.append(
            f"| {Path(t.page).stem} | "
            + (f"`{settings}` | " if with_query else "")
            + f"{t.cold.cpu_ms:.0f} | {t.median('cpu_ms'):.0f} | "
            f"{t.median('wall_ms'):.0f} | {t.figure_bytes / 1000:.1f} | "
            + (f"{t.animation_bytes / 1000:.1f}" if t.animation_bytes else "–")
            + f" | {verdict(t)} |"
        )
    return "\n".join(rows)


def profile(page: str, query: dict, top: int) -> None:
    """cProfile of one warm rerun, taken inside the script thread (AppTest runs the
    script in a thread of its own, which a profiler in the main thread misses)."""
    profiler = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script
    active = {"on": False}

    def run_script(self, rerun_data):
        if not active["on"]:
            return original(self, rerun_data)
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = run_script
    try:
        at = open_app(page, query)
        at.run()
        at.run()
        active["on"] = True
        elapsed = timed_run(at).wall_ms
    finally:
        script_runner.ScriptRunner._run_script = original
    print(f"\nProfile of one rerun of {page} {query or ''}: {elapsed:.0f} ms wall")
    print("(under the profiler; plain reruns are 2-3x faster)\n")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=7)
    parser.add_argument("--no-heavy", action="store_true", help="defaults only")
    parser.add_argument("--profile", metavar="PAGE", help="profile one page's rerun")
    parser.add_argument("--query", default="", help="with --profile: k=v&k=v")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    threadpoolctl.threadpool_limits(1)  # CPU time then measures one core's work

    # Import numpy, plotly, pandas and every module once before timing anything.
    open_app(PAGES[0].script, {}).run()
    if args.profile:
        query = dict(p.split("=", 1) for p in args.query.split("&") if p)
        profile(args.profile, query, args.top)
        return

    print(f"Load average before: {os.getloadavg()[0]:.1f}")
    print(f"Every page at default settings ({args.reruns} reruns after a warm-up)\n")
    defaults = [measure(spec.script, {}, args.reruns) for spec in PAGES]
    print(table(defaults, with_query=False))
    if not args.no_heavy:
        print("\nHeavy settings from a lesson link\n")
        scripts = {spec.script for spec in PAGES}
        heavy = [measure(p, q, args.reruns) for p, q in HEAVY if p in scripts]
        print(table(heavy, with_query=True))
    print(
        f"\nTargets: rerun CPU median ≤ {RERUN_TARGET_MS} ms per page; animation JSON "
        f"≤ {PAYLOAD_TARGET_KB} KB. Python {sys.version.split()[0]}, "
        f"streamlit {st.__version__}, {os.cpu_count()} CPUs; load average after: "
        f"{os.getloadavg()[0]:.1f}."
    )


if __name__ == "__main__":
    main()
