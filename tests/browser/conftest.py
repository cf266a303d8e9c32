"""Browser harness: headless Chromium against Streamlit servers on 127.0.0.1.

One server serves the whole test session (`streamlit_server`); a test that needs a
server nobody has visited yet (first-visit deep links) asks `fresh_server` for its
own. Every server is stopped by the fixture that started it.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(proc, url, log_path, timeout=60):
    """Poll /_stcore/health; fail with the server's output if it dies or hangs."""
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with no_proxy.open(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    state = "not healthy" if proc.poll() is None else f"exited ({proc.returncode})"
    log = log_path.read_text(errors="replace")
    pytest.fail(f"streamlit {state} after start:\n{log}", pytrace=False)


@contextlib.contextmanager
def _serve(log_dir: Path):
    """Run `streamlit run app.py` on a free loopback port; yield its base URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    log_path = log_dir / f"streamlit-{port}.log"  # a file, not a PIPE: never blocks
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=log)
    try:
        _wait_healthy(proc, url, log_path)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def streamlit_server(chromium_path, tmp_path_factory):
    """The shared server: tests that only open pages and click share it (each
    in its own browser context, hence its own Streamlit session)."""
    with _serve(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture
def fresh_server(chromium_path, tmp_path):
    """A server of the test's own, started for it and stopped after it."""
    with _serve(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    yield context.new_page()
    context.close()
