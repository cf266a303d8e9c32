"""Two replicas behind nginx (deploy/classroom.py), as a school runs them: new
browsers are shared out in turn, every session keeps its replica (the page, its
WebSocket and its reruns), a CSV file uploads and a table downloads through the
balancer in a real browser, the static files arrive compressed, and when a
replica dies only its own sessions are lost: the others go on, and a reload of a
lost one opens on the replica left."""

import asyncio
import threading
import urllib.error
import urllib.request

import pandas as pd
import pytest
from websockets.exceptions import ConnectionClosed

from deploy import classroom
from deploy.streamlit_client import Session
from tests.browser.helpers import main_area, require_nginx, wait_for_page

LINK = "timing?sizes=4"  # the lightest page: this is about the sessions
ROWS = [(40 + 7 * i, 1 + i % 4, 120 + 21 * i) for i in range(12)]


@pytest.fixture
def two_replicas(tmp_path):
    require_nginx()
    # Not restarted: this is about what a fall does (test_supervision.py: the
    # restart).
    with classroom.classroom(2, log_dir=tmp_path, supervise=False) as running:
        yield running


def _replica(headers: dict) -> str:
    """The replica that answered, by its name ("r0"), never its address."""
    return headers["x-lesson-replica"]


def _says_nothing_useful(url: str, headers: dict) -> None:
    """nginx's answers: no version, no address, not framed, not sniffed, no
    referrer; the replicas' metrics are not served."""
    assert headers["server"] == "nginx", headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == "frame-ancestors 'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert not [v for v in headers.values() if "127.0.0.1" in v], headers
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as missing:
        opener.open(f"{url}/_stcore/metrics", timeout=10)
    assert missing.value.code == 404
    assert missing.value.headers["server"] == "nginx"
    assert missing.value.headers["x-frame-options"] == "DENY"


def _fine(run) -> bool:
    return run.finished and not run.errors


async def _students_in_turn(url: str) -> list[Session]:
    """Open the link in 4 new tabs, one after the other: the replicas take them
    in turn (2 each), and every tab stays on its own."""
    tabs = []
    for _ in range(4):
        tab = Session(url)
        run = await tab.open(LINK)
        assert _fine(run), run
        # The page, its WebSocket and every rerun go to one replica.
        assert _replica(tab.document_headers) == _replica(tab.stream_headers)
        assert _replica(tab.stream_headers) == tab.cookies["lesson_replica"]
        assert tab.cookies["lesson_replica"] in ("r0", "r1"), tab.cookies
        rerun = await tab.rerun()
        assert _fine(rerun), rerun
        tabs.append(tab)
    _says_nothing_useful(url, tabs[0].document_headers)
    replicas = [_replica(t.stream_headers) for t in tabs]
    assert sorted(replicas.count(r) for r in set(replicas)) == [2, 2], replicas
    return tabs


async def _lose_one_replica(running, tabs: list[Session]) -> None:
    lost = int(_replica(tabs[0].stream_headers).removeprefix("r"))
    running.stop_replica(lost)
    dead = [t for t in tabs if _replica(t.stream_headers) == f"r{lost}"]
    alive = [t for t in tabs if t not in dead]
    assert dead and alive
    for tab in alive:  # untouched
        run = await tab.update("n", double_array_value=[50.0])
        assert _fine(run), run
    for tab in dead:
        with pytest.raises((ConnectionClosed, OSError)):
            await tab.rerun()
        # A reload: the same cookie, a new session on the replica left.
        again = Session(running.url, cookies=tab.cookies)
        run = await again.open(LINK)
        assert _fine(run), run
        assert _replica(again.stream_headers) == f"r{1 - lost}"
        # and its cookie now names that replica (nginx.conf's replica names).
        assert again.cookies["lesson_replica"] == f"r{1 - lost}", again.cookies
        await again.__aexit__()
    for tab in tabs:
        await tab.__aexit__()


def _upload_and_download(page, url: str, tmp_path) -> None:
    """In Chromium through nginx: upload a CSV on the data page, download its
    table; the static files came compressed."""
    encodings = {}
    page.on(
        "response",
        lambda r: (
            encodings.update({r.url: r.headers.get("content-encoding")})
            if "/static/js/" in r.url
            else None
        ),
    )
    csv = tmp_path / "homes.csv"
    csv.write_text(
        "area_m2,rooms,price\n" + "".join(f"{a},{r},{p}\n" for a, r, p in ROWS)
    )
    page.goto(f"{url}/data?source=upload")
    wait_for_page(page)
    uploader = page.locator('[data-testid="stSidebar"] input[type="file"]')
    uploader.set_input_files(csv)  # a PUT to the session's own replica
    wait_for_page(page, settle_ms=300)
    main = main_area(page)
    main.get_by_text("Summary statistics").wait_for()
    with page.expect_download(timeout=30_000) as download:
        main.locator("[data-testid=stDownloadButton]").filter(
            has_text="Download as CSV"
        ).click()
    table = pd.read_csv(download.value.path())
    # The file's rows and columns, by their names.
    assert list(table.columns) == ["area_m2", "rooms", "price"], table.columns
    assert table.to_numpy().tolist() == [list(row) for row in ROWS]
    assert encodings and set(encodings.values()) == {"gzip"}, encodings


def _player_code_cached(page, url: str) -> None:
    """Through nginx, the descent player's code comes as files a browser keeps
    for good (their digest is in their address), and the player draws."""
    caching = {}
    page.on(
        "response",
        lambda r: (
            caching.update({r.url.split("?")[0]: r.headers.get("cache-control")})
            if "/app/static/" in r.url
            else None
        ),
    )
    page.goto(f"{url}/gradient_descent")
    page.wait_for_function("() => window.lessonCharts && window.lessonCharts.descent")
    files = {address.rsplit("/", 1)[-1] for address in caching}
    assert files == {"descent_engine.js", "descent_player.js"}, caching
    assert all("immutable" in (value or "") for value in caching.values()), caching


@pytest.fixture
def in_a_loop():
    """Run coroutines on one event loop of a thread of its own (Playwright's sync
    API holds this thread's), so that sessions outlive each call."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield lambda coro: asyncio.run_coroutine_threadsafe(coro, loop).result(120)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def test_two_replicas_keep_each_session_and_lose_only_their_own(
    two_replicas, page, tmp_path, in_a_loop
):
    tabs = in_a_loop(_students_in_turn(two_replicas.url))
    _upload_and_download(page, two_replicas.url, tmp_path)
    _player_code_cached(page, two_replicas.url)
    in_a_loop(_lose_one_replica(two_replicas, tabs))
