"""A CSV file uploaded in a real browser: the normal equation page runs on its
columns (its 3D scene of the file drawn by WebGL), the file stays in use on the
gradient descent page, and a binary file given a .csv name is refused with a
plain message."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_scene_drawn,
    main_area,
    save_screenshot,
    sidebar_widget,
    wait_for_drawing,
    wait_for_page,
)
from ui.frame import upload

HEADER = ("area_m2", "rooms", "price")
ROWS = [(40 + 7 * i, 1 + i % 4, 120 + 21 * i + 9 * (i % 4)) for i in range(20)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def page(calm_page):
    """These tests are about links and files, not the descent playing."""
    return calm_page


def _write_csv(tmp_path):
    path = tmp_path / "homes.csv"
    lines = [",".join(HEADER), *(",".join(map(str, row)) for row in ROWS)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _file_input(page):
    return page.locator(
        '[data-testid="stSidebar"] [data-testid="stFileUploader"] input[type="file"]'
    )


def _select_value(page, label: str) -> str:
    return sidebar_widget(page, "stSelectbox", label).locator("input").input_value()


def _open_upload_source(page, base):
    page.goto(f"{base}/normal_equation?source=upload")
    wait_for_page(page)
    assert _select_value(page, upload.SOURCE.label) == upload.SOURCE.format("upload")
    main_area(page).get_by_text("Upload a CSV file in the sidebar").wait_for()


def _plot_text(page) -> str:
    """Every chart's axis titles, tick labels and legends, as drawn."""
    return " ".join(page.locator(".js-plotly-plot .main-svg").all_text_contents())


def test_uploaded_csv_drives_the_pages(streamlit_server, webgl_page, tmp_path):
    page = webgl_page
    _open_upload_source(page, streamlit_server)
    _file_input(page).set_input_files(_write_csv(tmp_path))
    wait_for_page(page)
    main = main_area(page)
    assert_scene_drawn(page, "normal equation on homes.csv")

    assert _select_value(page, "Target y") == "price"
    features = sidebar_widget(page, "stMultiSelect", "Features x")
    assert "area_m2" in features.inner_text() and "rooms" in features.inner_text()
    assert "Upload a CSV file in the sidebar" not in main.inner_text()
    # The columns of X are the file's: X is 20 × (1 + 2) and the charts name them.
    assert "area_m2" in _plot_text(page)
    assert "rooms" in _plot_text(page)
    assert main.locator('[data-testid="stAlertContentError"]').count() == 0
    save_screenshot(page, "upload_normal_equation")

    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').filter(
        has_text="Gradient descent"
    ).click()
    wait_for_page(page, settle_ms=300)
    main.locator("h1").filter(has_text="Gradient descent").wait_for()
    page.wait_for_function(
        "() => window.lessonCharts && window.lessonCharts.descent", timeout=30_000
    )
    wait_for_drawing(page)

    assert _select_value(page, upload.SOURCE.label) == upload.SOURCE.format("upload")
    assert "homes.csv" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert _select_value(page, "Target y") == "price"
    features = sidebar_widget(page, "stMultiSelect", "Features x")
    assert "area_m2" in features.inner_text() and "rooms" in features.inner_text()
    # The page runs on the file (its charts name the weights w1, w2, not columns).
    assert "Upload a CSV file in the sidebar" not in main.inner_text()
    titles = page.evaluate("() => window.lessonCharts.descent.data.titles")
    assert titles == ["w1", "w2"], titles
    save_screenshot(page, "upload_gradient_descent")
    # The area in m² is far from unit scale (η = 0.1 would diverge): the file
    # opens at a stable η computed from it, 1/μ_max, and nothing is in error.
    errors = main.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert not errors, errors
    player = page.evaluate("() => window.lessonCharts.descent.data")
    assert player["settings"]["learningRate"] == pytest.approx(1 / player["mu_max"])


def test_binary_file_named_csv_is_refused_plainly(streamlit_server, page, tmp_path):
    _open_upload_source(page, streamlit_server)
    fake = tmp_path / "photo.csv"
    fake.write_bytes(PNG)
    _file_input(page).set_input_files(fake)
    wait_for_page(page)

    error = main_area(page).locator('[data-testid="stAlertContentError"]')
    error.first.wait_for()
    text = error.inner_text()
    assert "This file is a PNG image, not a CSV text file" in text
    assert "Save as" in text and "CSV" in text
    assert "PNG image" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert main_area(page).locator('[data-testid="stPlotlyChart"]').count() == 0
    save_screenshot(page, "upload_binary_refused")


def test_a_file_over_the_limit_is_refused_in_words(streamlit_server, page, tmp_path):
    """Over the upload limit the uploader says the limit in megabytes (the
    browser refuses it before sending, so no "status code 413" can show); the
    sidebar said the limit before. Just under it, the file is read and the app's
    own limit on values answers."""
    limit_mb = 5  # .streamlit/config.toml: server.maxUploadSize
    _open_upload_source(page, streamlit_server)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert f"at most {limit_mb} MB" in sidebar.inner_text()
    over = tmp_path / "over.csv"
    over.write_bytes(b"a,y\n" + b"1,2\n" * (limit_mb * 1_000_000 // 4 + 1000))
    _file_input(page).set_input_files(over)
    uploader = sidebar.locator('[data-testid="stFileUploader"]')
    expect(uploader).to_contain_text(f"File must be {limit_mb}.0MB or smaller")
    assert "status code 413" not in page.content()

    under = tmp_path / "under.csv"
    under.write_bytes(b"a,y\n" + b"1,2\n" * (limit_mb * 1_000_000 // 4 - 100))
    _file_input(page).set_input_files(under)
    wait_for_page(page)
    error = main_area(page).locator('[data-testid="stAlertContentError"]')
    expect(error.first).to_contain_text("more than the 2,000,000 values")
    assert "status code 413" not in page.content()
