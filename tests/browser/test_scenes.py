"""The derivations' 3D scene (y projected onto the plane of X's columns) is drawn
by WebGL, which the other browser tests switch off (tests/browser/conftest.py
says why); the normal equation page's scene is checked on an uploaded file
(tests/browser/test_upload_browser.py)."""

from tests.browser.helpers import assert_scene_drawn, wait_for_page
from tests.browser.layout import assert_fits


def test_the_projection_is_drawn_by_webgl(streamlit_server, webgl_page):
    webgl_page.set_viewport_size({"width": 1366, "height": 768})
    webgl_page.goto(f"{streamlit_server}/theory")
    wait_for_page(webgl_page)
    assert_scene_drawn(webgl_page, "theory")
    assert_fits(webgl_page, "theory with WebGL at 1366×768")
