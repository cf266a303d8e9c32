"""Every road to w* in headless Chromium: click on the bowl → redraw, for each
method racing alone and for all of them at once, on the valley preset at
p = 50 features and n = 2000 samples. Prints a markdown table.

Run from the repository root::

    python benchmarks/bench_race.py              # 10 clicks per method
    python benchmarks/bench_race.py --inputs 20 --steps 3000

One server on 127.0.0.1 (a free port, headless), stopped on exit. A click is
timed from its event to the second animation frame after it, when every
racer's new path is on screen (the player re-runs each method in the browser
with static/descent_engine.js); median and worst of `--inputs` clicks, each at
another point of the bowl. `uptime` is printed beside the table.
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_browser import ARM_CLICK, CHROMIUM, CHROMIUM_ARGS
from deploy.classroom import serve
from ui.descent import racers

RACING = "() => window.lessonCharts && window.lessonCharts.race \
  && window.lessonCharts.race.raceRuns && window.lessonCharts.race.contourLevels > 0"


def clicks(browser, url: str, inputs: int) -> list[float]:
    """Milliseconds from each click on the bowl to the second frame after it."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(RACING, timeout=60_000)
        box = page.evaluate("() => window.lessonCharts.race.box")
        origin = page.locator("svg.dp-svg").bounding_box()
        found = []
        for i in range(inputs):
            page.evaluate(ARM_CLICK, "race")
            x = origin["x"] + box["x"] + box["size"] * (0.15 + 0.07 * (i % 10))
            y = origin["y"] + box["y"] + box["size"] * (0.25 + 0.05 * (i % 3))
            page.mouse.click(x, y)
            found.append(page.evaluate("() => window.__clickLatency"))
        return found
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10)
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    keys = [racer.key for racer in racers.RACERS]
    cases = [(racers.BY_KEY[key].label, [key]) for key in keys]
    cases.append(("all seven at once", keys))
    print("uptime before:", _uptime())
    rows = []
    with serve() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for label, chosen in cases:
            racing = "&".join(
                f"race_{key}={'true' if key in chosen else 'false'}" for key in keys
            )
            url = (
                f"{server.url}/methods?preset=valley&p=50&n=2000"
                f"&iters={args.steps}&{racing}"
            )
            rows.append((label, clicks(browser, url, args.inputs)))
            print(f"measured: {label}", file=sys.stderr)
        browser.close()
    print(
        f"\n| method, p = 50, n = 2000, {args.steps} steps | click → redraw, median "
        f"/ worst of {args.inputs} |"
    )
    print("|---|---|")
    for label, found in rows:
        print(f"| {label} | {statistics.median(found):.0f} ms / {max(found):.0f} ms |")
    print("\nuptime after:", _uptime())


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
