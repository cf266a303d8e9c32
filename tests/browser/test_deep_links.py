"""A deep link to any page, as the first visit to a freshly started server (one
server per page), renders that page inside the app's frame (navigation, dataset
sidebar, lesson link); its formulas are typeset by KaTeX, it passes the axe-core
WCAG A/AA audit in light and dark (tests/browser/audit.py), and nothing on it is
cut or sticks out of its column at 1366×768 (light), 390×844 and presenting at
1920×1080 (dark; tests/browser/layout.py). Each page is loaded once for all of
it, in a test of its own so that the two workers share them. Switching pages then
keeps the data settings."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.audit import assert_accessible, assert_dark_pass_sees_contrast
from tests.browser.helpers import (
    assert_bowl,
    assert_page_found,
    main_area,
    page_heading,
    save_screenshot,
    sidebar_nav,
    sidebar_widget,
    wait_for_app,
    wait_for_drawing,
    wait_for_layout,
    wait_for_page,
)
from tests.browser.layout import assert_fits
from ui.frame.navigation import PAGES, spec_for

# Every rendered formula in the main area; those in closed expanders are skipped
# (checkVisibility), and each tab is opened in turn.
_FORMULAS = """() => [...document.querySelectorAll('[data-testid="stMain"] .katex')]
  .filter(k => k.checkVisibility())
  .map(k => { const r = k.querySelector('.katex-html').getBoundingClientRect();
              return [r.width, r.height]; })"""

# The main area's visible text without KaTeX's MathML copy and without code.
_PLAIN_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('.katex-mathml, pre, code').forEach(e => e.remove());
  return main.innerText;
}"""


def _visible_formulas(page, where: str) -> int:
    sizes = page.evaluate(_FORMULAS)
    assert all(w > 0 and h > 0 for w, h in sizes), f"{where}: {sizes}"
    errors = main_area(page).locator(".katex-error")
    assert errors.count() == 0, f"{where}: " + " | ".join(errors.all_inner_texts())
    return len(sizes)


def assert_formulas_typeset(page, where: str) -> None:
    """KaTeX laid out every visible formula, in every tab, in its own fonts, and
    no raw TeX command is left in the text a reader sees."""
    main_area(page).locator(".katex").first.wait_for()
    page.evaluate("() => document.fonts.ready")
    shown = _visible_formulas(page, where)
    tabs = main_area(page).locator('[role="tab"]')
    for i in range(1, tabs.count()):  # the first is open
        tabs.nth(i).click()  # a rerun sends the tab's formulas (only its own)
        wait_for_app(page)
        main_area(page).locator('[role="tabpanel"]:visible .katex').first.wait_for()
        shown += _visible_formulas(page, f"{where}, tab {tabs.nth(i).inner_text()}")
    assert shown > 0, f"{where}: no visible KaTeX formula"
    fonts = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('KaTeX'))"
        ".map(f => f.family + ':' + f.status)"
    )
    assert any(f.endswith(":loaded") for f in fonts), fonts
    text = page.evaluate(_PLAIN_TEXT)
    raw = re.findall(r"\\[A-Za-z]{2,}", text)
    assert not raw, f"raw TeX shown on {where}: {sorted(set(raw))}"


LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
_PRESENTING = "() => getComputedStyle(document.documentElement).fontSize === '21px'"
SWITCHING = spec_for("pages/gradient_descent.py")


def assert_in_frame(tab, server: str, spec) -> None:
    """The page `spec`, opened by a link with ?n=40, is drawn inside the app's
    frame: lesson link, dataset controls, every page's link carrying the link's
    settings, the page's own heading, its address kept."""
    lesson_link = tab.locator("[data-testid=stSidebar]").get_by_text("Copy lesson link")
    expect(lesson_link).to_be_visible(timeout=30_000)
    dataset = sidebar_widget(tab, "stSelectbox", "Dataset")
    expect(dataset).to_have_count(1, timeout=30_000)
    links = tab.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    expect(links).to_have_count(len(PAGES), timeout=30_000)
    assert_page_found(tab)
    heading = main_area(tab).locator("h1").first
    assert heading.inner_text().strip() == page_heading(spec.script)
    nav = sidebar_nav(tab)
    assert [title for title, _ in nav] == [p.title for p in PAGES]
    # The links carry the link's shared settings to the next page.
    assert all(href.endswith("?n=40") for _, href in nav), nav
    assert tab.url.split("?")[0].rstrip("/") == (
        f"{server}/{spec.url_path}".rstrip("/")
    )
    assert "40" in sidebar_widget(tab, "stSlider", "Samples n").inner_text()


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path or "start")
def test_every_page_as_the_first_visit_renders_in_its_frame_and_reads_right(
    fresh_server, calm_page, spec
):
    # The deep link is the very first request the freshly started server
    # answers (no page is "Start here"). Reduced motion: the descent opens on its
    # final path instead of playing, which these checks do not need (and which
    # keeps a core busy).
    tab = calm_page
    tab.set_viewport_size(LAPTOP)
    tab.goto(f"{fresh_server}/{spec.url_path}?n=40", wait_until="commit")
    wait_for_page(tab)
    assert_in_frame(tab, fresh_server, spec)
    where = spec.url_path or "start"
    if spec.url_path in ("normal_equation", "theory"):
        assert_formulas_typeset(tab, where)
    wait_for_drawing(tab)
    bowl = spec == SWITCHING
    if bowl:  # reduced motion: opened on the final path, not playing
        shown = assert_bowl(tab, min_size=480, dark=False)
        assert not shown["playing"] and shown["t"] == shown["nIter"] > 0
        summary = main_area(tab).locator(".dp-summary").inner_text()
        assert f"{shown['nIter']} steps" in summary, summary
    assert_accessible(tab, where, "light")
    assert_fits(tab, f"{where} at 1366×768")
    save_screenshot(tab, f"laptop_{where}")
    # The rest in the dark theme (layout does not depend on it): one switch.
    assert_accessible(tab, where, "dark")
    if spec.url_path == "timing":  # once, on the lightest page
        assert_dark_pass_sees_contrast(tab)
    if bowl:
        assert_bowl(tab, min_size=480, dark=True)
    save_screenshot(tab, f"dark_{where}")
    tab.set_viewport_size(PHONE)
    wait_for_layout(tab)
    assert_fits(tab, f"{where} at 390×844", scrolling_formulas=True)
    if bowl:
        assert_bowl(tab, min_size=340, dark=True)
    save_screenshot(tab, f"phone_{where}")
    # Presenter mode on a 16:9 projector, switched on as a teacher would.
    tab.set_viewport_size(PROJECTOR)
    tab.locator("[data-testid=stSidebar]").get_by_text("Presenter mode").click()
    tab.wait_for_function(_PRESENTING, timeout=30_000)
    wait_for_app(tab)
    wait_for_drawing(tab)
    assert_fits(tab, f"{where} at 1920×1080 presenting")
    save_screenshot(tab, f"projector_{where}")
    if bowl:
        # Presenting tucks the sidebar away: open it, switch back.
        tab.set_viewport_size(LAPTOP)
        tab.locator("[data-testid=stExpandSidebarButton]").click()
        sidebar = tab.locator("[data-testid=stSidebar]")
        sidebar.get_by_text("Presenter mode").click()
        tab.wait_for_function(f"() => !({_PRESENTING})()", timeout=30_000)
        wait_for_app(tab)
        # Switching pages keeps the link's data settings.
        for title in ("The data", "Start here"):
            sidebar.locator("a", has_text=title).click()
            wait_for_page(tab, settle_ms=300)
            expect(main_area(tab).locator("h1")).to_have_count(1)
            samples = sidebar_widget(tab, "stSlider", "Samples n")
            expect(samples).to_contain_text("40", timeout=30_000)
