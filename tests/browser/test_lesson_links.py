"""Lesson links opened as the first visit after a server start reproduce the
view they encode; a hand-edited bad link is clamped with a visible note."""

import re
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    main_area,
    save_screenshot,
    sidebar_widget,
    wait_for_drawing,
    wait_for_page,
)

_PLAYER = """() => window.lessonCharts && window.lessonCharts.descent
  && window.lessonCharts.descent.data"""


@pytest.fixture
def page(calm_page):
    """These tests are about links and files, not the descent playing."""
    return calm_page


def _main_widget(page, testid: str, label: str):
    return (
        main_area(page)
        .locator(f'[data-testid="{testid}"]')
        .filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
    )


def test_lesson_link_first_visit_shows_same_view(streamlit_server, page):
    query = "preset=badly_scaled&lr=0.0001&standardize=true&iters=300&momentum=0.5"
    page.goto(f"{streamlit_server}/gradient_descent?{query}&from=1.5,-2")
    wait_for_page(page)
    data = page.wait_for_function(_PLAYER, timeout=30_000).json_value()
    wait_for_drawing(page)
    save_screenshot(page, "lesson_link_badly_scaled")

    dataset = sidebar_widget(page, "stSelectbox", "Dataset")
    assert dataset.locator("input").input_value() == "Badly scaled feature"
    assert data["settings"] == {
        "learningRate": 0.0001,
        "momentum": 0.5,
        "maxIter": 300,
        "clickedStart": [1.5, -2.0],
    }
    shown = main_area(page).locator(".dp-controls output").all_inner_texts()
    assert shown == ["β = 0.50", "300 steps"], shown
    assert main_area(page).locator(".dp-number").input_value() == "0.0001"
    standardize = _main_widget(page, "stCheckbox", "Standardize features")
    assert standardize.locator("input").is_checked()
    assert all("(standardized)" in title for title in data["titles"]), data["titles"]
    # Nothing in the link needed changing.
    notes = (
        main_area(page).locator('[data-testid="stAlert"]').filter(has_text="The link")
    )
    assert notes.count() == 0, notes.all_inner_texts()


def test_bad_link_is_clamped_with_notes(streamlit_server, page):
    page.goto(f"{streamlit_server}/gradient_descent?iters=99999999&lr=abc")
    wait_for_page(page)  # also asserts that no exception box is shown
    wait_for_drawing(page)
    save_screenshot(page, "lesson_link_bad_values")

    notes = (
        main_area(page).locator('[data-testid="stAlert"]').filter(has_text="The link")
    )
    texts = notes.all_inner_texts()
    assert len(texts) == 2, texts
    assert any("Maximum iterations" in t and "99999999" in t for t in texts), texts
    assert any("Learning rate" in t and "abc" in t for t in texts), texts
    data = page.wait_for_function(_PLAYER, timeout=30_000).json_value()
    assert data["settings"]["maxIter"] == 50000
    assert data["settings"]["learningRate"] == 0.1


def _dataset_shown(page) -> str:
    return sidebar_widget(page, "stSelectbox", "Dataset").locator("input").input_value()


def test_address_bar_reopens_the_view(streamlit_server, page):
    """What the address bar shows must reopen the same view: after a lesson link
    (reload) and after changing the dataset in the sidebar (in a new tab, a new
    session). Choices are written by their key, as the app's lesson links write
    them (an older link's label is still read). On the timing page, the lightest
    (nothing is drawn before Start), with one of its own settings."""
    problems = []
    page.goto(f"{streamlit_server}/timing?preset=badly_scaled&sizes=4")
    wait_for_page(page)
    page.reload()
    wait_for_page(page)
    if _dataset_shown(page) != "Badly scaled feature":
        problems.append(f"reload of the lesson link shows {_dataset_shown(page)!r}")
    if "preset=badly_scaled" not in page.url or "sizes=4" not in page.url:
        problems.append(f"the address bar lost the link's settings: {page.url}")

    page.locator('[data-testid="stSidebar"] input[aria-label="Dataset"]').click()
    page.get_by_role("option", name="Nearly collinear features").click()
    wait_for_page(page, settle_ms=300)
    expect(page).to_have_url(re.compile(r"[?&]preset=collinear(&|$)"))
    address = page.url
    again = page.context.new_page()
    try:
        again.goto(address)
        wait_for_page(again)
        save_screenshot(again, "lesson_link_address_bar_reopened")
        if _dataset_shown(again) != "Nearly collinear features":
            problems.append(f"{address} reopens {_dataset_shown(again)!r}")
        sizes = (
            main_area(again)
            .locator('[data-testid="stSlider"]')
            .filter(has_text="Sizes, log-spaced")
        )
        if "4" not in sizes.locator('[data-testid="stSliderThumbValue"]').inner_text():
            problems.append(f"{address} reopens sizes {sizes.inner_text()!r}")
        notes = (
            main_area(again)
            .locator('[data-testid="stAlert"]')
            .filter(has_text="The link")
        )
        if notes.count():
            problems.append(f"{address} says: {notes.all_inner_texts()}")
    finally:
        again.close()
    assert not problems, "\n".join(problems)


def test_a_hostile_link_value_renders_as_text(streamlit_server, page):
    payload = (
        "1` [Session expired: sign in again](https://evil.example/login) "
        "![t](https://evil.example/pixel.png) <img src=https://evil.example/h.png> `2"
    )
    fetched = []
    page.on(
        "request",
        lambda r: (
            fetched.append(r.url)
            if urlsplit(r.url).hostname == "evil.example"
            else None
        ),
    )
    # The frame reads n on every page; the timing page is the lightest.
    page.goto(f"{streamlit_server}/timing?n={quote(payload)}")
    wait_for_page(page)
    note = (
        main_area(page)
        .locator('[data-testid="stAlert"]')
        .filter(has_text="Session expired")
    )
    expect(note).to_have_count(1)
    assert "[Session expired: sign in again](https:" in note.inner_text()
    assert page.locator("a[href*='evil'], img[src*='evil']").count() == 0
    assert not fetched, fetched


@pytest.mark.parametrize(
    ("query", "samples", "in_address_bar"),
    [
        # Clamped: Streamlit's own binding dropped both values from the address
        # bar. (Rounding, n=1.5 → 2, takes the same path: test_url_round_trip.)
        ("n=5000&preset=collinear", "2000", "n=2000"),
    ],
)
def test_after_clamping_the_view_the_note_and_the_address_bar_agree(
    streamlit_server, page, query, samples, in_address_bar
):
    """The link's value is noted as "using …", that is what the slider and the
    data use, the address bar says it too (with the preset by its key), and a
    reload reopens the same view. On the timing page, which draws no data: a
    link's values are read and clamped by the frame, the same on every page."""
    page.goto(f"{streamlit_server}/timing?{query}")
    wait_for_page(page)
    for opened in ("link", "reload"):
        slider = sidebar_widget(page, "stSlider", "Samples n")
        thumb = slider.locator('[data-testid="stSliderThumbValue"]')
        expect(thumb).to_have_text(samples, timeout=30_000)  # a busy machine
        assert _dataset_shown(page) == "Nearly collinear features", opened
        expect(page).to_have_url(re.compile(rf"[?&]{in_address_bar}(&|$)"))
        expect(page).to_have_url(re.compile(r"[?&]preset=collinear(&|$)"))
        if opened == "link":
            notes = main_area(page).locator('[data-testid="stAlert"]')
            noted = notes.filter(has_text="link").first.inner_text()
            assert f"using {samples} instead" in noted
            page.reload()
            wait_for_page(page)
