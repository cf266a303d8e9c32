"""Settings of the whole server process, applied once when it starts (app.py,
imported by the server that `streamlit run app.py` starts), never as a side
effect of importing a module."""

from solvers import timing

# The server runs every student's script in one process on a few cores; BLAS
# threads that wait for each other there made uploads 2-3 times slower in wall
# time (benchmarks/bench_uploads.py), so each computation gets one thread. The
# timing pages ask for every core while they measure (`ui.timing.benchmark`).
SERVER_BLAS_THREADS = 1


def configure_process() -> None:
    """Give the process's BLAS libraries (numpy's and scipy's) one thread each."""
    timing.limit_blas_threads(SERVER_BLAS_THREADS)  # for good, not only in `with`
