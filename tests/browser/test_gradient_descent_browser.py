"""The gradient descent page in a real browser: the ▶ Play animation moves the
current point wₜ to the final iterate and keeps the contours; screenshots in the
light and dark themes and on a projector-sized window."""

import json

from tests.browser.helpers import (
    main_area,
    save_screenshot,
    wait_for_drawing,
    wait_for_page,
)

# The contour figure is the plot holding the trace named "current wₜ"; values are
# read from _fullData (decoded arrays); frames may hold base64 typed arrays.
_STATE = """() => {
  const TYPES = {f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array,
    i1: Int8Array, u4: Uint32Array, u2: Uint16Array, u1: Uint8Array};
  const decode = a => (a && a.bdata !== undefined)
    ? Array.from(new TYPES[a.dtype](
        Uint8Array.from(atob(a.bdata), c => c.charCodeAt(0)).buffer))
    : Array.from(a);
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.data && g.data.some(t => t.name === 'current wₜ'));
  if (!plot) return null;
  const names = plot._fullData.map(t => t.name);
  const trace = plot._fullData[names.indexOf('current wₜ')];
  const frames = plot._transitionData._frames;
  const last = frames[frames.length - 1];
  return {
    names,
    types: plot._fullData.map(t => t.type),
    current: [trace.x[0], trace.y[0]],
    label: trace.text[0],
    lastFrame: [decode(last.data[1].x)[0], decode(last.data[1].y)[0]],
    lastLabel: last.data[1].text[0],
    sliderStep: plot.layout.sliders[0].active,
    nFrames: frames.length,
    contourPaths: plot.querySelectorAll('.contourlayer path').length,
    contourImages: plot.querySelectorAll('.contourlayer image').length,
  };
}"""


def _open(page, url):
    page.goto(url)
    wait_for_page(page)
    page.locator(".js-plotly-plot .updatemenu-button").first.wait_for()
    return page.evaluate(_STATE)


def test_play_moves_current_point_to_final_iterate(streamlit_server, page):
    # 60 iterations: every one is a frame, so the whole playback takes a few s.
    before = _open(page, f"{streamlit_server}/gradient_descent?iters=60")
    assert before is not None, "no contour animation with a 'current wₜ' trace"
    assert before["types"][0] == "contour"
    assert before["names"][2:4] == ["Gradient descent", "current wₜ"]
    assert before["current"] == before["lastFrame"], "the figure opens at the end"
    assert before["contourPaths"] > 0 and before["contourImages"] == 1

    play = page.locator(".js-plotly-plot .updatemenu-button").filter(has_text="Play")
    assert play.count() == 1
    play.click()
    # Play starts from frame 0, so the point jumps back and walks forward.
    page.wait_for_function(
        f"() => {{ const s = ({_STATE})(); "
        f"return s.current[0] !== {before['current'][0]} "
        f"|| s.current[1] !== {before['current'][1]}; }}",
        timeout=10_000,
    )
    moving = page.evaluate(_STATE)
    assert moving["label"] != before["label"]
    assert moving["sliderStep"] < before["nFrames"] - 1

    page.wait_for_function(
        f"() => {{ const s = ({_STATE})(); "
        f"return s.sliderStep === s.nFrames - 1 && s.contourPaths > 0; }}",
        timeout=60_000,
    )
    page.wait_for_timeout(300)  # the last frame's redraw
    after = page.evaluate(_STATE)
    assert after["current"] == after["lastFrame"] == before["current"], json.dumps(
        [before, after]
    )
    assert after["label"] == before["label"] == before["lastLabel"]
    # redraw=True keeps the contour trace drawn once the frames have played.
    assert after["types"][0] == "contour"
    assert after["contourPaths"] > 0 and after["contourImages"] == 1
    save_screenshot(page, "gradient_descent_after_play")


def _background_luminance(page) -> float:
    rgb = page.evaluate(
        """() => getComputedStyle(document.querySelector('[data-testid="stApp"]'))
        .backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)"""
    )
    return sum(rgb) / (3 * 255)


def test_screenshots_light_dark_and_projector(streamlit_server, browser):
    """Streamlit's default theme follows the browser's colour scheme, so the dark
    theme is a browser context with color_scheme="dark"."""
    url = f"{streamlit_server}/gradient_descent"
    looks = (
        ("light", {"width": 1600, "height": 900}, "light", ""),
        ("dark", {"width": 1600, "height": 900}, "dark", ""),
        ("presenter", {"width": 1920, "height": 1080}, "light", "?presenter=true"),
    )
    for name, viewport, scheme, query in looks:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            page = context.new_page()
            state = _open(page, url + query)
            assert state is not None and state["contourPaths"] > 0
            luminance = _background_luminance(page)
            assert (luminance < 0.5) == (scheme == "dark"), luminance
            if name == "presenter":
                # Presenter mode tucks the sidebar away and scales the root font.
                font = page.evaluate(
                    "() => parseFloat(getComputedStyle(document.documentElement)"
                    ".fontSize)"
                )
                assert font > 16
                assert main_area(page).locator("h1").first.is_visible()
            wait_for_drawing(page)
            save_screenshot(page, f"gradient_descent_{name}")
        finally:
            context.close()
