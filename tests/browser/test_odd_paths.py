"""Odd paths and sample names sent to a real server answer at once and leak
nothing: a traversal path is refused by the server itself, an unknown page falls
back to the first page with Streamlit's "page not found" notice, a nested path
opens its first segment, and a sample name outside the shipped list is refused
with a note."""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import main_area, page_heading, wait_for_page

TIMING_TITLE = page_heading("pages/timing.py")

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def page(calm_page):
    """The first page's descent need not play for these tests (it keeps a core
    busy while it does)."""
    return calm_page


def _status_and_body(url: str) -> tuple[int, str]:
    try:
        with _NO_PROXY.open(url, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.mark.parametrize(
    "path",
    ["/..%2F..%2Fetc%2Fpasswd", "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/%00"],
)
def test_traversal_paths_are_refused_at_once(streamlit_server, path):
    status, body = _status_and_body(streamlit_server + path)  # 10 s at most
    assert 400 <= status < 500, (path, status)
    assert "root:" not in body


def test_an_unknown_page_says_so_and_shows_the_first_page(streamlit_server, page):
    page.goto(f"{streamlit_server}/no_such_page")
    wait_for_page(page)
    expect(page.get_by_text("Page not found")).to_be_visible()
    expect(main_area(page).locator("h1").first).to_have_text(
        "Normal equation vs gradient descent"
    )
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    expect(links.first).to_be_visible(timeout=30_000)  # the way home, and the rest


def test_a_sample_outside_the_shipped_list_is_refused(streamlit_server, page):
    # On the lightest page (timing): the frame reads the dataset on every page.
    page.goto(f"{streamlit_server}/timing?source=sample%3A..%2F..%2Fetc%2Fpasswd")
    wait_for_page(page)
    note = main_area(page).locator('[data-testid="stAlert"]').filter(has_text="link")
    expect(note.first).to_contain_text("is not valid; using the default")
    assert "root:" not in page.content()


def test_a_nested_path_opens_its_first_segment(streamlit_server, page):
    """Streamlit itself would wait on "connecting" forever (ui/server/routing.py; the
    redirect of every other shape of path is tested in tests/test_routing.py).
    On the lightest page, with one of its own settings."""
    page.goto(f"{streamlit_server}/timing/extra?sizes=4")
    wait_for_page(page)
    expect(main_area(page).locator("h1").first).to_have_text(TIMING_TITLE)
    assert page.url.split("?")[0] == f"{streamlit_server}/timing"
    assert "sizes=4" in page.url  # the lesson link's settings survive
