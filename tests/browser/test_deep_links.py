"""A deep link to any page, as the very first visit after the server starts,
renders that page inside the app's frame (navigation titles, dataset sidebar).

The first visit is special: while a folder named pages/ exists, Streamlit serves
its scripts in the legacy multipage mode until app.py has called st.navigation
once in the server process, so every test here starts its own server.
"""

import ast

import pytest

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
    """The title a page passes to `navigation.start_page(...)`, read from its source."""
    tree = ast.parse((REPO_ROOT / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "start_page"
        ):
            return ast.literal_eval(node.args[0])
    raise AssertionError(f"{script} never calls navigation.start_page(title, lede)")


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_first_visit_deep_link_renders_page_in_frame(streamlit_server, page, spec):
    path = "" if spec is PAGES[0] else spec.url_path
    page.goto(f"{streamlit_server}/{path}")
    wait_for_page(page)
    wait_for_drawing(page)
    save_screenshot(page, f"deep_link_{path or 'root'}")

    assert_page_found(page)
    heading = main_area(page).locator("h1").first
    assert heading.inner_text().strip() == page_heading(spec.script)

    # The app's navigation, not the legacy one built from file names.
    nav = sidebar_nav(page)
    assert [title for title, _ in nav] == [p.title for p in PAGES]
    assert [title for title, active in nav if active] == [spec.title]
    assert page.url.split("?")[0].rstrip("/") == f"{streamlit_server}/{path}".rstrip(
        "/"
    )

    # The frame's shared dataset controls.
    assert sidebar_widget(page, "stSelectbox", "Dataset").count() == 1
