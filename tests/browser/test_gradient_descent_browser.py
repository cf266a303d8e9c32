"""The descent player in a real browser: the bowl stays drawn mid-play, the path
the browser draws is the solver's to 1e-9 (also after dragging η and clicking a
start point), the server adopts what the chart chose (and the load test's
protocol client, replaying it, sends and receives what the browser did), the
keyboard drives it.

Its size, theme and reduced motion on a laptop, a phone and a projector are
checked where the gradient descent page is opened as a first visit
(`tests/browser/test_deep_links.py`, with `assert_bowl`)."""

import numpy as np
import pytest
from playwright.sync_api import expect

import solvers
from figures.descent import STANDARDIZED_NOTE
from tests.browser.frames import Frames, assert_client_replays
from tests.browser.helpers import (
    assert_bowl,
    main_area,
    save_screenshot,
    wait_for_app,
    wait_for_page,
)
from ui.frame import dataset as ui_dataset

SNAPSHOT = "key => window.lessonCharts[key].snapshot()"
# The player `key` shows a step past `t` (it plays on, or was moved there).
_PAST = "([key, t]) => window.lessonCharts[key].t > t"
# The fraction of the plot area's pixels that are not the page background, and
# how many distinct colours they hold: a blank bowl has ~0 and 1.
_BOWL_PIXELS = """key => {
  const p = window.lessonCharts[key];
  const r = window.devicePixelRatio || 1;
  const b = p.box;
  const img = p.canvas.getContext('2d').getImageData(
    Math.round(b.x * r), Math.round(b.y * r), Math.round(b.size * r),
    Math.round(b.size * r)).data;
  let painted = 0; const colours = new Set();
  for (let i = 0; i < img.length; i += 4 * 37) {
    if (img[i + 3] > 0) painted++;
    colours.add(img[i] >> 3 << 10 | img[i + 1] >> 3 << 5 | img[i + 2] >> 3);
  }
  return {painted: painted / (img.length / (4 * 37)), colours: colours.size};
}"""


@pytest.fixture
def page(calm_page):
    """Tabs that prefer reduced motion: the player does not play on its own when
    it opens (seconds of drawing for each test), and the tests play it
    themselves where they are about playing."""
    return calm_page


def _open(page, url, key="descent"):
    page.goto(url)
    wait_for_page(page)
    page.wait_for_function(
        f"() => window.lessonCharts && window.lessonCharts[{key!r}]", timeout=30_000
    )
    return page.evaluate(SNAPSHOT, key)


def _solver_path(learning_rate=None, max_iter=500, momentum=0.0, init=None, **data):
    """The plotted weights (w1, w2) of `solvers.gradient_descent` on the page's
    default data (the sidebar's defaults): the reference the browser must match.
    With no η, the solver's own, 1/μ_max, at which the page opens."""
    dataset = solvers.make_dataset(**{**ui_dataset.settings(), **data})
    run = solvers.gradient_descent(
        dataset.X,
        dataset.y,
        learning_rate=learning_rate,
        max_iter=max_iter,
        momentum=momentum,
        init=init,
    )
    return run, run.weights_history[:, 1:3]


def _assert_same_path(drawn, path):
    drawn_path = np.column_stack([drawn["xs"], drawn["ys"]])
    assert drawn_path.shape == path.shape
    scale = np.abs(path).max()
    np.testing.assert_allclose(drawn_path, path, rtol=0, atol=1e-9 * scale)


def test_the_bowl_stays_drawn_mid_play_and_the_path_is_the_solvers(
    streamlit_server, page
):
    page.set_viewport_size({"width": 1920, "height": 1080})
    rest = _open(page, f"{streamlit_server}/gradient_descent?presenter=true")
    assert rest["plotSize"] >= 480  # sized to the window left under the title
    page.evaluate("k => { const p = window.lessonCharts[k]; p.pause(); }", "descent")
    run, path = _solver_path()
    _assert_same_path(rest, path)
    assert rest["status"] == run.status and rest["nIter"] == run.n_iter

    page.locator("button[aria-label='back to the start']").click()
    page.locator("button[aria-label='play']").click()
    seen = []
    for _ in range(2):  # a step played, then a later one
        shown = seen[-1][0] if seen else 0
        page.wait_for_function(_PAST, arg=["descent", shown], timeout=20_000)
        now = page.evaluate(SNAPSHOT, "descent")
        pixels = page.evaluate(_BOWL_PIXELS, "descent")
        seen.append((now["t"], now["playing"]))
        assert now["contourLevels"] >= 10, now
        assert pixels["painted"] > 0.99 and pixels["colours"] > 20, pixels
    assert all(playing for _, playing in seen), seen
    assert 0 < seen[0][0] < seen[1][0] < run.n_iter, seen
    save_screenshot(page, "gradient_descent_presenter_mid_play")
    page.locator("select[aria-label='playback speed']").select_option("4")
    assert page.evaluate("() => window.lessonCharts.descent.speed") == 4
    # To the last step by the frame slider (playing there at 1920×1080 would
    # keep a core drawing for seconds): the whole path, the bowl still drawn.
    page.evaluate("() => window.lessonCharts.descent.pause()")
    page.locator("input[aria-label='iteration shown']").fill(str(run.n_iter))
    end = page.evaluate(SNAPSHOT, "descent")
    assert end["t"] == run.n_iter and end["contourLevels"] >= 10


def test_dragging_eta_and_clicking_the_bowl_redraw_the_solvers_path(
    streamlit_server, page
):
    frames = Frames(page)
    before = _open(page, f"{streamlit_server}/gradient_descent")
    opened = before["settings"]["learningRate"]
    # η typed in its box, then one key step (1/24 of a decade) and PageUp (a
    # whole decade) on its slider
    typed = main_area(page).locator("input[aria-label='learning rate η, typed']")
    typed.fill("0.5")
    typed.press("Enter")
    assert page.evaluate(SNAPSHOT, "descent")["settings"]["learningRate"] == 0.5
    slider = main_area(page).locator("input[aria-label='learning rate η (log scale)']")
    slider.focus()
    page.keyboard.press("PageDown")
    tenth = page.evaluate(SNAPSHOT, "descent")["settings"]["learningRate"]
    assert tenth == pytest.approx(0.05, rel=0.03)
    page.keyboard.press("ArrowLeft")
    moved = page.evaluate(SNAPSHOT, "descent")
    learning_rate = moved["settings"]["learningRate"]
    assert learning_rate == pytest.approx(tenth * 10 ** (-1 / 24), rel=0.01)
    assert learning_rate < opened and moved["xs"] != before["xs"]
    _, path = _solver_path(learning_rate=learning_rate)
    _assert_same_path(moved, path)

    # A click in the bowl's upper left starts the descent there.
    box = page.evaluate("() => window.lessonCharts.descent.box")
    bowl = main_area(page).locator("svg.dp-svg")
    bowl.click(position={"x": box["x"] + box["size"] * 0.2, "y": box["y"] + 20})
    clicked = page.evaluate(SNAPSHOT, "descent")
    clicked_start = clicked["settings"]["clickedStart"]
    assert clicked_start is not None
    assert [clicked["xs"][0], clicked["ys"][0]] == pytest.approx(
        clicked_start, rel=1e-12
    )
    _, path = _solver_path(
        learning_rate=learning_rate, init=np.array([0.0, *clicked_start])
    )
    _assert_same_path(clicked, path)

    # The server adopts what the chart chose: the link and the page's numbers.
    page.wait_for_function(
        f"() => location.search.includes('lr={learning_rate:g}')"
        " && location.search.includes('from=')",
        timeout=20_000,
    )
    wait_for_app(page)
    assert "Same weights" in main_area(page).inner_text()

    # The server's answers to the chart's own moves repeat the generation of
    # the settings it last set: a late one (older settings) must not undo the
    # click; settings the server sets anew (a new generation) are taken.
    kept = page.evaluate(
        """() => { const p = window.lessonCharts.descent, now = p.settings();
          const older = {...now, clickedStart: null};
          p.update({...p.data, settings: older});
          const kept = p.settings().clickedStart;
          p.update({...p.data, settings: older, generation: p.data.generation + 1});
          return [kept, p.settings().clickedStart]; }"""
    )
    assert kept == [clicked_start, None], kept

    # The load test's client, given the same link and changes, speaks as this
    # browser did, message for message (benchmarks/classroom.py uses it).
    assert_client_replays(frames, streamlit_server, "gradient_descent")


# The element that has the focus (through shadow roots), its name, and whether
# focusing it changed how it or one of its 6 nearest ancestors looks (outline,
# shadow, border or background), compared after a blur: a visible focus
# indicator.
_FOCUSED = """async () => {
  const frames = () =>
    new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement)
    el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const look = e => { const c = getComputedStyle(e);
    return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow,
            c.borderColor, c.backgroundColor].join('|'); };
  const chain = [];
  for (let e = el, i = 0; e && i < 7; e = e.parentElement, i++) chain.push(e);
  const focused = chain.map(look);
  el.blur();
  await frames();  // widgets that style their focus from React state re-render
  const blurred = chain.map(look);
  el.focus({preventScroll: true});
  await frames();
  const widget = el.closest('[data-testid^="st"]');
  return {tag: el.tagName,
          name: (el.getAttribute('aria-label') || el.innerText || '').trim(),
          widget: widget ? widget.dataset.testid : null,
          ring: focused.some((f, i) => f !== blurred[i])};
}"""

# What a student must reach from the keyboard in this lesson, by accessible name.
_LESSON_CONTROLS = (
    "Data source",
    "Dataset",
    "Samples n",
    "Presenter mode",
    "learning rate η (log scale)",
    "momentum β",
    "maximum number of steps (log scale)",
    "back to the start",
    "play",
    "one step forward",
    "iteration shown",
    "playback speed",
    "Standardize features",
)


def _tab_through(page, limit=120):
    """Press Tab from the top of the page until the focus comes round again.
    Transitions are switched off first, so that a focus style is there at once
    (a border fading to its focus colour would read as no change)."""
    page.add_style_tag(content="* { transition: none !important; }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if reached and focused == reached[0]:
            return reached
        reached.append(focused)
    raise AssertionError(f"the focus never came round in {limit} Tabs: {reached}")


def test_the_keyboard_moves_the_start_and_plays(streamlit_server, page):
    before = _open(page, f"{streamlit_server}/gradient_descent?iters=40")
    page.evaluate("() => window.lessonCharts.descent.pause()")  # the autoplay
    bowl = main_area(page).locator("svg.dp-svg")
    bowl.focus()
    page.keyboard.press("ArrowUp")
    moved = page.evaluate(SNAPSHOT, "descent")
    assert moved["ys"][0] > before["ys"][0]
    assert moved["xs"][0] == pytest.approx(before["xs"][0], abs=1e-12)
    # The move goes to the server, whose rerun redraws the player: let it land
    # before testing play and pause, or on a busy machine it lands between them.
    wait_for_app(page)
    page.keyboard.press(" ")
    assert page.evaluate(SNAPSHOT, "descent")["playing"]
    page.keyboard.press(" ")
    assert not page.evaluate(SNAPSHOT, "descent")["playing"]

    # Every control of the lesson is reached by Tab, each with a visible focus;
    # exempt: the data tables (the grid draws its own cell focus on its canvas,
    # whether the focus sits on the canvas or, a moment later, on the cell of its
    # hidden accessible table) and the main area, which takes the focus to
    # scroll it.
    reached = [f for f in _tab_through(page) if f is not None]
    names = [f["name"].split("\n")[-1] for f in reached]
    missing = [name for name in _LESSON_CONTROLS if name not in names]
    assert not missing, (missing, names)
    unseen = [
        f
        for f in reached
        if not f["ring"]
        and f["tag"] not in ("CANVAS", "MAIN")
        and f["widget"] != "stDataFrameResizable"
    ]
    assert not unseen, unseen
    # ... and works from it: the arrow keys move η, and the path redraws.
    slider = main_area(page).get_by_label("learning rate η (log scale)")
    slider.focus()
    page.keyboard.press("ArrowRight")
    # The player redraws on the next frame, later on a busy machine.
    page.wait_for_function(
        "rate => window.lessonCharts.descent.snapshot().settings.learningRate > rate",
        arg=before["settings"]["learningRate"],
        timeout=10_000,
    )
    after = page.evaluate(SNAPSHOT, "descent")
    assert after["settings"]["learningRate"] > before["settings"]["learningRate"]
    start = np.array([0.0, *after["settings"]["clickedStart"]])
    _, path = _solver_path(
        learning_rate=after["settings"]["learningRate"], max_iter=40, init=start
    )
    _assert_same_path(after, path)


def test_the_start_page_keeps_its_bowl_drawn_mid_play(streamlit_server, page):
    shown = _open(page, f"{streamlit_server}/", key="overview")
    assert not shown["settings"]["clickedStart"]  # a player to watch, not to explore
    page.evaluate(
        "() => { const p = window.lessonCharts.overview; p.pause(); p.show(0, true);"
        " p.play(); }"
    )
    page.wait_for_function(_PAST, arg=["overview", 0], timeout=20_000)
    now = page.evaluate(SNAPSHOT, "overview")
    pixels = page.evaluate(_BOWL_PIXELS, "overview")
    assert now["playing"] and 0 < now["t"] < now["nIter"], now
    assert now["contourLevels"] >= 10 and pixels["colours"] > 20, (now, pixels)


def test_on_a_phone_the_bowls_labels_keep_clear_of_its_ticks(streamlit_server, page):
    """A phone draws the y ticks' labels inside the bowl's frame: the labels of
    the bowl's axes are placed clear of them (on the default data one sat on
    the "0"); and w*'s label clear of the start's."""
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"{streamlit_server}/gradient_descent")
    assert_bowl(page, min_size=300, dark=False)
    # A start level with w*, to its left: w*'s label moves off the start's.
    _open(page, f"{streamlit_server}/gradient_descent?from=-38.39,86.42")
    assert page.evaluate(SNAPSHOT, "descent")["settings"]["clickedStart"]
    assert_bowl(page, min_size=300, dark=False)


def _answer_and_run(page) -> None:
    """Predict mode: pick the first answer of each of the page's two questions
    (`predict.descent_questions`), each once the app has taken the previous
    one, then press Run."""
    questions = main_area(page).locator("[data-testid=stRadio]")
    questions = questions.filter(has_not_text="Start point")
    expect(questions).to_have_count(2)
    for i in range(2):
        questions.nth(i).locator("label").nth(1).click()  # (0 is the question)
        expect(questions.nth(i).locator("input[type=radio]").first).to_be_checked()
        wait_for_app(page)
    run = main_area(page).get_by_role("button", name="Run")
    expect(run).to_be_enabled()
    run.click()
    page.wait_for_function("() => window.lessonCharts && window.lessonCharts.descent")
    wait_for_app(page)


def test_a_moved_eta_survives_the_page_rerunning_whole(streamlit_server, page):
    """A move on the player reruns only the page's numbers; a change that reruns
    the whole page after it (standardizing; predict mode's questions) draws the
    player again at the η it moved to, with the page's numbers for that η."""
    _open(page, f"{streamlit_server}/gradient_descent")
    typed = main_area(page).locator("input[aria-label='learning rate η, typed']")
    typed.fill("0.2")
    typed.press("Enter")
    page.wait_for_function("() => location.search.includes('lr=0.2')")
    wait_for_app(page)
    main_area(page).get_by_text("Standardize features").click()
    page.wait_for_function("() => location.search.includes('standardize=true')")
    wait_for_app(page)
    data = solvers.make_dataset(**ui_dataset.settings())
    run = solvers.gradient_descent(
        data.X, data.y, learning_rate=0.2, max_iter=500, standardize=True
    )
    shown = page.evaluate(SNAPSHOT, "descent")
    assert shown["settings"]["learningRate"] == 0.2
    assert shown["nIter"] == run.n_iter
    assert f"Converged after {run.n_iter} iterations" in main_area(page).inner_text()
    # The summary under the bowl says its coordinates are not the table's units.
    summary = main_area(page).locator(".dp-summary")
    expect(summary).to_contain_text("It reaches w* (")
    expect(summary).to_contain_text(STANDARDIZED_NOTE)

    # Predict mode: the η box above the questions follows a move on the player,
    # and the player drawn again after the next answers keeps that η.
    page.goto(f"{streamlit_server}/gradient_descent?lr=0.3&predict=true")
    wait_for_page(page)
    _answer_and_run(page)
    typed.fill("0.15")
    typed.press("Enter")
    page.wait_for_function("() => location.search.includes('lr=0.15')")
    wait_for_app(page)
    box = main_area(page).get_by_label("Learning rate η", exact=True)
    assert float(box.input_value()) == 0.15
    _answer_and_run(page)
    assert page.evaluate(SNAPSHOT, "descent")["settings"]["learningRate"] == 0.15
