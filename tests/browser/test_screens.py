"""A classroom's screens: a projector, a laptop, a phone.

Presenter mode on a 1920×1080 projector opens every lesson link of the Start
page with the whole bowl and its Play bar in the window, and no internal link
drops presenter mode; on a phone and in the laptop's raw-vs-standardized
comparison the player stacks (controls full width, the Play bar under the
bowl); clicks on the bowl never move its frame. Every view is checked with
`assert_fits`, which also fails on a control too narrow to use or outside the
window.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.helpers import save_screenshot, wait_for_app, wait_for_page
from tests.browser.layout import assert_fits

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}

_LESSONS = """() => [...document.querySelectorAll('[data-testid="stMain"] a')]
  .map(a => a.href).filter(h => h.includes('iters='))"""
_INTERNAL = """origin => [...document.querySelectorAll('a[href]')]
  .map(a => a.href).filter(h => h.startsWith(origin) && !h.includes('#'))"""
# Where the player is drawn, in window pixels, once the server has answered
# every setting it sent.
_PLAYER = """key => { const p = window.lessonCharts && window.lessonCharts[key];
  if (!p || p.pending !== null) return null;
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {bowl: box(p.svg), bar: box(p.bar), side: box(p.side),
    stacked: p.root.classList.contains('dp-stacked'), bounds: p.bounds,
    plot: p.box, window: window.innerHeight}; }"""


@pytest.fixture
def page(calm_page):
    """Reduced motion: players open on their final path (no seconds of play)."""
    return calm_page


def _player(page, key="descent") -> dict:
    return page.wait_for_function(_PLAYER, arg=key, timeout=30_000).json_value()


def _lesson_links(page, server: str, query: str = "") -> list[str]:
    page.goto(f"{server}/{query}")
    wait_for_page(page)
    return page.wait_for_function(
        f"() => {{ const l = ({_LESSONS})(); return l.length === 4 && l; }}",
        timeout=30_000,
    ).json_value()


def test_presenter_lessons_fit_a_projector_and_keep_presenter_mode(
    streamlit_server, page
):
    page.set_viewport_size(PROJECTOR)
    lessons = _lesson_links(page, streamlit_server, "?presenter=true")
    page.wait_for_function("() => window.lessonCharts && window.lessonCharts.overview")
    internal = page.evaluate(_INTERNAL, streamlit_server)
    assert len(internal) >= 16, internal
    dropped = [h for h in internal if ("presenter", "true") not in _query(h)]
    assert not dropped, f"links without presenter=true: {dropped}"
    assert_fits(page, "start, presenting at 1920×1080")
    save_screenshot(page, "projector_start_lessons")
    for number, lesson in enumerate(lessons):
        page.goto(lesson)
        wait_for_page(page)
        shown = _player(page, "race" if "/methods" in lesson else "descent")
        where = f"lesson {number + 1} presenting at 1920×1080"
        assert shown["bowl"]["bottom"] <= shown["window"], (where, shown)
        assert shown["bar"]["bottom"] <= shown["window"], (where, shown)
        assert shown["plot"]["size"] >= 480, (where, shown["plot"])
        assert_fits(page, where)
        save_screenshot(page, f"projector_lesson_{number + 1}")


def _query(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def _assert_stacked(shown: dict, width: int, where: str) -> None:
    """Controls under the bowl at its full width, the Play bar right under it."""
    assert shown["stacked"], where
    assert shown["side"]["top"] >= shown["bowl"]["bottom"] - 1, (where, shown)
    assert shown["side"]["right"] - shown["side"]["left"] >= 0.8 * width, where
    assert 0 <= shown["bar"]["top"] - shown["bowl"]["bottom"] <= 40, (where, shown)


def test_the_player_steers_on_a_phone_and_in_the_laptops_comparison(
    streamlit_server, page
):
    page.set_viewport_size(PHONE)
    lessons = _lesson_links(page, streamlit_server)
    crawl = next(link for link in lessons if "compare=true" in link)
    page.goto(f"{streamlit_server}/gradient_descent")
    wait_for_page(page)
    _assert_stacked(_player(page), PHONE["width"], "phone")
    assert_fits(page, "gradient descent at 390×844", scrolling_formulas=True)
    save_screenshot(page, "phone_player_stacked")

    page.set_viewport_size(LAPTOP)
    page.goto(crawl)
    wait_for_page(page)
    assert not _player(page)["stacked"]
    for key in ("compare_raw", "compare_standardized"):
        shown = _player(page, key)
        _assert_stacked(shown, shown["bowl"]["right"] - shown["bowl"]["left"], key)
    assert_fits(page, "the comparison at 1366×768")
    page.locator(".dp").nth(1).scroll_into_view_if_needed()
    save_screenshot(page, "laptop_comparison")


def test_clicks_on_the_bowl_keep_its_frame(streamlit_server, page):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{streamlit_server}/gradient_descent")
    wait_for_page(page)
    before = _player(page)
    plot = before["plot"]
    bowl = page.locator(".dp-svg").first
    for fx, fy in ((0.3, 0.35), (0.7, 0.6)):
        bowl.click(
            position={
                "x": plot["x"] + fx * plot["size"],
                "y": plot["y"] + fy * plot["size"],
            }
        )
        wait_for_app(page)
        after = _player(page)  # the server has answered the click
        clicked_start = page.evaluate(
            "() => window.lessonCharts.descent.settings().clickedStart"
        )
        assert clicked_start is not None
        assert after["bounds"] == before["bounds"], (fx, fy, after["bounds"])
