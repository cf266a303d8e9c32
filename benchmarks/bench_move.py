"""What one η move on the descent player costs: the bytes and messages the server
sends over the WebSocket, and the server's CPU time, per move.

One student opens the gradient-descent lesson link on a server started here
(127.0.0.1, stopped at the end) and moves η on the player, as the browser sends
when η is dragged, --moves times after a few warm-up moves. The server's CPU is
read from /proc over all the moves (its clock ticks are 10 ms), so the figure
per move is a mean; bytes and messages are medians over the moves. The largest
messages of one move are listed by kind, to show where the bytes go.

With --reference, each repeat also serves another checkout (an earlier commit,
``git worktree add /tmp/reference <commit>``) right before this one, so the two
are compared on the same machine at the same time.

Run from the repository root::

    python benchmarks/bench_move.py
    python benchmarks/bench_move.py --moves 200 --repeat 3 --reference /tmp/reference
"""

import argparse
import asyncio
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


async def moves(url: str, pid_cpu, count: int, warm_up: int) -> dict:
    """Open the link, move η `warm_up` then `count` times; the medians per move."""
    async with Session(url, timeout=60) as tab:
        opened = await tab.open(LINK)
        settings = dict(tab.component("descent")["settings"])
        # (a checkout from before the names were unified calls it "lr")
        name = "learningRate" if "learningRate" in settings else "lr"

        async def move():
            settings[name] = round(settings[name] * 0.97, 6)
            return await tab.update("descent", json={"settings": settings})

        for _ in range(warm_up):
            await move()
        cpu = pid_cpu()
        began = time.perf_counter()
        runs = [await move() for _ in range(count)]
        wall = time.perf_counter() - began
        cpu = pid_cpu() - cpu
        errors = [e for run in runs for e in run.errors]
        statuses = Counter(run.status for run in runs)
        sizes = Counter()
        for kind, size in zip(runs[-1].kinds, runs[-1].sizes, strict=True):
            sizes[kind] += size
        return {
            "open_bytes": opened.bytes,
            "bytes": statistics.median(run.bytes for run in runs),
            "messages": statistics.median(run.messages for run in runs),
            "seconds": statistics.median(run.seconds for run in runs),
            "cpu": cpu / count,
            "wall": wall / count,
            "errors": errors,
            "statuses": dict(statuses),
            "largest": sizes.most_common(6),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
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
        "| server CPU / move (ms) | wall / move (ms) | first load (KB) | statuses |"
    )
    print("|---|---|---|---|---|---|---|---|")
    largest = {}
    for repeat in range(args.repeat):
        for name, root in roots.items():
            with serve(root=root) as server:
                result = asyncio.run(
                    moves(server.url, server.cpu_seconds, args.moves, args.warm_up)
                )
            print(
                f"| {name} | {repeat + 1} | {result['bytes']:,.0f} | "
                f"{result['messages']:.0f} | {1000 * result['cpu']:.1f} | "
                f"{1000 * result['wall']:.1f} | {result['open_bytes'] / 1000:.0f} | "
                f"{result['statuses']} |"
            )
            if result["errors"]:
                print("errors:", result["errors"][:3])
            largest[name] = result["largest"]
    for name, sizes in largest.items():
        print(f"where one move's bytes go ({name}):", sizes)
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
