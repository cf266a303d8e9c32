"""Hostile widget states over the WebSocket, as any client can send them
(deploy/streamlit_client.py): on every page, every widget at once is given a value
of the wrong type, NaN, ±Infinity, a huge integer, the wrong number of values,
invalid, nested or oversized JSON, a file that was never uploaded; the descent
player is given each forged setting of issue 27. No run shows an exception, the
honest rerun after each is usable, and the replica's memory stays bounded.

One server for the module; about 15 s on 2 cores.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import pytest
from streamlit.proto.Common_pb2 import FileUploaderState

from deploy import classroom
from deploy.streamlit_client import Session, changed_state
from ui.frame.navigation import PAGES

NAN, INF = float("nan"), float("inf")
# The lightest view of each page: this is about what it accepts, not its work.
QUERIES = {"timing": "sizes=2&reps=1", "data": "source=upload", "roads": "sizes=2"}
LINKS = [f"{p.url_path}?{QUERIES.get(p.url_path, '')}" for p in PAGES]
RSS_GROWTH_MB = 150  # a leak guard: the floods of issue 27 grew it by 1 GB
# One rerun's states above server.maxWidgetStateSize (1 MB) close the socket, as
# they should: the oversized value goes to this many widgets at a time.
OVERSIZED_AT_ONCE = 10
FILE = FileUploaderState(uploaded_file_info=[{"file_id": "never", "name": "x.csv"}])
HOSTILE = {
    "a string": {"string_value": "nan"},
    "NaN": {"double_value": NAN},
    "-Infinity": {"double_value": -INF},
    "a huge integer": {"int_value": 2**63 - 1},
    "NaN in a list": {"double_array_value": [NAN]},
    "three numbers": {"double_array_value": [1.0, 2.0, 3.0]},
    "unknown labels": {"string_array_value": ["<script>", "..", ""]},
    "a boolean": {"bool_value": True},
    "invalid JSON": {"json_value": "{settings"},
    "nested JSON": {"json_value": "[" * 10_000 + "]" * 10_000},
    "JSON with NaN": {
        "json_value": '{"settings":{"learningRate":NaN,"maxIter":Infinity}}'
    },
    "70 kB": {"string_value": "x" * 70_000},
    "a file never uploaded": {"file_uploader_state_value": FILE},
}
PLAYER_SETTINGS = [
    {"learningRate": NAN},
    {"momentum": NAN, "learningRate": 0.01},
    {"maxIter": NAN},
    {"maxIter": INF},
    {"maxIter": 10**401},
    {"maxIter": "500"},
    {"learningRate": True},
    {"clickedStart": [1]},
    {"clickedStart": [1, 2, 3]},
    {"clickedStart": [NAN, 0]},
    {"clickedStart": "1,2"},
    {"learningRate": [0.1]},
]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _run(coroutine):
    """asyncio.run in a thread of its own: a browser test before this one in the
    same worker leaves Playwright's event loop running in this thread."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with classroom.serve(tmp_path_factory.mktemp("fuzz") / "log") as running:
        yield running


def _clean(run, what: str) -> None:
    assert run.finished, (what, run.status)
    assert not run.errors, (what, run.errors)


async def _every_widget_at_once(url: str, link: str) -> None:
    async with Session(url) as tab:
        _clean(await tab.open(link), link)
        honest = dict(tab.widgets)
        ids = sorted({*tab.widgets, *tab.components})
        assert ids, f"{link}: no widget found"
        for name, value in HOSTILE.items():
            given = ids[:OVERSIZED_AT_ONCE] if name == "70 kB" else ids
            tab.widgets = {**honest, **{w: changed_state(w, **value) for w in given}}
            _clean(await tab.rerun(), f"{link}: every widget given {name}")
            tab.widgets = dict(honest)  # the honest browser's next rerun
            _clean(await tab.rerun(), f"{link}: after {name}")


async def _forged_player_settings(url: str) -> None:
    async with Session(url) as tab:
        _clean(await tab.open("gradient_descent"), "player")
        for settings in PLAYER_SETTINGS:
            run = await tab.update("descent", json={"settings": settings})
            _clean(run, f"player given {settings}")
            assert tab.component("descent") is not None, settings  # still drawn
            _clean(await tab.rerun(), f"after the player was given {settings}")
        # Nothing forged was kept: a valid choice still takes, on the link too.
        run = await tab.update("descent", json={"settings": {"learningRate": 0.05}})
        _clean(run, "a valid η after the forged ones")
        assert "lr=0.05" in tab.query_string, tab.query_string


def test_hostile_states_leave_every_page_usable(server):
    before = _rss_mb(server.pid)

    async def attack():
        for link in LINKS:
            await _every_widget_at_once(server.url, link)
        await _forged_player_settings(server.url)

    _run(attack())
    grown = _rss_mb(server.pid) - before
    assert grown < RSS_GROWTH_MB, f"RSS grew {grown:.0f} MB"


def test_an_upload_flood_keeps_one_file(server):
    """A session's new file replaces its last one (ui/server/upload_guard.py): 30 files
    of 4 MB under new ids leave the replica's memory where one file does."""
    content = (b"x,y\n" + b"1,2\n" * 1_100_000)[: 4 * 2**20]

    async def flood():
        async with Session(server.url) as tab:
            _clean(await tab.open("data?source=upload"), "upload page")
            assert await asyncio.to_thread(tab.upload, "first.csv", content) == 204
            before = _rss_mb(server.pid)
            for _ in range(30):
                status = await asyncio.to_thread(tab.upload, "more.csv", content)
                assert status == 204
            assert unquote(tab.cookies["lesson_upload"]) == "more.csv"
            _clean(await tab.rerun(), "after the flood")
            return _rss_mb(server.pid) - before

    grown = _run(flood())
    assert grown < 60, f"RSS grew {grown:.0f} MB for 30 files of 4 MB"
