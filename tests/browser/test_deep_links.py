"""A deep link to any page, as the first visit to a freshly started server, renders
that page inside the app's frame (navigation, dataset sidebar, lesson link), with
its formulas typeset by KaTeX; it passes the axe-core WCAG A/AA audit in light and
dark (tests/browser/audit.py) and nothing on it is cut or sticks out of its column
at 1366×768 and 390×844 (tests/browser/layout.py): each page is loaded once for all
of it. Switching pages then keeps the data settings."""

import ast
import re

from playwright.sync_api import expect

from tests.browser.audit import assert_accessible
from tests.browser.helpers import (
    REPO_ROOT,
    assert_bowl,
    assert_page_found,
    main_area,
    save_screenshot,
    sidebar_nav,
    sidebar_widget,
    wait_for_app,
    wait_for_drawing,
    wait_for_page,
)
from tests.browser.layout import assert_fits
from ui.navigation import PAGES, spec_for


def page_heading(script: str) -> str:
    """The title a page passes to `navigation.start_page(__file__, title, lede)`,
    read from its source."""
    tree = ast.parse((REPO_ROOT / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "start_page"
        ):
            return ast.literal_eval(node.args[1])
    raise AssertionError(f"{script} never calls navigation.start_page")


# Every rendered formula in the main area; those in hidden tab panels or closed
# expanders are skipped (checkVisibility), so each tab is opened in turn.
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
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(200)
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


def test_every_page_as_the_first_visit_renders_in_its_frame_accessibly(
    fresh_server, browser
):
    # One tab per page, each the first visit of its own session; the first tab is
    # a deep link (no page is "Start here") as the very first request a freshly
    # started server answers. The tabs share one browser context, as tabs of one
    # browser do (Streamlit gives each its own session), so the static files
    # load once.
    order = [*PAGES[1:], PAGES[0]]
    switching = spec_for("pages/gradient_descent.py")
    # Reduced motion: the descent opens on its final path instead of playing,
    # which a frame test does not need (and which keeps a core busy).
    context = browser.new_context(viewport=LAPTOP, reduced_motion="reduce")
    try:
        for spec in order:
            tab = context.new_page()
            tab.goto(f"{fresh_server}/{spec.url_path}?n=40", wait_until="commit")
            wait_for_page(tab)
            lesson_link = tab.locator("[data-testid=stSidebar]").get_by_text(
                "Copy lesson link"
            )
            expect(lesson_link).to_be_visible(timeout=30_000)
            dataset = sidebar_widget(tab, "stSelectbox", "Dataset")
            expect(dataset).to_have_count(1, timeout=30_000)
            links = tab.locator(
                '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'
            )
            expect(links).to_have_count(len(PAGES), timeout=30_000)
            assert_page_found(tab)
            heading = main_area(tab).locator("h1").first
            assert heading.inner_text().strip() == page_heading(spec.script)
            nav = sidebar_nav(tab)
            assert [title for title, _ in nav] == [p.title for p in PAGES]
            # The links carry the link's shared settings to the next page.
            assert all(href.endswith("?n=40") for _, href in nav), nav
            assert tab.url.split("?")[0].rstrip("/") == (
                f"{fresh_server}/{spec.url_path}".rstrip("/")
            )
            assert "40" in sidebar_widget(tab, "stSlider", "Samples n").inner_text()
            if spec.url_path in ("normal_equation", "theory"):
                assert_formulas_typeset(tab, spec.url_path)
            wait_for_drawing(tab)
            where = spec.url_path or "start"
            bowl = spec == switching
            if bowl:  # reduced motion: opened on the final path, not playing
                shown = assert_bowl(tab, min_size=480, dark=False)
                assert not shown["playing"] and shown["t"] == shown["nIter"] > 0
                summary = main_area(tab).locator(".dp-summary").inner_text()
                assert f"{shown['nIter']} steps" in summary, summary
            assert_accessible(tab, where)
            if bowl:
                tab.emulate_media(color_scheme="dark")
                assert_bowl(tab, min_size=480, dark=True)
                save_screenshot(tab, f"dark_{where}")
                tab.emulate_media(color_scheme="light")
            assert_fits(tab, f"{where} at 1366×768")
            save_screenshot(tab, f"laptop_{where}")
            tab.set_viewport_size(PHONE)
            tab.wait_for_timeout(800)  # the charts lay themselves out again
            assert_fits(tab, f"{where} at 390×844", scrolling_formulas=True)
            if bowl:
                assert_bowl(tab, min_size=340, dark=False)
            save_screenshot(tab, f"phone_{where}")
            # Presenter mode on a 16:9 projector, switched on as a teacher would.
            tab.set_viewport_size(PROJECTOR)
            tab.locator("[data-testid=stSidebar]").get_by_text("Presenter mode").click()
            tab.wait_for_function(_PRESENTING, timeout=30_000)
            wait_for_app(tab)
            wait_for_drawing(tab)
            assert_fits(tab, f"{where} at 1920×1080 presenting")
            save_screenshot(tab, f"projector_{where}")
            tab.set_viewport_size(LAPTOP)
            if spec == switching:
                # Presenting tucks the sidebar away: open it, switch back.
                tab.locator("[data-testid=stExpandSidebarButton]").click()
                sidebar = tab.locator("[data-testid=stSidebar]")
                sidebar.get_by_text("Presenter mode").click()
                tab.wait_for_function(f"() => !({_PRESENTING})()", timeout=30_000)
                wait_for_app(tab)
                kept = tab
            else:
                tab.close()  # an open tab keeps drawing (the descent plays)
        # Switching pages keeps the link's data settings.
        for title in ("The data", "Start here"):
            kept.locator('[data-testid="stSidebar"] a', has_text=title).click()
            wait_for_page(kept, settle_ms=300)
            expect(main_area(kept).locator("h1")).to_have_count(1)
            samples = sidebar_widget(kept, "stSlider", "Samples n")
            expect(samples).to_contain_text("40", timeout=30_000)
    finally:
        context.close()
