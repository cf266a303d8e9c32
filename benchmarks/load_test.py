"""A classroom at once: N browser sessions open the same lesson link together.

Run from the repository root::

    python benchmarks/load_test.py                 # 30 sessions, one server
    python benchmarks/load_test.py --sessions 10 --browsers 1

One server on 127.0.0.1 (loopback only) and one or two headless Chromium
processes; every session is a separate browser context (its own cookies, hence
its own Streamlit session). All sessions wait at a barrier and then open the link
together. Reported: median and p95 seconds from that moment to a fully rendered
page (see `bench_cold_start.RENDERED`), and every error: exception boxes, page
errors, timeouts. The whole run is bounded by --timeout; the server and the
browsers are stopped whatever happens.

`tests/browser/test_load.py` runs the same code with a few sessions and asserts
there are no errors.
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
    serve,
)

# The overview's "Round bowl" lesson: the gradient descent page on the default
# data with standardized features and a fixed learning rate.
LESSON = "gradient_descent?lr=0.5&standardize=true"


@dataclass
class Session:
    seconds: float | None = None  # None: never rendered
    errors: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    n_sessions: int
    sessions: list[Session]
    wall_s: float

    @property
    def times(self) -> list[float]:
        return sorted(s.seconds for s in self.sessions if s.seconds is not None)

    @property
    def errors(self) -> list[str]:
        return [
            f"session {i}: {e}" for i, s in enumerate(self.sessions) for e in s.errors
        ]

    def quantile(self, q: float) -> float:
        """Nearest-rank quantile of the render times (nan if none rendered)."""
        times = self.times
        if not times:
            return float("nan")
        return times[max(0, math.ceil(q * len(times)) - 1)]

    def summary(self) -> str:
        times = self.times
        median = statistics.median(times) if times else float("nan")
        return (
            f"{self.n_sessions} sessions: {len(times)} rendered, median "
            f"{median:.2f} s, p95 {self.quantile(0.95):.2f} s, max "
            f"{max(times, default=float('nan')):.2f} s, wall {self.wall_s:.1f} s, "
            f"{len(self.errors)} errors"
        )


async def _visit(context, url: str, go: asyncio.Event, timeout_ms: float) -> Session:
    session = Session()
    page = await context.new_page()
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    await go.wait()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_function(RENDERED, timeout=timeout_ms, polling=100)
        session.seconds = time.perf_counter() - start
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
            return LoadResult(n_sessions, list(sessions), time.perf_counter() - start)
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
        job = pool.submit(
            asyncio.run,
            _load(
                f"{base_url}/{path}", n_sessions, min(browsers, n_sessions), timeout_s
            ),
        )
        return job.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--path", default=LESSON, help="URL path and query")
    parser.add_argument("--timeout", type=float, default=240, help="seconds overall")
    args = parser.parse_args()

    with serve() as url:
        result = run_load(
            url,
            args.sessions,
            path=args.path,
            browsers=args.browsers,
            timeout_s=args.timeout,
        )
    print(f"Load test: `/{args.path}`, {args.browsers} Chromium processes\n")
    print("| sessions | rendered | median (s) | p95 (s) | max (s) | errors |")
    print("|---|---|---|---|---|---|")
    times = result.times
    print(
        f"| {args.sessions} | {len(times)} | "
        f"{statistics.median(times) if times else float('nan'):.2f} | "
        f"{result.quantile(0.95):.2f} | {max(times, default=float('nan')):.2f} | "
        f"{len(result.errors)} |"
    )
    for error in result.errors:
        print(f"- {error}")


if __name__ == "__main__":
    main()
