"""What one η move on the descent player costs: the bytes and messages the server
sends over the WebSocket, and the server's CPU time, per move.

One student opens the gradient-descent lesson link on a server started here
(127.0.0.1, stopped at the end) and moves η on the player, as the browser sends
when η is dragged, --moves times after a few warm-up moves. The server's CPU is
read from /proc around the moves (its clock ticks are 10 ms), so the figure per
move is a mean; bytes and messages are medians over the moves. The largest
messages of one move are listed by kind, to show where the bytes go.

With --reference, another checkout (an earlier commit, ``git worktree add
/tmp/reference <commit>``) is served beside this one, with a student of its own,
and the two take turns: --block moves on one, then --block moves on the other,
so that both are measured over the same minutes of this machine's drifting
speed. Each server's CPU is counted over its own moves only (the other is idle
meanwhile), and the last column is this checkout's CPU per move over the
reference's in the same repeat.

Run from the repository root::

    python benchmarks/bench_move.py
    python benchmarks/bench_move.py --moves 200 --repeat 3 --reference /tmp/reference
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.classroom import REPO_ROOT, serve
from deploy.streamlit_client import Session

LINK = "gradient_descent?lr=0.5&standardize=true"


class Student:
    """One tab on one server, moving η by `factor` a move, and what its moves cost."""

    def __init__(self, tab: Session, server, factor: float) -> None:
        self.tab, self.server, self.factor = tab, server, factor
        self.runs, self.cpu, self.wall = [], 0.0, 0.0

    async def open(self) -> None:
        """Open the lesson link and read the player's settings."""
        self.opened = await self.tab.open(LINK)
        self.settings = dict(self.tab.component("descent")["settings"])
        # (a checkout from before the names were unified calls it "lr")
        self.name = "learningRate" if "learningRate" in self.settings else "lr"

    async def move(self):
        """One η move, as the player sends it after a drag."""
        self.settings[self.name] = round(self.settings[self.name] * self.factor, 7)
        return await self.tab.update("descent", json={"settings": self.settings})

    async def measured_moves(self, count: int) -> None:
        """`count` moves, their runs kept and the server's CPU time counted."""
        cpu, began = self.server.cpu_seconds(), time.perf_counter()
        for _ in range(count):
            self.runs.append(await self.move())
        self.wall += time.perf_counter() - began
        self.cpu += self.server.cpu_seconds() - cpu

    def result(self) -> dict:
        """Medians per move (bytes, messages), means (CPU, wall), the statuses and
        the largest kinds of message of the last move."""
        runs = self.runs
        sizes = Counter()
        for kind, size in zip(runs[-1].kinds, runs[-1].sizes, strict=True):
            sizes[kind] += size
        return {
            "open_bytes": self.opened.bytes,
            "bytes": statistics.median(run.bytes for run in runs),
            "messages": statistics.median(run.messages for run in runs),
            "cpu": self.cpu / len(runs),
            "wall": self.wall / len(runs),
            "errors": [e for run in runs for e in run.errors],
            "statuses": dict(Counter(run.status for run in runs)),
            "largest": sizes.most_common(6),
        }


async def take_turns(
    servers: dict, count: int, warm_up: int, block: int, factor: float
) -> dict:
    """A student on each server; warm-up moves, then `count` measured moves each,
    `block` at a time in turn. The results by checkout name."""
    async with contextlib.AsyncExitStack() as stack:
        students = {}
        for name, server in servers.items():
            tab = await stack.enter_async_context(Session(server.url, timeout=60))
            students[name] = Student(tab, server, factor)
            await students[name].open()
            for _ in range(warm_up):
                await students[name].move()
        for done in range(0, count, block):
            for student in students.values():
                await student.measured_moves(min(block, count - done))
        return {name: student.result() for name, student in students.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--block", type=int, default=20, help="moves per turn")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--factor",
        type=float,
        default=0.97,
        help="η is multiplied by this at each move (0.97: from the link's 0.5 down "
        "to 0.001 over 200 moves, runs of 35 to the 500 steps allowed; 0.998: "
        "down to 0.33, runs of 35 to 55 steps)",
    )
    parser.add_argument(
        "--reference", type=Path, help="another checkout, served beside this one"
    )
    args = parser.parse_args()
    roots = {"this": REPO_ROOT}
    if args.reference:
        roots = {"reference": args.reference.resolve(), **roots}
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print(
        "| checkout | repeat | bytes / move | messages / move "
        "| server CPU / move (ms) | wall / move (ms) | first load (KB) | statuses "
        "| CPU ÷ reference |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    largest = {}
    for repeat in range(args.repeat):
        with contextlib.ExitStack() as stack:
            servers = {
                name: stack.enter_context(serve(root=root))
                for name, root in roots.items()
            }
            results = asyncio.run(
                take_turns(servers, args.moves, args.warm_up, args.block, args.factor)
            )
        for name, result in results.items():
            ratio = (
                f"{result['cpu'] / results['reference']['cpu']:.2f}"
                if name != "reference" and "reference" in results
                else ""
            )
            print(
                f"| {name} | {repeat + 1} | {result['bytes']:,.0f} | "
                f"{result['messages']:.0f} | {1000 * result['cpu']:.1f} | "
                f"{1000 * result['wall']:.1f} | {result['open_bytes'] / 1000:.0f} | "
                f"{result['statuses']} | {ratio} |"
            )
            if result["errors"]:
                print("errors:", result["errors"][:3])
            largest[name] = result["largest"]
    for name, sizes in largest.items():
        print(f"where one move's bytes go ({name}):", sizes)
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
