"""The descent player in headless Chromium: frames per second while it plays,
input-to-redraw latency, time to the first chart of a lesson link, and the bytes
the gradient descent page sends on its first load. Prints a markdown table.

Run from the repository root::

    python benchmarks/bench_browser.py            # 10 inputs of each kind
    python benchmarks/bench_browser.py --inputs 20 --visits 5

One server on 127.0.0.1 (a free port, headless), stopped on exit. Figures:

* fps: animation frames the player drew per second of playback, and the
  browser's own requestAnimationFrame rate over the same time, at 1920×1080 in
  presenter mode (median of three plays of a 2000-step run, so that every frame
  shows a new step).
* redraw: from the input event (η slider moved, or a mouse click on the bowl) to
  the second animation frame after it, when the new path is on screen; the median
  and the worst of `--inputs` inputs, for 2 features (the default data) and for
  50 features (n = 2000) at 500 and at 20,000 steps.
* first chart: from `goto` of a lesson link in a new browser context to the bowl
  drawn (contours on the canvas), the first visit after the server start and the
  median of `--visits` later ones.
* bytes: WebSocket payload the server sends for the page's first load (the page's
  data), and every HTTP response body (scripts, fonts; cached after the first
  visit), for the gradient descent page and, for comparison, the Start page.
"""

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.classroom import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
PLAYER = "key => window.lessonCharts && window.lessonCharts[key]"
DRAWN = "key => window.lessonCharts && window.lessonCharts[key] \
  && window.lessonCharts[key].contourLevels > 0"

# One input, timed from its event to the second animation frame after it.
SLIDER_LATENCY = """([key, value]) => new Promise(resolve => {
  const p = window.lessonCharts[key];
  p.pause();
  const input = p.learningRateSlider;
  const start = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  requestAnimationFrame(() => requestAnimationFrame(() =>
    resolve(performance.now() - start)));
})"""
ARM_CLICK = """key => { const p = window.lessonCharts[key]; p.pause();
  window.__clickLatency = new Promise(resolve => p.svg.addEventListener('click',
    e => requestAnimationFrame(() => requestAnimationFrame(() =>
      resolve(performance.now() - e.timeStamp))), {once: true, capture: true})); }"""
PLAY = """key => new Promise(resolve => {
  const p = window.lessonCharts[key];
  p.show(0, true);
  let ticks = 0;
  const count = () => { ticks++; if (p.playing) requestAnimationFrame(count); };
  p.play();
  const t0 = performance.now();
  requestAnimationFrame(count);
  const wait = () => p.playing ? setTimeout(wait, 50) : resolve({
    drawn: p.stats.frames / ((p.stats.until - p.stats.since) / 1000),
    raf: ticks / ((performance.now() - t0) / 1000)});
  wait();
})"""


def _open(browser, url, viewport=(1366, 768)):
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), viewport, strict=True))
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(DRAWN, arg="descent", timeout=60_000)
    page.wait_for_timeout(2500)  # the rest of the page (the steps chart) too
    return context, page


def fps(browser, base):
    context, page = _open(
        browser,
        f"{base}/gradient_descent?presenter=true&lr=0.01&iters=2000&standardize=true",
        (1920, 1080),
    )
    try:
        page.wait_for_function(
            "() => !window.lessonCharts.descent.playing", timeout=30_000
        )
        plays = [page.evaluate(PLAY, "descent") for _ in range(3)]
    finally:
        context.close()
    return (
        statistics.median(p["drawn"] for p in plays),
        statistics.median(p["raf"] for p in plays),
    )


def redraw(browser, base, query, inputs, exponent):
    context, page = _open(browser, f"{base}/gradient_descent?{query}")
    try:
        slider = []
        for i in range(inputs):
            value = exponent + 0.05 * (i % 2)  # η = 10^exponent ↔ 1.12 × that
            slider.append(page.evaluate(SLIDER_LATENCY, ["descent", value]))
        box = page.evaluate("() => window.lessonCharts.descent.box")
        bowl = page.locator("svg.dp-svg")
        origin = bowl.bounding_box()
        clicks = []
        for i in range(inputs):
            page.evaluate(ARM_CLICK, "descent")
            x = origin["x"] + box["x"] + box["size"] * (0.2 + 0.06 * i % 0.6)
            y = origin["y"] + box["y"] + box["size"] * 0.3
            page.mouse.click(x, y)
            clicks.append(page.evaluate("() => window.__clickLatency"))
    finally:
        context.close()
    return slider, clicks


def first_chart(browser, base, visits):
    url = (
        f"{base}/gradient_descent?preset=badly_scaled&lr=0.0001806"
        "&iters=39014&compare=true&from=58.67%2C0"
    )
    times = []
    for _ in range(visits + 1):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, arg="descent", timeout=60_000)
        times.append(time.perf_counter() - start)
        context.close()
    return times[0], statistics.median(times[1:])


def page_bytes(browser, url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    sent = {"ws": 0, "http": 0}

    def on_socket(ws):
        ws.on(
            "framereceived",
            lambda payload: sent.__setitem__("ws", sent["ws"] + len(payload)),
        )

    def on_response(response):
        # redirects and aborted requests have no body
        with contextlib.suppress(Exception):
            sent["http"] += len(response.body())

    page.on("websocket", on_socket)
    page.on("response", on_response)
    try:
        page.goto(url)
        page.wait_for_function(
            """() => { const a = document.querySelector(
          '[data-testid="stApp"]'); return a && a.dataset.testScriptState ===
          'notRunning' && document.querySelector('[data-testid="stMain"] h1'); }""",
            timeout=60_000,
        )
        page.wait_for_timeout(2000)
    finally:
        context.close()
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10)
    parser.add_argument("--visits", type=int, default=3)
    args = parser.parse_args()
    with serve() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        cold, warm = first_chart(browser, server.url, args.visits)
        drawn, raf = fps(browser, server.url)
        rows = []
        for label, query, exponent in (
            ("p = 2, 500 steps", "iters=500", -2),
            ("p = 50, n = 2000, 500 steps", "p=50&n=2000&iters=500", -2),
            # η ≈ 1e-4 never converges in 20,000 steps: every step is computed
            ("p = 50, n = 2000, 20000 steps", "p=50&n=2000&iters=20000&lr=0.0001", -4),
        ):
            slider, clicks = redraw(browser, server.url, query, args.inputs, exponent)
            rows.append((label, slider, clicks))
        gd = page_bytes(browser, f"{server.url}/gradient_descent")
        start = page_bytes(browser, f"{server.url}/")
        browser.close()

    print("| measure | value |")
    print("|---|---|")
    print(
        f"| frames drawn per second of playback (presenter, 1920×1080) | {drawn:.0f} |"
    )
    print(f"| requestAnimationFrame rate while playing | {raf:.0f} |")
    for label, slider, clicks in rows:
        print(
            f"| η slider → redraw, {label} (median / worst of {len(slider)}) | "
            f"{statistics.median(slider):.0f} ms / {max(slider):.0f} ms |"
        )
        print(
            f"| click on the bowl → redraw, {label} (median / worst) | "
            f"{statistics.median(clicks):.0f} ms / {max(clicks):.0f} ms |"
        )
    print(f"| lesson link → bowl drawn, first visit after start | {cold:.1f} s |")
    print(
        f"| lesson link → bowl drawn, median of {args.visits} later visits | "
        f"{warm:.1f} s |"
    )
    for name, sent in (("Gradient descent", gd), ("Start here", start)):
        print(
            f"| {name}: WebSocket bytes of the first load | "
            f"{sent['ws'] / 1000:.0f} KB |"
        )
        print(
            f"| {name}: HTTP bytes (scripts, fonts; cached later) | "
            f"{sent['http'] / 1e6:.1f} MB |"
        )


if __name__ == "__main__":
    main()
