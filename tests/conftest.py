"""Shared test fixtures."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import run_page


@pytest.fixture
def open_page():
    """Run app.py on a page, with URL query parameters, and return the AppTest.

    Usage: ``at = open_page("pages/ridge.py", lam="10")``. The run must raise no
    exception; the caller goes on to change widgets and rerun.
    """

    def run(page: str, **query: str) -> AppTest:
        at = run_page(page, **query)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture
def run(request, open_page):
    """Open the test module's ``PAGE`` from a link with these query parameters:
    ``run(lam="10")``; the run raised no exception."""
    page = request.module.PAGE
    return lambda **query: open_page(page, **query)
