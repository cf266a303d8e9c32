"""Which road, when, in a real browser: a race of small sizes draws the chart of
seconds to the same answer with the crossover sentence, and the results fit a
laptop and a phone."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import (
    main_area,
    save_screenshot,
    wait_for_app,
    wait_for_layout,
    wait_for_page,
)
from tests.browser.layout import assert_fits

# κ = 1: every iterative road lands in a step or two, so the race is quick.
# Its verdict is a measurement: usually each road was already faster at the
# smallest size, but a loaded machine can time one slower there.
ROUND = "kappa=1.0&eps=0.001&pmin=50&pmax=100&sizes=2&sgd=false"


def test_a_race_draws_the_verdict_and_fits_every_screen(streamlit_server, page):
    page.goto(f"{streamlit_server}/roads?{ROUND}")
    wait_for_page(page)
    main = main_area(page)
    assert main.locator(".js-plotly-plot").count() == 0  # nothing runs on load
    page.get_by_role("button", name="Start the race").click()
    wait_for_app(page)
    expect(main.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
    verdict = main.get_by_text("On this machine, at κ = 1 and ε = 10⁻³")
    expect(verdict).to_be_visible()
    # One bullet per road that reached ε, in one of the verdict's forms.
    verdicts = main.get_by_text(
        re.compile(
            "was already faster at the smallest size|overtakes the normal equation "
            "from|stays slower up to"
        )
    )
    expect(verdicts.first).to_be_visible()
    size = page.viewport_size
    try:
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            wait_for_app(page)
            wait_for_layout(page)  # plotly redraws the charts at the new width
            assert_fits(
                page, f"roads at {width}×{height}", scrolling_formulas=width < 500
            )
    finally:
        page.set_viewport_size(size)
    save_screenshot(page, "roads_round_run", full_page=True)
