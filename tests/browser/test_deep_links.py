"""A deep link to any page, as the first visit to a freshly started server, renders
that page inside the app's frame (navigation, dataset sidebar, lesson link), and
the app reaches into no private Streamlit API to make that work."""

import ast

from playwright.sync_api import expect

from tests.browser.helpers import (
    REPO_ROOT,
    assert_page_found,
    main_area,
    save_screenshot,
    sidebar_nav,
    sidebar_widget,
    wait_for_drawing,
    wait_for_page,
)
from ui.navigation import PAGES


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


def test_every_page_as_the_first_visit_renders_in_its_frame(fresh_server, browser):
    # One tab per page, all opened before any of them has run: each is a first
    # visit of its own session to a server that has served nothing yet.
    contexts = [
        browser.new_context(viewport={"width": 1366, "height": 768}) for _ in PAGES
    ]
    tabs = [context.new_page() for context in contexts]
    try:
        for tab, spec in zip(tabs, PAGES, strict=True):
            tab.goto(f"{fresh_server}/{spec.url_path}?n=40", wait_until="commit")
        for tab, spec in zip(tabs, PAGES, strict=True):
            wait_for_page(tab)
            # Seven tabs drawing at once on two cores: wait for the last widget.
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
        wait_for_drawing(tabs[0])
        save_screenshot(tabs[0], "first_visit_start_page")
    finally:
        for context in contexts:
            context.close()


def test_switching_pages_keeps_the_data_settings(streamlit_server, page):
    page.goto(f"{streamlit_server}/gradient_descent?n=57&p=3")
    wait_for_page(page)
    for title in ("The data", "Ridge regularization", "Start here"):
        page.locator('[data-testid="stSidebar"] a', has_text=title).click()
        wait_for_page(page)
        assert main_area(page).locator("h1").count() == 1
        assert "57" in sidebar_widget(page, "stSlider", "Samples n").inner_text()
        assert "3" in sidebar_widget(page, "stSlider", "Features p").inner_text()
