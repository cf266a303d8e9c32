"""A replica killed behind nginx is started again on its port within seconds
(deploy/classroom.py's supervision); the students of the other replica never
notice, and a student whose uploaded file fell with it is told so on reload.
Through the protocol client (deploy/streamlit_client.py): no browser is needed."""

import asyncio
import os
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from deploy import classroom
from deploy.streamlit_client import Session
from tests.browser.helpers import require_nginx

LINK = "data?source=upload"
CSV = b"area,price\n40,120\n47,141\n54,162\n61,190\n"
RESTART_GUARD = 60  # seconds: a hang guard, not a speed assertion


@pytest.fixture
def two_replicas(tmp_path):
    require_nginx()
    with classroom.classroom(2, log_dir=tmp_path) as running:
        yield running


def _fine(run) -> bool:
    return run.finished and not run.errors


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2):
            return True
    except OSError:
        return False


async def _kill_one_replica(running) -> None:
    students = [Session(running.url), Session(running.url)]
    for tab in students:  # new browsers in turn: one on each replica
        assert _fine(await tab.open(LINK))
    lost_tab, other = students
    assert await asyncio.to_thread(lost_tab.upload, "homes.csv", CSV) == 204
    lost = int(lost_tab.stream_headers["x-lesson-replica"].removeprefix("r"))
    assert other.stream_headers["x-lesson-replica"] == f"r{1 - lost}"
    fallen = running.replicas[lost]

    os.kill(fallen.pid, signal.SIGKILL)
    killed = time.monotonic()
    while not (running.restarts[lost] and _answers(fallen.url)):
        assert time.monotonic() - killed < RESTART_GUARD, "not restarted"
        assert _fine(await other.rerun())  # the other replica's student
        await asyncio.sleep(0.2)
    print(f"replica r{lost} answered again after {time.monotonic() - killed:.1f} s")
    restarted = running.replicas[lost]
    assert restarted.url == fallen.url and restarted.pid != fallen.pid
    with pytest.raises(ProcessLookupError):
        os.kill(fallen.pid, 0)  # reaped, not a zombie
    assert _fine(await other.rerun())

    # The student on the fallen replica reloads: a new session, told why the
    # file is gone (its browser's cookie, set when the file was stored).
    again = Session(running.url, cookies=lost_tab.cookies)
    run = await again.open(LINK)
    assert _fine(run), run
    told = [a for a in run.alerts if "you uploaded is no longer on the server" in a]
    assert told and "homes" in told[0], run.alerts  # its name, markdown-escaped
    for tab in (*students, again):
        await tab.__aexit__()


def test_a_killed_replica_is_restarted_on_its_port(two_replicas):
    # In a thread of its own: a browser test before this one in the same worker
    # leaves Playwright's event loop running in this thread.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, _kill_one_replica(two_replicas)).result()
