"""A classroom at once: N browser sessions open the same lesson link together.

Run from the repository root::

    python benchmarks/load_test.py                 # 30 sessions, one server
    python benchmarks/load_test.py --sessions 10 --browsers 1 --warm

One server on 127.0.0.1 (loopback only) and one or two headless Chromium
processes; every session is a separate browser context (its own cookies, hence
its own Streamlit session). All sessions wait at a barrier and then open the link
together. Reported, in seconds from that moment: when the server had finished the
page for a session (script done, title written) and when the browser had drawn
every chart, as median and p95; every error (exception boxes, page errors,
timeouts); and the server's CPU time per session. Browsers and server share this
machine's cores, so the "drawn" times include the browsers' own work; the
server's CPU seconds are what a classroom, with one machine per student, waits
for. --warm opens the link once before the class does (a teacher's rehearsal);
without it the class meets a freshly started server.

The whole run is bounded by --timeout; the server and the browsers are stopped
whatever happens. It is the browser-level spot check of `classroom.py`, which
measures the server itself with protocol-level sessions.
"""

import argparse
import asyncio
import concurrent.futures
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_cold_start import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTIONS,
    RENDERED,
    SCRIPT_DONE,
    serve,
)

# The overview's "Round bowl" lesson: the gradient descent page on the default
# data with standardized features and a fixed learning rate.
LESSON = "gradient_descent?lr=0.5&standardize=true"


@dataclass
class Session:
    done: float | None = None  # the server finished the page; None: never
    drawn: float | None = None  # every chart drawn; None: never
    errors: list[str] = field(default_factory=list)


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (nan for no values)."""
    values = sorted(values)
    if not values:
        return float("nan")
    return values[max(0, math.ceil(q * len(values)) - 1)]


@dataclass
class LoadResult:
    sessions: list[Session]
    wall_s: float
    server_cpu_s: float | None = None

    @property
    def drawn(self) -> list[float]:
        return [s.drawn for s in self.sessions if s.drawn is not None]

    @property
    def done(self) -> list[float]:
        return [s.done for s in self.sessions if s.done is not None]

    @property
    def errors(self) -> list[str]:
        return [
            f"session {i}: {error}"
            for i, session in enumerate(self.sessions)
            for error in session.errors
        ]

    def row(self, values: list[float]) -> str:
        """median | p95 | max of `values`, in seconds."""
        median = statistics.median(values) if values else float("nan")
        high = max(values, default=float("nan"))
        return f"{median:.1f} | {quantile(values, 0.95):.1f} | {high:.1f}"

    def summary(self) -> str:
        cpu = (
            f", server CPU {self.server_cpu_s / len(self.sessions):.2f} s/session"
            if self.server_cpu_s is not None
            else ""
        )
        return (
            f"{len(self.sessions)} sessions, {len(self.drawn)} fully drawn; "
            f"script done median/p95/max {self.row(self.done)} s; charts drawn "
            f"{self.row(self.drawn)} s; wall {self.wall_s:.1f} s{cpu}; "
            f"{len(self.errors)} errors"
        ).replace(" | ", "/")


async def _visit(context, url: str, go: asyncio.Event, timeout_ms: float) -> Session:
    session = Session()
    page = await context.new_page()
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    await go.wait()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(SCRIPT_DONE, timeout=timeout_ms, polling=100)
        session.done = time.perf_counter() - start
        await page.wait_for_function(RENDERED, timeout=timeout_ms, polling=100)
        session.drawn = time.perf_counter() - start
        boxes = page.locator(EXCEPTIONS)
        if await boxes.count():
            text = " | ".join(await boxes.all_inner_texts())
            session.errors.append(f"exception box: {text[:300]}")
    except Exception as error:  # timeouts and navigation failures are results
        session.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    return session


async def _load(url: str, n_sessions: int, browsers: int, timeout_s: float):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = []
        try:
            for _ in range(browsers):
                launched.append(
                    await p.chromium.launch(
                        executable_path=CHROMIUM, args=CHROMIUM_ARGS
                    )
                )
            contexts = [
                await launched[i % browsers].new_context(
                    viewport={"width": 1600, "height": 900}
                )
                for i in range(n_sessions)
            ]
            go = asyncio.Event()
            visits = [
                asyncio.create_task(_visit(c, url, go, timeout_s * 1000))
                for c in contexts
            ]
            await asyncio.sleep(0.5)  # every session has its tab open
            start = time.perf_counter()
            go.set()
            try:
                sessions = await asyncio.wait_for(
                    asyncio.gather(*visits), timeout=timeout_s + 30
                )
            except TimeoutError:
                sessions = [
                    v.result()
                    if v.done() and not v.cancelled()
                    else Session(errors=["overall timeout"])
                    for v in visits
                ]
            return LoadResult(list(sessions), time.perf_counter() - start)
        finally:
            for browser in launched:
                await browser.close()


def run_load(
    base_url: str,
    n_sessions: int,
    *,
    path: str = LESSON,
    browsers: int = 2,
    timeout_s: float = 240,
) -> LoadResult:
    """Open `base_url/path` in `n_sessions` concurrent browser sessions.

    Runs in a thread of its own, with its own event loop, so that it also works
    next to Playwright's sync API (which keeps an event loop in the main thread).
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        url = f"{base_url}/{path}"
        browsers = min(browsers, n_sessions)
        job = pool.submit(asyncio.run, _load(url, n_sessions, browsers, timeout_s))
        return job.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--path", default=LESSON, help="URL path and query")
    parser.add_argument("--timeout", type=float, default=240, help="seconds overall")
    parser.add_argument("--warm", action="store_true", help="open the link once first")
    args = parser.parse_args()

    with serve() as server:
        if args.warm:
            run_load(server.url, 1, path=args.path, timeout_s=args.timeout)
        cpu_before = server.cpu_seconds()
        result = run_load(
            server.url,
            args.sessions,
            path=args.path,
            browsers=args.browsers,
            timeout_s=args.timeout,
        )
        result.server_cpu_s = server.cpu_seconds() - cpu_before
    server_state = "warmed by one visit" if args.warm else "freshly started"
    print(
        f"Load test: {args.sessions} sessions open `/{args.path}` together; "
        f"{args.browsers} Chromium processes; server {server_state}\n"
    )
    print("| seconds from the click | median | p95 | max |")
    print("|---|---|---|---|")
    print(f"| server finished the page | {result.row(result.done)} |")
    print(f"| every chart drawn | {result.row(result.drawn)} |")
    print(
        f"\nFully drawn: {len(result.drawn)}/{args.sessions}; wall "
        f"{result.wall_s:.1f} s; server CPU {result.server_cpu_s:.1f} s "
        f"({result.server_cpu_s / args.sessions:.2f} s per session); errors: "
        f"{len(result.errors)}"
    )
    for error in result.errors:
        print(f"- {error}")


if __name__ == "__main__":
    main()
