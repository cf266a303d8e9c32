"""What one hostile client does to a replica: each attack of issue 27, measured.

Run from the repository root (one replica on a free loopback port)::

    OPENBLAS_NUM_THREADS=1 flock /tmp/heavy.lock python benchmarks/bench_attacks.py

For each state attack, a fresh session opens the page, sends the forged state
over the WebSocket as a client of `deploy/streamlit_client.py` can, then reruns as
an honest browser would: the table says whether either run showed an exception
element ("traceback"), whether the rerun after it finished cleanly ("usable"),
and the replica's resident memory and CPU seconds. The floods send what the
issue sent: 200 uploads of 4.9 MB from one session under new file ids, and one
15 MB widget state from each of 10 sessions; RSS before, right after and 5 s
later (sessions still open).
"""

import argparse
import asyncio
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from deploy.classroom import classroom, serve
from deploy.streamlit_client import Session, changed_state

NAN, INF = float("nan"), float("inf")
PLAYER = "gradient_descent"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def player(settings: dict):
    """A forged player state (json.dumps writes NaN and Infinity as JS does not)."""
    return PLAYER, "descent", {"json_value": json.dumps({"settings": settings})}


def raw(page: str, key: str, **value):
    return page, key, value


STATE_ATTACKS = {
    "player learningRate NaN": player({"learningRate": NAN}),
    "player momentum NaN": player({"momentum": NAN}),
    "player maxIter NaN": player({"maxIter": NAN}),
    "player maxIter Infinity": player({"maxIter": INF}),
    "player maxIter 401 digits": (
        PLAYER,
        "descent",
        {"json_value": '{"settings":{"maxIter":' + "9" * 401 + "}}"},
    ),
    "player clickedStart [1]": player({"clickedStart": [1]}),
    "player clickedStart [1,2,3]": player({"clickedStart": [1, 2, 3]}),
    "player clickedStart [NaN,0]": player({"clickedStart": [NAN, 0]}),
    "component invalid JSON": raw(PLAYER, "descent", json_value="{settings"),
    "component nested 50,000 deep": raw(
        PLAYER, "descent", json_value="[" * 50_000 + "]" * 50_000
    ),
    "slider given a string": raw("normal_equation", "n", string_value="50"),
    "slider given 3 values": raw(
        "normal_equation", "n", double_array_value=[1.0, 2.0, 3.0]
    ),
    "slider given NaN": raw("normal_equation", "n", double_array_value=[NAN]),
    "selectbox given a number": raw("normal_equation", "preset", double_value=1.0),
    "number box given a string": raw("normal_equation", "seed", string_value="x"),
    "number box given NaN": raw("normal_equation", "seed", double_value=NAN),
    "select_slider given indices": raw("ridge", "lam", double_array_value=[3.0]),
}


async def state_attack(url: str, pid: int, name: str) -> str:
    page, key, value = STATE_ATTACKS[name]
    async with Session(url) as tab:
        await tab.open(page)
        cpu = cpu_seconds(pid)
        (wid,) = [w for w in (*tab.widgets, *tab.components) if w.endswith(f"-{key}")]
        tab.widgets[wid] = changed_state(wid, **value)
        attacked = await tab.rerun()
        tab.widgets.pop(wid, None)  # the honest browser's next rerun
        after = await tab.rerun()
        errors = attacked.errors + after.errors
        usable = after.finished and not after.errors
        return (
            f"| {name} | {'yes' if errors else 'no'} | {'yes' if usable else 'NO'} "
            f"| {rss_mb(pid):.0f} | {cpu_seconds(pid) - cpu:.2f} |"
        )


def upload(url: str, session_id: str, xsrf: str, body: bytes) -> int:
    boundary = uuid.uuid4().hex
    form = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        data=form,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": f"_streamlit_xsrf={xsrf}",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def xsrf_token(url: str) -> str:
    """The XSRF cookie Streamlit sets on its health check (sent back as a header)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{url}/_stcore/health", timeout=10) as reply:
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if name == "_streamlit_xsrf":
                return value
    return ""


async def upload_flood(url: str, pid: int, files: int) -> str:
    async with Session(url) as tab:
        await tab.open("data?source=upload")
        xsrf = xsrf_token(url)
        body = (b"a,b,y\n" + b"1,2,3\n" * 1_000_000)[: int(4.9 * 2**20)]
        before, cpu, start = rss_mb(pid), cpu_seconds(pid), time.perf_counter()
        statuses = [
            await asyncio.to_thread(upload, url, tab.session_id, xsrf, body)
            for _ in range(files)
        ]
        seconds = time.perf_counter() - start
        right_after = rss_mb(pid)
        await asyncio.sleep(5)
        accepted = statuses.count(204)
        after = await tab.rerun()
        return (
            f"| {files} uploads of 4.9 MB, one session | {accepted} accepted "
            f"| {before:.0f} → {right_after:.0f} → {rss_mb(pid):.0f} "
            f"| {cpu_seconds(pid) - cpu:.1f} | {seconds:.1f} "
            f"| {'no' if not after.errors else 'yes'} |"
        )


async def state_flood(url: str, pid: int, sessions: int, mb: int) -> str:
    tabs = [Session(url) for _ in range(sessions)]
    for tab in tabs:
        await tab.open("timing?sizes=2")
    before, cpu, start = rss_mb(pid), cpu_seconds(pid), time.perf_counter()
    closed = 0
    for tab in tabs:
        state = WidgetState(id="$$ID-flood", string_value="x" * (mb * 10**6))
        msg = BackMsg()
        msg.rerun_script.page_script_hash = tab.page_script_hash
        msg.rerun_script.widget_states.widgets.append(state)
        await tab._ws.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(20):
                while True:
                    await tab._ws.recv()  # until the run ends or it closes
        except TimeoutError:
            pass
        except Exception:  # closed by the server
            closed += 1
    seconds, right_after = time.perf_counter() - start, rss_mb(pid)
    await asyncio.sleep(5)
    line = (
        f"| {sessions} sessions × one {mb} MB widget state | {closed} closed "
        f"| {before:.0f} → {right_after:.0f} → {rss_mb(pid):.0f} "
        f"| {cpu_seconds(pid) - cpu:.1f} | {seconds:.1f} | |"
    )
    for tab in tabs:
        await tab.__aexit__()
    return line


async def run_all(url: str, pid: int, files: int) -> None:
    print(f"replica at start: {rss_mb(pid):.0f} MB")
    print("| attack | traceback | usable after | RSS MB | CPU s |")
    print("|---|---|---|---:|---:|")
    for name in STATE_ATTACKS:
        try:
            print(await state_attack(url, pid, name), flush=True)
        except Exception as error:  # a measurement, not a test
            print(f"| {name} | client failed: {error!r} | | | |", flush=True)
    print()
    print(
        "| flood | server's answer | RSS MB before → after → 5 s later | CPU s "
        "| seconds | traceback after |"
    )
    print("|---|---|---:|---:|---:|---|")
    print(await upload_flood(url, pid, files), flush=True)
    print(await state_flood(url, pid, 10, 15), flush=True)


def put_from(address: str, url: str, path: str, headers: dict, body: bytes) -> int:
    """One PUT from the local address `address` (nginx limits by client address;
    127.0.0.1, where the tests run, is not limited)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=(address, 0)
    )
    try:
        connection.request("PUT", path, body=body, headers=headers)
        reply = connection.getresponse()
        reply.read()
        return reply.status
    finally:
        connection.close()


async def through_nginx(url: str, pid: int, files: int, sessions: int) -> None:
    """The floods through nginx from one student's address (127.0.0.2)."""
    student = "127.0.0.2"
    async with Session(url) as tab:
        await tab.open("data?source=upload")
        await asyncio.to_thread(tab.upload, "first.csv", b"x,y\n1,2\n")
        xsrf = tab.cookies["_streamlit_xsrf"]
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode() + (b"a,b,y\n" + b"1,2,3\n" * 1_000_000)[: int(4.9 * 2**20)]
        body += f"\r\n--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": tab._cookie_header(),
        }
        before, cpu, start = rss_mb(pid), cpu_seconds(pid), time.perf_counter()
        statuses = [
            await asyncio.to_thread(
                put_from,
                student,
                url,
                f"/_stcore/upload_file/{tab.session_id}/{uuid.uuid4()}",
                headers,
                body,
            )
            for _ in range(files)
        ]
        seconds = time.perf_counter() - start
        counts = {s: statuses.count(s) for s in sorted(set(statuses))}
        print(
            f"| {files} uploads of 4.9 MB from {student} through nginx | {counts} "
            f"| {before:.0f} → {rss_mb(pid):.0f} | {cpu_seconds(pid) - cpu:.1f} "
            f"| {seconds:.1f} |"
        )
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    opened, refused = [], 0
    for _ in range(sessions):
        sock = socket.socket()
        sock.bind((student, 0))
        sock.connect((host, int(port)))
        try:
            opened.append(
                await connect(
                    url.replace("http", "ws") + "/_stcore/stream",
                    sock=sock,
                    subprotocols=["streamlit"],
                    open_timeout=10,
                )
            )
        except Exception:  # a refused handshake
            refused += 1
    print(
        f"| {sessions} WebSockets at once from {student} through nginx "
        f"| {len(opened)} opened, {refused} refused (429) | | | |"
    )
    for ws in opened:
        await ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running replica (with --pid)")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument(
        "--nginx", action="store_true", help="the floods through deploy/nginx.conf"
    )
    parser.add_argument(
        "--headers", action="store_true", help="curl -sI through nginx, and exit"
    )
    args = parser.parse_args()
    print(os.popen("uptime").read().strip())
    if args.headers:
        with classroom(2) as running:
            for path in ("/", "/_stcore/metrics", "/static/missing.js"):
                print(f"$ curl -sI {path}")
                curl = ["curl", "-sI", "--noproxy", "*", running.url + path]
                print(subprocess.run(curl, capture_output=True, text=True).stdout)
        return
    if args.nginx:
        with classroom(1) as running:
            pid = running.replica_pids[0]
            asyncio.run(through_nginx(running.url, pid, args.files, 60))
        return
    if args.url:
        asyncio.run(run_all(args.url, args.pid, args.files))
        return
    with serve() as server:
        asyncio.run(run_all(server.url, server.pid, args.files))


if __name__ == "__main__":
    main()
