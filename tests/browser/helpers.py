"""Helpers for browser tests: `from tests.browser.helpers import wait_for_app`."""

from pathlib import Path

from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"

# True once the session is connected, the script has finished a run (the state is
# "initial" before the first run) and the "Running..." status widget has gone.
_APP_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null
    && app.dataset.testConnectionState === 'CONNECTED'
    && ['notRunning', 'compilationError'].includes(app.dataset.testScriptState)
    && document.querySelector('[data-testid="stStatusWidget"]') === null;
}"""


def wait_for_app(page: Page, timeout: float = 60_000, settle_ms: int = 300) -> None:
    """Wait until Streamlit has finished running, then assert it raised nothing.

    Call it after `page.goto(...)` and after every interaction. For `settle_ms`
    after a click the previous run still looks finished (the rerun reaches the
    browser ~10-50 ms later locally), so that much is waited unconditionally.
    """
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(_APP_IDLE, timeout=timeout, polling=100)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, "app raised:\n" + "\n".join(
        exceptions.all_inner_texts()
    )


def save_screenshot(page: Page, name: str, **kwargs) -> Path:
    """Save a screenshot to artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, **kwargs)
    return path
