"""Serve the lesson to a whole class: N Streamlit replicas behind nginx.

    python deploy/classroom.py --replicas 2 --port 8500            # this machine
    python deploy/classroom.py --replicas 2 --host 0.0.0.0          # the school's LAN
    python deploy/classroom.py --replicas 2 --remote 10.0.0.12:8601 # and another's

Every replica is `streamlit run app.py` on a loopback port; nginx (Debian's
package) listens on --host:--port, keeps each browser on one replica (a cookie,
`deploy/nginx.conf`), proxies the WebSocket, and sends Streamlit's static files
itself, compressed. A replica another machine runs (`streamlit run app.py
--server.address 0.0.0.0 --server.port 8601` there) joins with --remote. Each
replica is checked healthy before nginx starts, and nginx is checked through to
a replica before the address is printed; Ctrl-C stops them all. The same
functions start the single servers of the browser tests and benchmarks (`serve`)
and the replicas of tests/browser/test_classroom.py (`classroom`).
"""

import argparse
import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Worth compressing: text. Fonts (woff2) and images are compressed already.
_COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".map", ".txt", ".html", ".ttf")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running process that answers HTTP: its base URL and process id."""

    url: str
    pid: int
    proc: subprocess.Popen | None = field(default=None, compare=False, repr=False)

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> None:
    """Poll `url`/_stcore/health until it answers; RuntimeError if the process
    dies or it never answers."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with _NO_PROXY.open(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    state = "not healthy" if proc.poll() is None else f"exited ({proc.returncode})"
    raise RuntimeError(f"{url} {state} after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Terminate a process, killing it if it will not stop."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def _process(
    cmd, url: str, log_path: Path, timeout: float, root: Path = REPO_ROOT
) -> Iterator[Server]:
    """Run `cmd` in `root`, yield it once `url` is healthy, always stop it."""
    with log_path.open("wb") as log:  # a file never blocks
        proc = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=log)
        try:
            try:
                wait_healthy(proc, url, timeout)
            except RuntimeError as error:
                log.flush()
                text = log_path.read_text(errors="replace")
                raise RuntimeError(f"{error}\n{text}") from None
            yield Server(url, proc.pid, proc)
        finally:
            stop(proc)


@contextlib.contextmanager
def serve(
    log_path: Path | None = None,
    timeout: float = 60,
    port: int | None = None,
    root: Path = REPO_ROOT,
) -> Iterator[Server]:
    """One replica: `streamlit run app.py` on `port` of 127.0.0.1 (a free one if
    None), yielded once healthy and stopped on exit, whatever happened; `root`
    is the checkout it runs (another one to compare two versions)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    with contextlib.ExitStack() as stack:
        if log_path is None:
            log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "log"
        yield stack.enter_context(_process(cmd, url, log_path, timeout, root))


def compressed_static() -> Path:
    """Streamlit's static files with a .gz beside each text file, made once per
    Streamlit version (in the temp directory) for nginx's gzip_static."""
    import streamlit  # the replicas' own copy

    source = Path(streamlit.__file__).parent / "static" / "static"
    target = Path(tempfile.gettempdir()) / f"lesson-static-{streamlit.__version__}"
    if (target / ".complete").exists():
        return target
    building = Path(tempfile.mkdtemp(prefix="lesson-static-"))
    shutil.copytree(source, building, dirs_exist_ok=True)
    for path in building.rglob("*"):
        if path.suffix in _COMPRESSIBLE:
            with path.open("rb") as raw, gzip.open(f"{path}.gz", "wb", 6) as packed:
                shutil.copyfileobj(raw, packed)
    (building / ".complete").touch()
    os.chmod(building, 0o755)  # nginx's workers read it
    try:
        building.rename(target)
    except OSError:  # built meanwhile by another run
        shutil.rmtree(building, ignore_errors=True)
    return target


def upstreams_conf(upstreams: list[str]) -> str:
    """nginx.conf's replica groups and maps for replicas at `upstreams`
    ("host:port"), replica i named "ri": one group for a new browser (each
    replica in turn), one per replica with the others as its backups, the
    cookie's replica name to its group, and the replica that answered to its
    name."""
    # A replica that failed is tried again after 5 s (a restarted one is back).
    down = "max_fails=1 fail_timeout=5s"
    new = [f"        server {address} {down};" for address in upstreams]
    groups = [
        "    upstream lesson_new {",
        "        zone lesson_new 64k;",
        *new,
        "    }",
    ]
    by_cookie = [
        "    map $cookie_lesson_replica $lesson_upstream {",
        "        default lesson_new;",
    ]
    by_answer = ["    # The last address tried, when one was down."]
    by_answer += ["    map $upstream_addr $lesson_answered {", '        default "";']
    for i, address in enumerate(upstreams):
        backups = [
            f"        server {other} backup;" for other in upstreams if other != address
        ]
        groups += [f"    upstream lesson_r{i} {{", f"        server {address} {down};"]
        groups += [*backups, "    }"]
        by_cookie.append(f"        r{i} lesson_r{i};")
        by_answer.append(f'        "~(^|\\s){re.escape(address)}$" r{i};')
    return "\n".join([*groups, *by_cookie, "    }", *by_answer, "    }"])


# The files nginx.conf includes, in its folder, from their templates here.
NGINX_INCLUDES = {
    "proxy.conf": "nginx_proxy.conf",
    "headers.conf": "nginx_headers.conf",
}


def write_nginx_conf(run: Path, listen: str, upstreams: list[str]) -> Path:
    """nginx.conf and the files it includes, in `run`; the path of nginx.conf."""
    for name, template in NGINX_INCLUDES.items():
        text = (Path(__file__).parent / template).read_text()
        (run / name).write_text(text.replace("@RUN@", str(run)))
    (run / "nginx.conf").write_text(nginx_conf(run, listen, upstreams))
    return run / "nginx.conf"


def nginx_conf(run: Path, listen: str, upstreams: list[str]) -> str:
    """deploy/nginx.conf for replicas at `upstreams` ("host:port"), listening
    on `listen`."""
    # As root, nginx's workers drop to "nobody", who owns its temp folders.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    template = (Path(__file__).parent / "nginx.conf").read_text()
    return (
        template.replace("@RUN@", str(run))
        .replace("@USER@", user)
        .replace("@UPSTREAMS@", upstreams_conf(upstreams))
        .replace("@LISTEN@", listen)
        .replace("@STATIC@", str(compressed_static()))
    )


# Seconds before restarting a replica that exited: doubled after each exit, back
# to the first once a replica has run RESTART_RESET seconds (a replica that
# cannot start is not restarted in a tight loop).
RESTART_DELAYS = (1, 2, 4, 8, 16, 30)
RESTART_RESET = 60


def log(message: str) -> None:
    """A line for the teacher's terminal (stderr), with the time."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


@dataclass
class Classroom:
    """Running replicas behind nginx: the address students open, the replicas
    (replica i is "ri" in nginx.conf and in its answers' X-Lesson-Replica)."""

    url: str
    replicas: list[Server]
    nginx: Server
    _stacks: list = field(default_factory=list, repr=False)
    restarts: list[int] = field(default_factory=list)

    @property
    def replica_pids(self) -> list[int]:
        return [r.pid for r in self.replicas]

    def stop_replica(self, i: int) -> None:
        """Stop replica `i` now, as a crash would (its sessions are lost)."""
        self._stacks[i].close()

    def supervise(self, i: int, start, stopping: threading.Event) -> None:
        """Watch replica `i` until `stopping` is set: when its process exits,
        reap it, log it and start a new one on the same port with `start()`
        (a context manager yielding the Server), after a back-off."""
        failures, started = 0, time.monotonic()
        while not stopping.wait(0.2):
            proc = self.replicas[i].proc
            if proc is None or proc.poll() is None:  # poll() reaps it
                continue
            if time.monotonic() - started > RESTART_RESET:
                failures = 0
            delay = RESTART_DELAYS[min(failures, len(RESTART_DELAYS) - 1)]
            log(
                f"replica r{i} ({self.replicas[i].url}) exited with code "
                f"{proc.returncode}; starting a new one in {delay} s"
            )
            failures += 1
            if stopping.wait(delay):
                return
            self._stacks[i].close()  # its log file, its temp folder
            stack = contextlib.ExitStack()
            try:
                server = stack.enter_context(start())
            except RuntimeError as error:
                stack.close()
                log(f"replica r{i} did not start: {str(error).splitlines()[0]}")
                continue
            self._stacks[i], self.replicas[i] = stack, server
            self.restarts[i] += 1
            started = time.monotonic()
            log(f"replica r{i} answers again at {server.url} (pid {server.pid})")


@contextlib.contextmanager
def classroom(
    replicas: int = 2,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    remote: tuple[str, ...] = (),
    log_dir: Path | None = None,
    timeout: float = 60,
    supervise: bool = True,
) -> Iterator[Classroom]:
    """Start `replicas` replicas and nginx in front of them on host:port (a free
    loopback port if None), with the replicas already running at `remote`
    ("host:port" on other machines) behind it too; yield once all answer; stop
    what it started on exit. With `supervise`, a replica that exits is started
    again on its port (`Classroom.supervise`)."""
    if not Path(NGINX).exists():
        raise RuntimeError(f"nginx not found ({NGINX}): apt-get install nginx")
    with contextlib.ExitStack() as stack:
        if log_dir is None:
            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        # nginx's own folder, where its workers can reach it (as root they run
        # as "nobody", who may not enter a private temp folder).
        run = Path(tempfile.mkdtemp(prefix="lesson-nginx-"))
        stack.callback(shutil.rmtree, run, ignore_errors=True)
        os.chmod(run, 0o755)
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (run / temp).mkdir()
            if os.geteuid() == 0:
                shutil.chown(run / temp, "nobody")
        # The replicas start together (their start-up is mostly imports).
        ports = [free_port() for _ in range(replicas)]
        per_replica = [contextlib.ExitStack() for _ in ports]
        # Closes each replica's current stack (a restart replaces it).
        stack.callback(lambda: [s.close() for s in per_replica])

        def starter(i: int):
            log_path = log_dir / f"replica-{i}.log"
            return lambda: serve(log_path, timeout, port=ports[i])

        started = [per_replica[i].enter_context(starter(i)()) for i in range(replicas)]
        for address in remote:  # started by their own machines
            with _NO_PROXY.open(f"http://{address}/_stcore/health", timeout=10):
                pass
        port = port or free_port()
        upstreams = [f"127.0.0.1:{p}" for p in ports] + list(remote)
        conf = write_nginx_conf(run, f"{host}:{port}", upstreams)
        cmd = [NGINX, "-p", str(run), "-e", str(run / "error.log")]
        cmd += ["-c", str(conf), "-g", "daemon off;"]
        address = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        proxy = stack.enter_context(
            _process(cmd, f"http://{address}:{port}", log_dir / "nginx.log", timeout)
        )
        running = Classroom(proxy.url, started, proxy, per_replica, [0] * replicas)
        if supervise:
            stopping = threading.Event()
            watchers = [
                threading.Thread(
                    target=running.supervise,
                    args=(i, starter(i), stopping),
                    name=f"supervise-r{i}",
                    daemon=True,
                )
                for i in range(replicas)
            ]
            # Stopped before the replicas are (the stack unwinds in reverse).
            stack.callback(lambda: [w.join(timeout + 5) for w in watchers])
            stack.callback(stopping.set)
            for watcher in watchers:
                watcher.start()
        yield running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0: the LAN")
    parser.add_argument("--port", type=int, default=8500)
    parser.add_argument(
        "--remote",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a replica another machine runs (repeat for more)",
    )
    args = parser.parse_args()
    # A service manager stops it with SIGTERM: stop the replicas and nginx too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with classroom(
        args.replicas, host=args.host, port=args.port, remote=tuple(args.remote)
    ) as running:
        count = args.replicas + len(args.remote)
        print(f"{count} replicas behind nginx: {running.url}")
        if args.host != "127.0.0.1":
            print(f"(listening on {args.host}:{args.port}: this machine's address)")
        print("Ctrl-C stops them.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
