"""The bytes a student's first visit puts on the wire: straight from one Streamlit
replica, and through nginx (deploy/classroom.py, static files compressed).

Run from the repository root::

    python benchmarks/bench_first_visit.py
    python benchmarks/bench_first_visit.py --link "ridge?lam=1"

A fresh Chromium profile (nothing cached) opens the lesson link and waits until
every chart is drawn; the bytes are what the network carried for each response
(Chrome's encodedDataLength: headers and the body as sent, compressed or not),
summed by kind; beside them the bytes after decompression and the WebSocket's
frames (decoded).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from deploy.classroom import classroom, serve
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import wait_for_drawing, wait_for_page

LINK = "gradient_descent?lr=0.5&standardize=true"


def first_visit(browser, url: str) -> Counter:
    """Bytes by kind ("static", "page", "stream") of one first visit to `url`."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls, sizes = {}, Counter()
    cdp.on("Network.responseReceived", lambda e: urls.update({e["requestId"]: e}))

    def finished(event):
        response = urls.get(event["requestId"], {}).get("response", {})
        kind = "static" if "/static/" in response.get("url", "") else "page"
        sizes[kind] += event["encodedDataLength"]

    cdp.on("Network.loadingFinished", finished)
    cdp.on(
        "Network.dataReceived",
        lambda e: sizes.update({"decoded": e["dataLength"]}),
    )
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: sizes.update({"stream": len(e["response"]["payloadData"])}),
    )
    page.goto(url)
    wait_for_page(page)
    wait_for_drawing(page)
    page.wait_for_timeout(1000)
    context.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--link", default=LINK)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        with serve() as direct:
            alone = first_visit(browser, f"{direct.url}/{args.link}")
        with classroom(1) as running:
            balanced = first_visit(browser, f"{running.url}/{args.link}")
        browser.close()
    print(f"First visit of {args.link} (MB on the wire)\n")
    print(
        "| | static files | page and API | total on the wire "
        "| decoded (what the browser unpacks) | WebSocket |"
    )
    print("|---|---|---|---|---|---|")
    for name, sizes in (("one replica", alone), ("through nginx", balanced)):
        total = sizes["static"] + sizes["page"]
        print(
            f"| {name} | {sizes['static'] / 1e6:.2f} | {sizes['page'] / 1e6:.2f} | "
            f"{total / 1e6:.2f} | {sizes['decoded'] / 1e6:.2f} | "
            f"{sizes['stream'] / 1e6:.2f} |"
        )


if __name__ == "__main__":
    main()
