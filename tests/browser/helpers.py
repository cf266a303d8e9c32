"""Helpers for browser tests: `from tests.browser.helpers import wait_for_app`."""

import ast
import os
import tempfile
from contextlib import suppress
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO_ROOT = Path(__file__).resolve().parents[2]
# Screenshots are taken when LESSON_SCREENSHOTS=1 (each costs the browser about a
# second of a busy core, which the suite's time budget does not have), into a
# folder outside the repository: LESSON_ARTIFACTS chooses it, else the temp dir.
TAKE_SCREENSHOTS = os.environ.get("LESSON_SCREENSHOTS") == "1"
SCREENSHOTS = (
    Path(os.environ.get("LESSON_ARTIFACTS", tempfile.gettempdir()))
    / "lesson-screenshots"
)

# Installed in every tab before the app loads (tests/browser/conftest.py): what
# `wait_for_app` needs to know besides the state Streamlit shows, read from the
# app's WebSocket (protobuf: a message is fields, each a tag = number·8 + wire
# type, then its value). Sent: a BackMsg whose first field is 11, rerun_script,
# asks for a run. Received, a ForwardMsg's field 4, new_session, starts a run
# and field 6, script_finished, ends one: with status 2 (FINISHED_EARLY_FOR_RERUN,
# after a rerun request or st.rerun) another run follows. `pending`: a run was
# asked for (or announced) and has not finished, or finished less than two
# frames ago (the app draws what it received in between); `asked`: the last
# request has not started its run yet; `requestedAt`, `inputAt`: when the app
# last asked for a run, when the user last clicked, typed or changed something.
RUN_TRACKER = """(() => {
  const runs = {
    requestedAt: -Infinity, inputAt: -Infinity, asked: false, pending: false,
    changes: 0,
  };
  window.lessonRuns = runs;
  const fields = bytes => {  // the top-level fields: [number, varint or null]
    const found = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), number = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { found.push([number, varint()]); continue; }
      if (wire === 2) {
        const length = varint();  // (not `i += varint()`: that adds to the old i)
        i += length;
      } else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
      found.push([number, null]);
    }
    return found;
  };
  const received = event => {
    if (!(event.data instanceof ArrayBuffer)) return;
    for (const [number, value] of fields(new Uint8Array(event.data))) {
      if (number === 4) runs.asked = false;
      if (number !== 6) continue;
      runs.changes += 1;
      if (value === 2) { runs.pending = true; continue; }
      if (runs.asked) continue;  // an older run's end: the one asked for follows
      const changes = runs.changes;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (runs.changes === changes) runs.pending = false;
      }));
    }
  };
  const listening = new WeakSet();
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!listening.has(this)) {
      listening.add(this);
      this.addEventListener('message', received);
    }
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    if (bytes[0] === 0x5a) {  // field 11, length-delimited: rerun_script
      runs.requestedAt = performance.now();
      runs.asked = runs.pending = true;
      runs.changes += 1;
    }
    return send.call(this, data);
  };
  for (const kind of ['pointerdown', 'keydown', 'input', 'change'])
    window.addEventListener(kind, () => { runs.inputAt = performance.now(); }, true);
})()"""

# True once the session is connected, the script has finished a run (the state is
# "initial" before the first run), the "Running..." status widget has gone and
# no run asked for or announced is still to finish (`RUN_TRACKER`).
_APP_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null
    && app.dataset.testConnectionState === 'CONNECTED'
    && ['notRunning', 'compilationError'].includes(app.dataset.testScriptState)
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && !(window.lessonRuns && window.lessonRuns.pending);
}"""

# After an interaction: the app has asked for a run since the user's last input
# (or no tracker is installed), or shows one going.
_RERUN_ASKED = f"""() => {{
  const runs = window.lessonRuns;
  return !runs || runs.requestedAt >= runs.inputAt || !({_APP_IDLE})();
}}"""


def wait_for_app(page: Page, timeout: float = 60_000, settle_ms: int = 300) -> None:
    """Wait until Streamlit has finished running, then assert it raised nothing.

    Call it after `page.goto(...)` and after every interaction. A change that
    reruns the script asks the server for the run at once or, for a widget that
    waits for more input first, within `settle_ms`: that long at most is waited
    for the request (the whole of it only after an input that asks for no run),
    then for its run to end.
    """
    if settle_ms:
        with suppress(PlaywrightTimeout):
            page.wait_for_function(_RERUN_ASKED, timeout=settle_ms, polling="raf")
    page.wait_for_function(_APP_IDLE, timeout=timeout, polling=100)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, "app raised:\n" + "\n".join(
        exceptions.all_inner_texts()
    )


def save_screenshot(page: Page, name: str, **kwargs) -> Path | None:
    """Save a screenshot to SCREENSHOTS/<name>.png and return its path (None
    unless screenshots were asked for: `TAKE_SCREENSHOTS`)."""
    if not TAKE_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, **kwargs)
    return path


def main_area(page: Page):
    """The page's own content (everything right of the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def assert_page_found(page: Page) -> None:
    """Fail if Streamlit shows its "Page not found" dialog."""
    dialogs = page.locator('[role="dialog"]').filter(has_text="Page not found")
    assert dialogs.count() == 0, "Streamlit showed: " + " | ".join(
        dialogs.all_inner_texts()
    )


def sidebar_nav(page: Page) -> list[tuple[str, str]]:
    """The frame's page links in the sidebar as (shown title, href) pairs; the
    title without its icon's ligature text."""
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    return [
        (
            link.locator('[data-testid="stMarkdownContainer"]').inner_text().strip(),
            link.get_attribute("href"),
        )
        for link in links.all()
    ]


def sidebar_widget(page: Page, testid: str, label: str):
    """The sidebar widget of kind `testid` (e.g. "stSelectbox") labelled `label`."""
    return page.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)
    )


def wait_for_page(page: Page, timeout: float = 60_000, settle_ms: int = 0) -> None:
    """`wait_for_app`, then wait for the page's title (every page starts with
    `navigation.start_page`, which writes an h1) and for the run that wrote it.
    No settling time after a load: a page that has not run yet is not
    "notRunning" but "initial", and from its h1 on the run is "running" until it
    ends. After a click on the page, pass `settle_ms` (see `wait_for_app`)."""
    wait_for_app(page, timeout=timeout, settle_ms=settle_ms)
    main_area(page).locator("h1").first.wait_for(timeout=timeout)
    wait_for_app(page, timeout=timeout, settle_ms=0)


# Every Plotly chart drawn and no loading skeleton left.
_DRAWN = """() =>
  [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(c => c.querySelector('.js-plotly-plot .main-svg'))
  && document.querySelector('[data-testid="stSkeleton"]') === null"""


def wait_for_drawing(page: Page, timeout: float = 15_000) -> None:
    """Before a screenshot: give charts and lazily drawn widgets time to appear.
    Never fails (a screenshot of a half-drawn page still helps to debug)."""
    with suppress(PlaywrightTimeout):
        page.wait_for_function(_DRAWN, timeout=timeout, polling=100)


# The page has laid itself out for the window and theme it has now: no CSS
# transition running (the sidebar sliding on a phone, colours fading after a
# theme switch), every visible Plotly chart drawn at its box's width and every
# descent player laid out at its own.
_LAID_OUT = """() =>
  !document.getAnimations().some(
    a => a instanceof CSSTransition && a.playState === 'running')
  && [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .filter(gd => gd.checkVisibility())
    .every(gd => gd._fullLayout && Math.abs(gd._fullLayout.width - gd.clientWidth) <= 1)
  && Object.values(window.lessonCharts || {})
    .filter(p => p.root.isConnected && p.root.clientWidth > 0)
    .every(p => p.laidOutWidth === p.root.clientWidth)"""


def wait_for_layout(page: Page, timeout: float = 30_000) -> None:
    """After a change of window size or colour scheme: wait until the page has
    laid itself out again (`_LAID_OUT`)."""
    page.wait_for_function(_LAID_OUT, timeout=timeout, polling="raf")


# The mean brightness (0-1) of the descent player's drawn bowl.
_BOWL_LUMINANCE = """key => { const p = window.lessonCharts[key];
  const r = window.devicePixelRatio || 1, b = p.box;
  const d = p.canvas.getContext('2d').getImageData(
    Math.round(b.x * r), Math.round(b.y * r),
    Math.round(b.size * r), Math.round(b.size * r)).data;
  let sum = 0, n = 0;
  for (let i = 0; i < d.length; i += 4 * 11) {
    sum += (d[i] + d[i + 1] + d[i + 2]) / (3 * 255); n++; }
  return sum / n; }"""


def assert_bowl(page: Page, *, min_size: int, dark: bool, key: str = "descent"):
    """The descent player `key` is at least `min_size` px square and drawn in the
    page's theme: a dark bowl on the dark theme, a light one on the light (no
    glaring white card on a dark page). Returns its snapshot."""
    page.wait_for_function(
        f"() => window.lessonCharts && window.lessonCharts[{key!r}]"
        f" && window.lessonCharts[{key!r}].dark === {str(dark).lower()}",
        timeout=30_000,
    )
    shown = page.evaluate("key => window.lessonCharts[key].snapshot()", key)
    assert shown["plotSize"] >= min_size, shown["plotSize"]
    luminance = page.evaluate(_BOWL_LUMINANCE, key)
    assert (luminance < 0.5) == dark, luminance
    overlaps = page.evaluate(_LABEL_OVERLAPS, key)
    assert not overlaps, overlaps
    return shown


# The bowl's axis labels (its curvatures) that run into each other, into the
# axes' own text (a phone draws the y ticks' labels inside the frame) or out of
# the plot square; and the start's label over w*'s.
_LABEL_OVERLAPS = """key => { const p = window.lessonCharts[key];
  const frame = p.svg.querySelector('.dp-frame') || p.back.querySelector('.dp-frame');
  const square = frame.getBoundingClientRect();
  const named = ts => ts.map(t => [t.textContent, t.getBoundingClientRect()]);
  const boxes = named([...p.back.querySelectorAll('.dp-eigen-label')]);
  const axes = named([...p.back.querySelectorAll('.dp-axes text')]);
  const [start, optimum] = ['.dp-label:not(.dp-optimum):not(.dp-current-label)',
    '.dp-optimum'].map(s => p.svg.querySelector('.dp-markers ' + s));
  const found = [];
  const overlap = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const [name, b] of boxes)
    if (b.left < square.left || b.right > square.right || b.top < square.top
        || b.bottom > square.bottom) found.push(name + ' leaves the plot');
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i][1], boxes[j][1]))
        found.push(boxes[i][0] + ' overlaps ' + boxes[j][0]);
    for (const [n, b] of axes)
      if (overlap(boxes[i][1], b)) found.push(boxes[i][0] + ' overlaps the axis ' + n);
  }
  if (start && optimum && overlap(start.getBoundingClientRect(),
                                  optimum.getBoundingClientRect()))
    found.push('the start label overlaps the label of w*');
  return found; }"""


# Every 3D chart on the page, redrawn and read back in the same task (before the
# compositor may clear the drawing buffer): its size and how many distinct
# colours a sample of its pixels holds.
_SCENES = """() =>
  [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd._fullLayout && gd._fullLayout.scene)
  .map(gd => {
    const scene = gd._fullLayout.scene._scene, note = !!gd.querySelector('.no-webgl');
    const gl = scene && scene.glplot && scene.glplot.gl;
    if (!gl) return {webgl: false, note};
    scene.glplot.redraw();
    const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
    const pixels = new Uint8Array(4 * w * h);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    const colours = new Set();
    for (let i = 0; i < pixels.length; i += 4 * 97)
      colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    return {webgl: true, note, w, h, colours: colours.size};
  })"""


# A blank canvas has one colour; a shaded surface with its markers, dozens.
_DRAWN_COLOURS = 20


def assert_scene_drawn(page: Page, where: str) -> None:
    """The page's one 3D chart is drawn by WebGL (a tab from the `webgl_page`
    fixture): a WebGL context whose pixels hold a picture, not a blank canvas or
    plotly's "WebGL is not supported" note."""
    main_area(page).locator(".js-plotly-plot").first.wait_for()
    wait_for_drawing(page)
    # plotly makes the scene's WebGL context after its SVG layers, later on a
    # busy machine: wait for a drawn scene, then say what is there.
    with suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => {{ const s = ({_SCENES})();"
            " return s.length > 0"
            f" && s.every(x => x.webgl && x.colours >= {_DRAWN_COLOURS}); }}",
            timeout=20_000,
            polling=500,
        )
    scenes = page.evaluate(_SCENES)
    assert len(scenes) == 1, f"{where}: {scenes}"
    (scene,) = scenes
    assert scene["webgl"] and not scene["note"], f"{where}: {scene}"
    assert min(scene["w"], scene["h"]) >= 300, f"{where}: {scene}"
    assert scene["colours"] >= _DRAWN_COLOURS, f"{where}: {scene}"


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


def require_nginx() -> None:
    """Skip a test that needs nginx when it is missing, except under CI=true,
    where that is a failure."""
    from deploy import classroom

    if not os.path.exists(classroom.NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but nginx is missing (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
