"""Lesson links opened as the first visit after a server start reproduce the
view they encode; a hand-edited bad link is clamped with a visible note."""

from urllib.parse import parse_qs, urlsplit

from tests.browser.helpers import (
    main_area,
    save_screenshot,
    sidebar_widget,
    wait_for_page,
)

_AXIS_TITLES = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.data && g.data.some(t => t.name === 'current wₜ'));
  return [plot.layout.xaxis.title.text, plot.layout.yaxis.title.text];
}"""


def _main_widget(page, testid: str, label: str):
    return (
        main_area(page)
        .locator(f'[data-testid="{testid}"]')
        .filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
    )


def _slider_value(page, label: str) -> str:
    slider = _main_widget(page, "stSlider", label)
    return slider.locator('[data-testid="stSliderThumbValue"]').inner_text().strip()


def test_lesson_link_first_visit_shows_same_view(streamlit_server, page):
    query = "preset=badly_scaled&lr=0.0001&standardize=true&iters=300"
    page.goto(f"{streamlit_server}/gradient_descent?{query}")
    wait_for_page(page)
    page.locator(".js-plotly-plot .updatemenu-button").first.wait_for()
    save_screenshot(page, "lesson_link_badly_scaled")

    dataset = sidebar_widget(page, "stSelectbox", "Dataset")
    assert dataset.locator("input").input_value() == "Badly scaled feature"
    assert _slider_value(page, "Learning rate") == "0.0001"
    assert _slider_value(page, "Maximum iterations") == "300"
    standardize = _main_widget(page, "stCheckbox", "Standardize features")
    assert standardize.locator("input").is_checked()
    titles = page.evaluate(_AXIS_TITLES)
    assert all("(standardized)" in title for title in titles), titles
    # The address bar still carries the view, so a reload reopens it.
    shown = parse_qs(urlsplit(page.url).query)
    assert shown == parse_qs(query), page.url
    # Nothing in the link needed changing.
    notes = (
        main_area(page).locator('[data-testid="stAlert"]').filter(has_text="The link")
    )
    assert notes.count() == 0, notes.all_inner_texts()


def test_bad_link_is_clamped_with_notes(streamlit_server, page):
    page.goto(f"{streamlit_server}/gradient_descent?iters=99999999&lr=abc")
    wait_for_page(page)  # also asserts that no exception box is shown
    save_screenshot(page, "lesson_link_bad_values")

    notes = (
        main_area(page).locator('[data-testid="stAlert"]').filter(has_text="The link")
    )
    texts = notes.all_inner_texts()
    assert len(texts) == 2, texts
    assert any("Maximum iterations" in t and "99999999" in t for t in texts), texts
    assert any("Learning rate" in t and "abc" in t for t in texts), texts
    assert _slider_value(page, "Maximum iterations") == "20000"
    assert _slider_value(page, "Learning rate") == "0.1"
