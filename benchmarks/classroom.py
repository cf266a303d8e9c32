"""A whole class at once, at the protocol level: N students open one lesson link
together and then each moves the learning rate a few times, every session
speaking Streamlit's own WebSocket protocol (`deploy/streamlit_client.py`, checked
against Chromium's frames by tests/browser/test_gradient_descent_browser.py), so
the figures measure the server and not N browsers on this machine's two cores.

Run from the repository root::

    python benchmarks/classroom.py                        # 30 students, 1 replica
    python benchmarks/classroom.py --students 1 7 30 60 100 --repeat 3
    python benchmarks/classroom.py --replicas 2 --students 60   # behind nginx
    python benchmarks/classroom.py --replicas 1 2 --students 60 --repeat 5  # both
    python benchmarks/classroom.py --url http://127.0.0.1:8500  # a running server
    python benchmarks/classroom.py --soak 1800 --links 500      # memory over time

Each student connects, all wait at a barrier, then each opens the link and makes
--moves changes of η on the descent player (each a rerun, as the player sends
when η is dragged), one after the other as fast as the server answers: the
worst case of a class that moves together. Reported per class size: p50, p95
and max seconds from a request to its `script_finished` (opens and moves
together), errors (exceptions shown, timeouts, closed sockets), server CPU
seconds per script run (and this process's own: it shares the machine), the
servers' resident memory after the class, script runs per second, and the share
of the machine's CPU time its hypervisor gave to other machines meanwhile
(steal: on a shared virtual machine every figure here moves with it).
Loopback only; the servers this starts are stopped whatever happens, and the
whole run is bounded by --timeout.

With several --replicas counts, each set-up runs at once and their classes take
turns (one class on each, then again, --repeat times): this machine's speed
drifts by a quarter over minutes, so the throughput of two replicas is compared
with one replica's measured beside it, class by class (the median of those
ratios).

--soak SECONDS instead opens --links distinct lesson links (other data seeds and
sizes on every page), a few students at a time, over and over for that long,
and prints the server's resident memory every --every seconds: the caches
must fill up to their budget and stay there.
"""

import argparse
import asyncio
import contextlib
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.classroom import Server, classroom, serve
from deploy.streamlit_client import Session

LINK = "gradient_descent?lr=0.5&standardize=true"
MAX_STUDENTS = 200


@dataclass
class ClassResult:
    """One class: every run's seconds, the errors, the servers' CPU and memory."""

    students: int
    seconds: list[float]
    errors: list[str]
    cpu_per_run: float
    client_cpu_per_run: float
    steal: float
    rss_mb: list[float]
    wall: float

    def quantile(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]

    @property
    def runs_per_second(self) -> float:
        """Runs finished per second of the class's wall time."""
        return len(self.seconds) / self.wall

    def row(self) -> str:
        rss = " + ".join(f"{r:.0f}" for r in self.rss_mb)
        return (
            f"| {self.students} | {self.quantile(0.5):.2f} / "
            f"{self.quantile(0.95):.2f} / {max(self.seconds):.2f} | "
            f"{len(self.errors)} | {self.cpu_per_run:.3f} | "
            f"{self.client_cpu_per_run:.3f} | {rss} | "
            f"{self.runs_per_second:.1f} | {100 * self.steal:.0f}% |"
        )


def stolen_and_total() -> tuple[int, int]:
    """The machine's CPU ticks stolen by the hypervisor, and all its ticks, so far
    (/proc/stat): a virtual machine's neighbours slow every figure here."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return ticks[7], sum(ticks)


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


async def student(
    url: str, link: str, moves: int, start: asyncio.Barrier, timeout: float
) -> tuple[list[float], list[str]]:
    """One student: open `link`, then move η `moves` times; (seconds, errors)."""
    seconds, errors = [], []
    try:
        async with Session(url, timeout=timeout) as tab:
            await start.wait()
            runs = [await tab.open(link)]
            settings = dict(tab.component("descent")["settings"])
            for _ in range(moves):
                settings["learningRate"] = round(settings["learningRate"] * 0.9, 6)
                runs.append(await tab.update("descent", json={"settings": settings}))
            for run in runs:
                seconds.append(run.seconds)
                errors += run.errors
                if not run.finished:
                    errors.append(run.status)
    except (TimeoutError, OSError, KeyError, ConnectionClosed) as error:
        errors.append(f"{type(error).__name__}: {error}")
    return seconds, errors


async def one_class(
    url: str, pids: list[int], students: int, moves: int, link: str, timeout: float
) -> ClassResult:
    """`students` sessions at once against `url`, served by the processes
    `pids` (whose CPU and memory are read)."""
    servers = [Server(url, pid) for pid in pids]
    cpu = sum(s.cpu_seconds() for s in servers)
    client_cpu = time.process_time()
    stolen, ticks = stolen_and_total()
    start = asyncio.Barrier(students)
    began = time.perf_counter()
    done = await asyncio.gather(
        *(student(url, link, moves, start, timeout) for _ in range(students))
    )
    wall = time.perf_counter() - began
    cpu = sum(s.cpu_seconds() for s in servers) - cpu
    client_cpu = time.process_time() - client_cpu
    stolen_now, ticks_now = stolen_and_total()
    seconds = [s for times, _ in done for s in times]
    errors = [e for _, errs in done for e in errs]
    missing = students * (moves + 1) - len(seconds)
    return ClassResult(
        students,
        seconds or [math.nan],
        errors + [f"{missing} runs never finished"] * bool(missing),
        cpu / max(1, len(seconds)),
        client_cpu / max(1, len(seconds)),
        (stolen_now - stolen) / max(1, ticks_now - ticks),
        [rss_mb(pid) for pid in pids],
        wall,
    )


@contextlib.contextmanager
def servers(replicas: int, url: str | None):
    """(url, server pids): the given server, one replica, or replicas behind
    nginx (deploy/classroom.py)."""
    if url:
        yield url, []
    elif replicas == 1:
        with serve() as server:
            yield server.url, [server.pid]
    else:
        with classroom(replicas) as running:
            yield running.url, running.replica_pids


PAGES = ("gradient_descent", "normal_equation", "ridge", "data", "")


def distinct_links(count: int) -> list[str]:
    """`count` lesson links that all ask for different data or settings."""
    return [
        f"{PAGES[i % len(PAGES)]}?seed={i}&n={40 + 7 * (i % 50)}&p={1 + i % 6}"
        for i in range(count)
    ]


async def soak(
    url: str, pid: int, seconds: float, links: list[str], every: float, students: int
):
    """Open `links` in turn, `students` at a time, for `seconds`; print RSS."""
    began = time.monotonic()
    opened, errors = 0, []

    async def visitor():
        nonlocal opened
        while time.monotonic() - began < seconds:
            link = links[opened % len(links)]
            opened += 1
            try:
                async with Session(url, timeout=120) as tab:
                    run = await tab.open(link)
                    errors.extend(run.errors)
            except (TimeoutError, OSError, ConnectionClosed) as error:
                errors.append(repr(error))

    async def sampler():
        print("| minute | links opened | RSS MB | errors |")
        print("|---|---|---|---|")
        while time.monotonic() - began < seconds:
            minute = (time.monotonic() - began) / 60
            print(
                f"| {minute:.1f} | {opened} | {rss_mb(pid):.0f} | {len(errors)} |",
                flush=True,
            )
            await asyncio.sleep(every)

    await asyncio.gather(sampler(), *(visitor() for _ in range(students)))
    print(f"| {seconds / 60:.1f} | {opened} | {rss_mb(pid):.0f} | {len(errors)} |")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[30])
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1, help="classes per size")
    parser.add_argument(
        "--replicas", type=int, nargs="+", default=[1], help="set-ups, in turn"
    )
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--link", default=LINK)
    parser.add_argument("--timeout", type=float, default=600, help="whole run, s")
    parser.add_argument("--soak", type=float, help="seconds of distinct links")
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--every", type=float, default=60, help="soak's RSS, s")
    args = parser.parse_args()
    if args.soak:
        with serve() as server:
            links = distinct_links(args.links)
            asyncio.run(
                soak(
                    server.url,
                    server.pid,
                    args.soak,
                    links,
                    args.every,
                    args.students[0],
                )
            )
        return
    if max(args.students) > MAX_STUDENTS:
        parser.error(f"at most {MAX_STUDENTS} students")
    setups = [None] if args.url else args.replicas

    async def run_all(running):
        # A teacher's rehearsal: the link opened once before the class.
        for url, pids in running:
            await one_class(url, pids, 1, 0, args.link, 60)
        results = {}  # (set-up, students) → its classes, in the order run
        for students in args.students:
            for _ in range(args.repeat):
                for setup, (url, pids) in zip(setups, running, strict=True):
                    result = await one_class(
                        url, pids, students, args.moves, args.link, 120
                    )
                    results.setdefault((setup, students), []).append(result)
                    print(setup, result.row(), file=sys.stderr, flush=True)
        return results

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with contextlib.ExitStack() as stack:
        running = [stack.enter_context(servers(s, args.url)) for s in setups]
        results = asyncio.run(asyncio.wait_for(run_all(running), args.timeout))
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"# {args.link}, {args.moves} moves, {args.repeat} classes per size and "
        f"set-up (the median by p95); load average {load} before, {load_after} after"
    )
    for setup in setups:
        print(f"\n{f'{setup} replica(s)' if setup else args.url}:\n")
        print(
            "| students | p50 / p95 / max (s) | errors | server CPU s per run "
            "| load generator CPU s per run | RSS MB after | runs/s | CPU stolen |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for students in args.students:
            classes = sorted(results[setup, students], key=lambda c: c.quantile(0.95))
            print(classes[len(classes) // 2].row())
    if len(setups) > 1:
        print(f"\nRuns per second against {setups[0]} replica(s), class by class:\n")
        print("| students | " + " | ".join(f"{s} replicas" for s in setups[1:]) + " |")
        print("|---|" + "---|" * (len(setups) - 1))
        for students in args.students:
            cells = []
            for setup in setups[1:]:
                pairs = zip(
                    results[setup, students], results[setups[0], students], strict=True
                )
                ratios = sorted(a.runs_per_second / b.runs_per_second for a, b in pairs)
                listed = ", ".join(f"{r:.2f}" for r in ratios)
                cells.append(f"**{ratios[len(ratios) // 2]:.2f}×** ({listed})")
            print(f"| {students} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
