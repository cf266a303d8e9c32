"""The costliest uploads, page by page: what one student's file costs the server.

Run from the repository root::

    python benchmarks/bench_uploads.py             # every page, every file
    python benchmarks/bench_uploads.py --repeat 3  # median of 3 cold runs each
    python benchmarks/bench_uploads.py --pages pages/ridge.py

Each file is uploaded on each page that uses the data, in a fresh AppTest session
after ``ui.frame.cache.clear()``, so nothing is cached: this is the first time a
server sees the file. The time is the upload's script run (reading, fitting,
figures) as wall time and as this process's CPU time (BLAS threads as numpy
starts them; pin them with OPENBLAS_NUM_THREADS to compare). The reference row,
the default generated data on the same page, is measured in the same run, so the
ratio says how much heavier the file is than an ordinary visit on this machine.

The files are the widest and largest the upload limits allow (500 columns;
2,000,000 values), the shapes that once cost 30 to 184 s.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import streamlit.logger

import tables
from tests import apptest
from ui.frame import cache, upload

for name in ("caching.cache_data_api", "scriptrunner_utils.script_run_context"):
    streamlit.logger.get_logger(f"streamlit.runtime.{name}").disabled = True

PAGES = [
    "app.py",
    "pages/normal_equation.py",
    "pages/gradient_descent.py",
    "pages/ridge.py",
    "pages/data.py",
]


def csv_bytes(n_rows: int, n_columns: int, seed: int = 0) -> bytes:
    """A numeric CSV of random small integers with a header (the target last)."""
    values = np.random.default_rng(seed).integers(0, 7, size=(n_rows, n_columns))
    header = ",".join(f"c{j}" for j in range(n_columns - 1)) + ",y"
    rows = "\n".join(",".join(map(str, row)) for row in values)
    return f"{header}\n{rows}\n".encode()


FILES = {
    "500 columns × 3 rows": csv_bytes(3, tables.MAX_COLUMNS),
    "500 columns × 60 rows": csv_bytes(60, tables.MAX_COLUMNS),
    "500 columns × 4,000 rows": csv_bytes(tables.MAX_CELLS // 500, 500),
    "100 columns × 20,000 rows": csv_bytes(tables.MAX_CELLS // 100, 100),
    "2 columns × 1,000,000 rows": csv_bytes(tables.MAX_CELLS // 2, 2),
}


def timed(run) -> tuple[float, float]:
    """(wall, CPU) seconds of `run()`, with every cache cleared first."""
    cache.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def default_visit(page: str):
    def run():
        at = apptest.run_page(page, 600)
        assert not at.exception, [e.value for e in at.exception]

    return run


def upload_visit(page: str, content: bytes):
    at = apptest.run_page(page, 600)
    at.selectbox(key=upload.SOURCE.key).set_value("upload").run()

    def run():
        done = at.file_uploader(key=upload.UPLOAD)
        done.set_value(("big.csv", content, "text/csv")).run(timeout=600)
        assert not at.exception, [e.value for e in at.exception]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    print("| page | file | wall s | CPU s | × default visit |")
    print("|---|---|---:|---:|---:|")
    worst = {}
    for page in args.pages:
        reference = statistics.median(
            timed(default_visit(page))[0] for _ in range(max(args.repeat, 3))
        )
        print(f"| {page} | default generated data | {reference:.2f} | | 1 |")
        for name, content in FILES.items():
            runs = [timed(upload_visit(page, content)) for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(
                f"| {page} | {name} | {wall:.2f} | {cpu:.2f} | "
                f"{wall / reference:.0f} |",
                flush=True,
            )
            worst[page] = max(worst.get(page, (0.0, "")), (wall, name))
    print()
    for page, (wall, name) in worst.items():
        print(f"- worst on {page}: {name}, {wall:.2f} s")


if __name__ == "__main__":
    main()
