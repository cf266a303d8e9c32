"""Server memory under a stream of distinct wide uploads: the byte-bounded cache.

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_upload_memory.py --files 12

Each file (4,000 rows × 500 columns of small integers, a different seed each, the
largest the upload limits allow) is uploaded on the ridge and normal-equation
pages in a fresh AppTest session of this one process, as students of one class
would; after each file the process's resident memory and what `ui.frame.cache` holds
are printed. The cache stays within `ui.frame.cache.MAX_BYTES`; with `st.cache_data`
(32 entries per function, no byte bound) memory grew with every file.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_uploads import csv_bytes, upload_visit
from ui.frame import cache

PAGES = ("pages/ridge.py", "pages/normal_equation.py")


def resident_mb() -> float:
    """This process's resident set size in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12)
    args = parser.parse_args()
    budget = cache.MAX_BYTES / 2**20
    print(f"cache budget {budget:.0f} MB; start {resident_mb():.0f} MB")
    print("| files | resident MB | cached results | cached MB |")
    print("|---:|---:|---:|---:|")
    for i in range(args.files):
        content = csv_bytes(4000, 500, seed=i)
        for page in PAGES:
            upload_visit(page, content)()
        entries, held = cache.usage()
        print(f"| {i + 1} | {resident_mb():.0f} | {entries} | {held / 2**20:.0f} |")


if __name__ == "__main__":
    main()
