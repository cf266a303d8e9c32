"""A Streamlit server of the app on a free loopback port, started and always
stopped: used by the browser tests and by the benchmarks that drive a browser."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running server: its base URL and process id."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(
    log_path: Path | None = None, timeout: float = 60, port: int | None = None
) -> Iterator[Server]:
    """Run `streamlit run app.py` on `port` of 127.0.0.1 (a free one if None);
    yield it once /_stcore/health answers. The server is stopped on exit,
    whatever happened."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py"]
    cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    with contextlib.ExitStack() as stack:
        if log_path is None:
            log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "log"
        log = stack.enter_context(log_path.open("wb"))  # a file never blocks
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=log, stderr=log)
        try:
            wait_healthy(proc, url, timeout)
        except RuntimeError as error:
            stop(proc)
            log_text = log_path.read_text(errors="replace")
            raise RuntimeError(f"{error}\n{log_text}") from None
        try:
            yield Server(url, proc.pid)
        finally:
            stop(proc)


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> None:
    """Poll /_stcore/health until it answers; RuntimeError if the server dies or
    hangs."""
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with no_proxy.open(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.05)
    state = "not healthy" if proc.poll() is None else f"exited ({proc.returncode})"
    raise RuntimeError(f"streamlit {state} after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Terminate the server, killing it if it will not stop."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
