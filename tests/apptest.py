"""AppTest sessions for the whole suite, made one way.

Each new AppTest scans every installed package for Streamlit components on its
first run (about 0.4 s here, more than most page runs); the suite opens pages
hundreds of times, so the registry found by the first session is handed to the
next ones. If Streamlit renames that attribute, setting it does nothing and the
tests only get slower.
"""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
_registry = []  # the component registry of the first session that ran


def _share_registry(at: AppTest) -> AppTest:
    if _registry:
        at._bidi_component_manager = _registry[0]
    return at


def remember_registry(at: AppTest) -> None:
    """After a run: keep its component registry for the sessions that follow."""
    found = getattr(at, "_bidi_component_manager", None)
    if found is not None and not _registry:
        _registry.append(found)


def run_page(page: str, timeout: float = 60, **query: str) -> AppTest:
    """A new session opened on `page` ("app.py" or "pages/….py") from a link with
    these query parameters, after its first run."""
    at = open_app(timeout)
    for key, value in query.items():
        at.query_params[key] = value
    if page != "app.py":
        at.switch_page(page)
    at.run()
    remember_registry(at)
    return at


def open_app(timeout: float = 60) -> AppTest:
    """A new session of app.py (switch_page before running it for another page)."""
    return _share_registry(AppTest.from_file(str(APP), default_timeout=timeout))


def open_function(function, timeout: float = 30) -> AppTest:
    """A new session of a script given as a function."""
    return _share_registry(AppTest.from_function(function, default_timeout=timeout))


def players(at: AppTest) -> dict[str, dict]:
    """The data of every descent player on the page, by chart key, parsed as a
    browser would (strict JSON: no NaN or Infinity)."""

    def refuse(token):
        raise ValueError(f"non-JSON token {token}")

    found = {}
    for element in at.get("bidi_component"):
        if element.proto.component_name == "descent_player":
            data = json.loads(element.proto.json, parse_constant=refuse)
            found[data["key"]] = data
    return found
