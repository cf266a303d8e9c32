"""Cold start: from `streamlit run app.py` to a healthy server, and to the first
page fully rendered in headless Chromium. Prints a markdown table.

Run from the repository root::

    python benchmarks/bench_cold_start.py                 # 5 starts, the root page
    python benchmarks/bench_cold_start.py --repeats 3 --path gradient_descent

Each repeat starts a fresh server on 127.0.0.1 (a free port, headless) and opens the
page in a new browser context as soon as /_stcore/health answers; the browser
itself is launched once, before the clock starts. "Rendered" means what
tests/browser/helpers.py waits for (connected, script finished, no status widget,
the page's h1 written) and, in addition, every Plotly chart drawn. The server is
always stopped, also on errors and Ctrl-C.
"""

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.classroom import serve

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

# True once the server is done with the page: the session is connected, the
# script has finished a run, the "Running..." widget has gone and the page has
# written its title (on a first visit the app can look idle, and empty, between
# two runs).
SCRIPT_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null
    && app.dataset.testConnectionState === 'CONNECTED'
    && ['notRunning', 'compilationError'].includes(app.dataset.testScriptState)
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && document.querySelector('[data-testid="stMain"] h1') !== null;
}"""
# ... and, in addition, every Plotly chart has drawn its SVG in the browser.
RENDERED = f"""() => ({SCRIPT_DONE})() && [
  ...document.querySelectorAll('[data-testid="stPlotlyChart"]')
].every(chart => chart.querySelector('.main-svg') !== null)"""
EXCEPTIONS = '[data-testid="stException"]'


# What the page looks like, for the report when it never finishes.
PAGE_STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return JSON.stringify({
    connection: app && app.dataset.testConnectionState,
    script: app && app.dataset.testScriptState,
    h1: document.querySelector('[data-testid="stMain"] h1') !== null,
    charts: charts.length,
    drawn: charts.filter(c => c.querySelector('.main-svg') !== null).length,
  });
}"""


@dataclass
class Start:
    healthy_s: float
    done_s: float | None = None  # the script finished and the title is written
    rendered_s: float | None = None  # ... and every chart is drawn
    problem: str | None = None


def cold_start(browser, path: str, timeout_ms: float) -> Start:
    """One fresh server: seconds from launch to healthy and to a rendered page."""
    start = time.perf_counter()
    with serve() as server:
        result = Start(healthy_s=time.perf_counter() - start)
        context = browser.new_context(viewport={"width": 1600, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{server.url}/{path}")
            page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms, polling=50)
            result.done_s = time.perf_counter() - start
            page.wait_for_function(RENDERED, timeout=timeout_ms, polling=50)
            result.rendered_s = time.perf_counter() - start
            if page.locator(EXCEPTIONS).count():
                result.problem = (
                    "exception box: " + page.locator(EXCEPTIONS).first.inner_text()
                )
        except PlaywrightError as error:
            state = page.evaluate(PAGE_STATE)
            result.problem = f"{str(error).splitlines()[0]}; page state {state}"
        finally:
            context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--path", default="", help="URL path and query, e.g. ridge")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per page")
    args = parser.parse_args()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            starts = [
                cold_start(browser, args.path, args.timeout * 1000)
                for _ in range(args.repeats)
            ]
        finally:
            browser.close()

    print(f"Cold start of `/{args.path}`, {args.repeats} fresh servers\n")
    print("| measure | median (s) | min (s) | max (s) |")
    print("|---|---|---|---|")
    rendered = [s for s in starts if s.rendered_s is not None]
    for label, values in (
        ("launch → /_stcore/health answers", [s.healthy_s for s in starts]),
        ("launch → script done, title written", [s.done_s for s in rendered]),
        ("launch → first page fully rendered", [s.rendered_s for s in rendered]),
        (
            "health → page fully rendered",
            [s.rendered_s - s.healthy_s for s in rendered],
        ),
    ):
        if values:
            print(
                f"| {label} | {statistics.median(values):.2f} | {min(values):.2f} "
                f"| {max(values):.2f} |"
            )
    problems = [s.problem for s in starts if s.problem]
    print(f"\nRendered {len(rendered)} of {len(starts)}; problems: {len(problems)}")
    for problem in problems:
        print(f"- {problem}")


if __name__ == "__main__":
    main()
