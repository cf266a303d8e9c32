"""Browser harness: headless Chromium against Streamlit servers on 127.0.0.1.

One server serves the whole test session (`streamlit_server`); a test that needs a
server nobody has visited yet (first-visit deep links) asks `fresh_server` for its
own. Every server is stopped by the fixture that started it.
"""

import contextlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from deploy import classroom as server
from tests.browser.helpers import RUN_TRACKER

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    # This hook sees every collected item, so mark only those under this folder.
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def chromium_path():
    """Skip browser tests without Chromium, except on CI where that is a failure."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return str(CHROMIUM)


@contextlib.contextmanager
def _serve(log_dir: Path, port: int | None = None):
    """`server.serve` with a log file in `log_dir`; a server that does not start
    fails the test with its output."""
    try:
        with server.serve(log_dir / "streamlit.log", port=port) as running:
            yield running.url
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def streamlit_server(chromium_path, tmp_path_factory):
    """The shared server: tests that only open pages and click share it (each
    in its own browser context, hence its own Streamlit session)."""
    with _serve(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="session")
def fresh_port():
    """The port of this worker's fresh servers, one after another: the same
    address each time lets the browser keep the app's static files (10 MB of
    JavaScript, about 3 CPU seconds to fetch and compile) in its cache, which
    holds no state of the server's."""
    return server.free_port()


@pytest.fixture
def fresh_server(chromium_path, tmp_path, fresh_port):
    """A server of the test's own, started for it and stopped after it."""
    with _serve(tmp_path, fresh_port) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# WebGL here is SwiftShader, a GPU in software: each draw of a 3D scene (the
# normal equation's cost surface, the derivations' projection) costs seconds of
# CPU, again on every resize, theme switch and rerun. Tests about something else
# open pages without it (plotly then shows its "WebGL is not supported" note in
# those two charts). The tests that check those scenes drawn open them with it
# (`webgl_page`: the upload test's normal equation page, test_scenes.py).
_NO_WEBGL = """(() => {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    return /webgl/i.test(kind) ? null : getContext.call(this, kind, ...rest);
  };
})()"""


def _contexts(browser):
    """Browser contexts shared by the tests of a worker, as the tabs of one
    browser: each tab is its own Streamlit session, and the app's static files
    (10 MB of JavaScript) load and compile once, not once per test."""
    opened = {}

    def context(**options):
        key = tuple(sorted(options.items()))
        if key not in opened:
            opened[key] = browser.new_context(
                viewport={"width": 1600, "height": 900}, **options
            )
            # what `wait_for_app` waits on besides the state Streamlit shows
            opened[key].add_init_script(RUN_TRACKER)
        return opened[key]

    return opened, context


@pytest.fixture(scope="session")
def shared_context(browser):
    opened, context = _contexts(browser)
    yield context
    for each in opened.values():
        each.close()


def _tab(context, webgl: bool = False):
    tab = context.new_page()
    if not webgl:
        tab.add_init_script(_NO_WEBGL)
    yield tab
    with contextlib.suppress(Exception):  # a tab that never loaded the app
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.close()


@pytest.fixture
def page(shared_context):
    """A new tab; what it stored (Streamlit keeps the theme in localStorage) is
    cleared when it closes."""
    yield from _tab(shared_context())


@pytest.fixture
def calm_page(shared_context):
    """A new tab that prefers reduced motion: the descent opens on its final
    path instead of playing, for tests about something else (it keeps a core
    busy while it plays)."""
    yield from _tab(shared_context(reduced_motion="reduce"))


@pytest.fixture
def webgl_page(shared_context):
    """A new tab that draws 3D scenes with WebGL (see `_NO_WEBGL`)."""
    yield from _tab(shared_context(reduced_motion="reduce"), webgl=True)
