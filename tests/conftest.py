"""Shared test fixtures."""

import os
import sys

# One BLAS thread unless the caller chose otherwise: on 2 cores, OpenBLAS's own
# threads fight the browser and the app's server for the CPU (the whole suite
# took 4.4 min with its default two threads, 3.6 min with one). Set
# OPENBLAS_NUM_THREADS=2 to run it the other way. Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
assert "numpy" not in sys.modules, "numpy was loaded before the thread setting"

import pytest  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.apptest import run_page  # noqa: E402


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


@pytest.fixture
def downloads(monkeypatch):
    """Every file the page offers for download, as (bytes, mimetype, name), in
    the order offered; a file built on click (a callable) is built here."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        files.append((data, mimetype, file_name))
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    def record_deferred(self, make, mimetype, coordinates, file_name=None, **kw):
        data = make()
        files.append(
            (data.encode() if isinstance(data, str) else data, mimetype, file_name)
        )
        return add_deferred(
            self, make, mimetype, coordinates, file_name=file_name, **kw
        )

    monkeypatch.setattr(MediaFileManager, "add", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files
