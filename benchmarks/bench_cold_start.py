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
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(log_path: Path | None = None, timeout: float = 60) -> Iterator[Server]:
    """Run `streamlit run app.py` on a free loopback port; yield it once
    /_stcore/health answers. The server is stopped on exit, whatever happened."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    with contextlib.ExitStack() as stack:
        if log_path is None:
            log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "log"
        log = stack.enter_context(log_path.open("wb"))  # a file never blocks
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=log)
        try:
            wait_healthy(proc, url, timeout)
        except RuntimeError as error:
            stop(proc)
            log_text = log_path.read_text(errors="replace")
            raise RuntimeError(f"{error}\n{log_text}") from None
        try:
            yield Server(url, proc.pid)
        finally:
            stop(proc)


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> None:
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with no_proxy.open(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    state = "not healthy" if proc.poll() is None else f"exited ({proc.returncode})"
    raise RuntimeError(f"streamlit {state} after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
