"""Wall-clock cost of the closed form, and of one gradient step, as features grow:
measured, and estimated before a run.

The lesson's point that the normal equation does not scale: forming XᵀX costs
O(np²) and solving the p×p system O(p³), while one full-batch gradient step costs
O(np). Each timing is the median of a few `time.perf_counter` runs on random
Gaussian data, whose XᵀX is well conditioned.

Before a run, textbook flop counts per operation divided by deliberately low rates
give a cautious estimate of its wall-clock time, so that a click never starts a job
of minutes. After a run, the fastest rates measured at the larger sizes turn the
same counts into times for p far beyond what can be measured.
"""

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from numbers import Real
from pathlib import Path

import numpy as np

OPERATIONS = ("gram", "solve", "inv", "lstsq", "gd_step")

# Beyond these one size takes minutes (lstsq, an SVD, is the slowest) and X alone
# takes 200 MB, too much for a page that a student clicks.
MAX_FEATURES = 5000
MAX_MATRIX_ENTRIES = 25_000_000


@dataclass(frozen=True, eq=False)
class TimingResult:
    """Median seconds per operation at each measured number of features.

    Attributes
    ----------
    feature_counts : ndarray of shape (n_sizes,)
        The numbers of features p that were measured, ascending.
    n_samples : ndarray of shape (n_sizes,)
        Rows of X at each p.
    seconds : dict of str to ndarray of shape (n_sizes,)
        Median wall-clock seconds of each operation at each p.
    repeats : int
        Timed runs behind each median.
    stopped : bool
        True when ``should_stop`` ended the run early; only the sizes whose every
        operation was measured are kept.
    """

    feature_counts: np.ndarray
    n_samples: np.ndarray
    seconds: dict[str, np.ndarray]
    repeats: int
    stopped: bool

    @property
    def operations(self) -> tuple[str, ...]:
        """The operations that were timed, in the order they were run."""
        return tuple(self.seconds)

    def records(self) -> list[dict]:
        """One row per (p, operation): p, n_samples, operation, seconds (for a CSV)."""
        return [
            {
                "p": int(p),
                "n_samples": int(n),
                "operation": operation,
                "seconds": float(self.seconds[operation][i]),
            }
            for i, (p, n) in enumerate(
                zip(self.feature_counts, self.n_samples, strict=True)
            )
            for operation in self.operations
        ]


def time_solvers(
    feature_counts: Iterable[int],
    *,
    n_samples: int | None = None,
    samples_per_feature: int = 2,
    operations: Iterable[str] = OPERATIONS,
    repeats: int = 3,
    random_state: int = 0,
    progress: Callable[[float, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> TimingResult:
    """Time the steps of the closed form and one gradient step at each p.

    Parameters
    ----------
    feature_counts : iterable of int
        Numbers of features p to measure (at most `MAX_FEATURES`); measured in
        ascending order, so that stopping early keeps the cheap sizes.
    n_samples : int, optional
        Rows of X at every p (at least the largest p). None uses
        ``samples_per_feature · p``.
    samples_per_feature : int
    operations : iterable of str
        Any of ``"gram"`` (XᵀX and Xᵀy), ``"solve"`` (the p×p system, given XᵀX),
        ``"inv"`` (inv(XᵀX) @ Xᵀy), ``"lstsq"`` (SVD least squares on X) and
        ``"gd_step"`` (one full-batch gradient Xᵀ(Xw − y)/n).
    repeats : int
        Timed runs per median, after one untimed warm-up run.
    random_state : int
        Seed of the random X, y and w.
    progress : callable, optional
        ``progress(fraction, record)``, called after each (p, operation) with its
        record (a row of `TimingResult.records`; `figures.timing.describe_progress`
        says it in words).
    should_stop : callable, optional
        Checked before each (p, operation); returning True ends the run early.

    Returns
    -------
    TimingResult

    Notes
    -----
    X and y are standard Gaussian, so XᵀX (n ≥ p) is well conditioned and the solve
    needs no ridge jitter. Sizes with a partly timed set of operations are dropped
    when the run stops.
    """
    sizes = _check_feature_counts(feature_counts)
    operations = _check_operations(operations)
    repeats = _check_whole("repeats", repeats)
    rows = _sample_counts(sizes, n_samples, samples_per_feature)
    rng = np.random.default_rng(random_state)
    total = len(sizes) * len(operations)
    seconds = {operation: [] for operation in operations}
    stopped = False
    for i, (p, n) in enumerate(zip(sizes, rows, strict=True)):
        problem = _random_problem(rng, n, p, operations)
        for j, operation in enumerate(operations):
            if should_stop is not None and should_stop():
                stopped = True
                break
            run = _operation(operation, *problem)
            seconds[operation].append(_median_seconds(run, repeats))
            if progress is not None:
                record = {
                    "p": int(p),
                    "n_samples": int(n),
                    "operation": operation,
                    "seconds": float(seconds[operation][-1]),
                }
                progress((i * len(operations) + j + 1) / total, record)
        if stopped:
            break
    measured = min(len(values) for values in seconds.values())
    return TimingResult(
        feature_counts=sizes[:measured],
        n_samples=rows[:measured],
        seconds={op: np.array(values[:measured]) for op, values in seconds.items()},
        repeats=repeats,
        stopped=stopped,
    )


def fit_loglog_slope(sizes, seconds, *, min_size: float | None = None) -> float:
    """Exponent k of seconds ≈ c · size^k, by least squares on the logarithms.

    Parameters
    ----------
    sizes : array_like of shape (n_points,)
    seconds : array_like of shape (n_points,)
    min_size : float, optional
        Fit only the points with size ≥ `min_size`, where fixed per-call overheads
        no longer flatten the curve.

    Returns
    -------
    float

    Notes
    -----
    log t = log c + k log size is a straight line; `np.polyfit` of degree 1 gives k.
    """
    sizes = np.asarray(sizes, dtype=float)
    seconds = np.asarray(seconds, dtype=float)
    if sizes.ndim != 1 or sizes.shape != seconds.shape:
        raise ValueError(
            f"sizes and seconds must be 1-D arrays of equal length, got shapes "
            f"{sizes.shape} and {seconds.shape}."
        )
    if not (np.isfinite(sizes).all() and np.isfinite(seconds).all()):
        raise ValueError("sizes and seconds must be finite: drop the NaN/inf points.")
    if (sizes <= 0).any() or (seconds <= 0).any():
        raise ValueError(
            "sizes and seconds must be positive (a logarithm is taken): drop the "
            "zero or negative points."
        )
    if min_size is not None:
        keep = sizes >= min_size
        sizes, seconds = sizes[keep], seconds[keep]
    if len(np.unique(sizes)) < 2:
        raise ValueError(
            f"A slope needs at least 2 different sizes, got {len(np.unique(sizes))}"
            + (f" with size ≥ min_size={min_size}" if min_size is not None else "")
            + ": measure more sizes or lower min_size."
        )
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def _random_problem(rng, n_samples, n_features, operations) -> tuple:
    """Gaussian X, y, w, and XᵀX, Xᵀy when an operation starts from them."""
    X = rng.standard_normal((n_samples, n_features))
    y = rng.standard_normal(n_samples)
    w = rng.standard_normal(n_features)
    needs_gram = "solve" in operations or "inv" in operations
    gram, moment = (X.T @ X, X.T @ y) if needs_gram else (None, None)
    return X, y, gram, moment, w


def _operation(name, X, y, gram, moment, w) -> Callable[[], object]:
    """The computation timed under `name`, as a call without arguments."""
    if name == "gram":
        return lambda: (X.T @ X, X.T @ y)
    if name == "solve":
        return lambda: np.linalg.solve(gram, moment)
    if name == "inv":
        return lambda: np.linalg.inv(gram) @ moment
    if name == "lstsq":
        return lambda: np.linalg.lstsq(X, y, rcond=None)
    n_samples = len(y)
    return lambda: X.T @ (X @ w - y) / n_samples


def _median_seconds(run: Callable[[], object], repeats: int) -> float:
    """Median wall-clock seconds of `repeats` calls, after one untimed warm-up."""
    run()
    times = np.empty(repeats)
    for k in range(repeats):
        start = time.perf_counter()
        run()
        times[k] = time.perf_counter() - start
    return float(np.median(times))


def _is_whole(value) -> bool:
    return (
        isinstance(value, Real)
        and not isinstance(value, bool)
        and bool(np.isfinite(value))
        and float(value).is_integer()
    )


def _check_whole(name: str, value, minimum: int = 1) -> int:
    if not _is_whole(value) or value < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {value!r}.")
    return int(value)


def _check_feature_counts(feature_counts) -> np.ndarray:
    values = list(feature_counts) if np.ndim(feature_counts) == 1 else None
    if not values:
        raise ValueError(
            f"feature_counts must be a non-empty list of feature counts, e.g. "
            f"[100, 200, 400], got {feature_counts!r}."
        )
    if not all(_is_whole(p) and p >= 1 for p in values):
        raise ValueError(
            f"feature_counts must hold whole numbers ≥ 1, got {feature_counts!r}."
        )
    sizes = np.unique(np.array(values, dtype=np.int64))
    if sizes[-1] > MAX_FEATURES:
        raise ValueError(
            f"feature_counts must be ≤ {MAX_FEATURES} (the solve and lstsq get too "
            f"slow beyond), got {sizes[-1]}: lower the largest feature count."
        )
    return sizes


def _check_operations(operations) -> tuple[str, ...]:
    names = (operations,) if isinstance(operations, str) else tuple(operations)
    unknown = [name for name in names if name not in OPERATIONS]
    if not names or unknown:
        raise ValueError(
            f"operations must name at least one of {OPERATIONS}, got unknown "
            f"{unknown or 'nothing'}."
        )
    return tuple(dict.fromkeys(names))


def _sample_counts(sizes, n_samples, samples_per_feature) -> np.ndarray:
    """Rows of X at each p, checked to keep XᵀX invertible and X in memory."""
    if n_samples is None:
        factor = _check_whole("samples_per_feature", samples_per_feature)
        rows = factor * sizes
    else:
        n_samples = _check_whole("n_samples", n_samples)
        if n_samples < sizes[-1]:
            raise ValueError(
                f"n_samples must be ≥ the largest feature count {sizes[-1]} so that "
                f"XᵀX is invertible, got {n_samples}: raise it, or pass None to use "
                f"samples_per_feature · p."
            )
        rows = np.full(len(sizes), n_samples)
    entries = rows * sizes
    if entries.max() > MAX_MATRIX_ENTRIES:
        p = sizes[np.argmax(entries)]
        raise ValueError(
            f"X would hold n_samples · p = {rows[np.argmax(entries)]} · {p} numbers "
            f"at p = {p}, more than {MAX_MATRIX_ENTRIES:,}: lower n_samples, "
            f"samples_per_feature or the largest feature count."
        )
    return rows


def concatenate_results(
    results: Iterable[TimingResult], *, stopped: bool = False
) -> TimingResult:
    """One TimingResult from runs over different sizes (e.g. timed one p at a time).

    Parameters
    ----------
    results : iterable of TimingResult
        With the same operations and repeats, and no p measured twice.
    stopped : bool
        Marks the combined run as ended early (also set if any part was).

    Returns
    -------
    TimingResult
        Sizes in ascending order.
    """
    results = list(results)
    if not results:
        raise ValueError(
            "results is empty: pass at least one TimingResult (a run stopped before "
            "its first size has nothing to combine)."
        )
    first = results[0]
    if any(
        r.operations != first.operations or r.repeats != first.repeats for r in results
    ):
        raise ValueError(
            "results must share their operations and repeats: time every part "
            "with the same settings."
        )
    sizes = np.concatenate([r.feature_counts for r in results])
    if len(np.unique(sizes)) < len(sizes):
        raise ValueError(
            f"results measure some p more than once ({sorted(sizes.tolist())}): "
            f"time each p in one part only."
        )
    order = np.argsort(sizes, kind="stable")
    return TimingResult(
        feature_counts=sizes[order],
        n_samples=np.concatenate([r.n_samples for r in results])[order],
        seconds={
            op: np.concatenate([r.seconds[op] for r in results])[order]
            for op in first.operations
        },
        repeats=first.repeats,
        stopped=stopped or any(r.stopped for r in results),
    )


# ------------------------------------------------------------- estimates before

# GFLOP/s assumed by the estimate: well below what a laptop's BLAS reaches, as a
# shared 2-core machine under load does (measured, then rounded down). Matrix
# products run fastest; LU and the SVD less so; one gradient step reads all of X
# for 4 flops per entry, so memory speed, not arithmetic, limits it.
ASSUMED_GFLOPS = {"gram": 10.0, "solve": 5.0, "inv": 5.0, "lstsq": 5.0, "gd_step": 2.0}
CALL_OVERHEAD = 50e-6  # seconds per numpy call: Python, checks, allocation
SECONDS_PER_RANDOM_NUMBER = 50e-9  # drawing X and y


def flops(operation: str, n_samples, n_features) -> np.ndarray:
    """Floating-point operations of one call of a timed operation.

    Parameters
    ----------
    operation : {"gram", "solve", "inv", "lstsq", "gd_step"}
    n_samples, n_features : float or array_like
        n and p, broadcast against each other.

    Returns
    -------
    ndarray of the broadcast shape of n and p

    Notes
    -----
    gram: XᵀX and Xᵀy, np² + 2np: numpy forms XᵀX with BLAS's symmetric rank-k
    update (syrk), which computes one triangle, n·p(p + 1) ≈ np². solve: LU of
    XᵀX then two triangular solves, 2p³/3 + 2p². inv: LU then the inverse from
    it, 2p³, plus the product with Xᵀy, 2p². lstsq: SVD least squares,
    4np² + 8p³ (Golub & Van Loan's count for the Golub–Reinsch SVD). gd_step: Xw
    and Xᵀr, 4np.
    """
    n = np.asarray(n_samples, dtype=float)
    p = np.asarray(n_features, dtype=float)
    counts = {
        "gram": lambda: n * p**2 + 2 * n * p,
        "solve": lambda: 2 * p**3 / 3 + 2 * p**2,
        "inv": lambda: 2 * p**3 + 2 * p**2,
        "lstsq": lambda: 4 * n * p**2 + 8 * p**3,
        "gd_step": lambda: 4 * n * p,
    }
    if operation not in counts:
        raise ValueError(f"operation must be one of {OPERATIONS}, got {operation!r}.")
    return counts[operation]()


def feature_grid(smallest: int, largest: int, count: int) -> np.ndarray:
    """`count` (≥ 2) numbers of features spaced evenly on a log scale, rounded,
    distinct.

    Returns
    -------
    ndarray of int of shape (n_sizes,), n_sizes ≤ count
        Ascending from `smallest` to `largest`; rounding can merge close sizes.
    """
    for name, value in (("smallest", smallest), ("largest", largest)):
        _check_whole(name, value)
    _check_whole("count", count, minimum=2)
    if smallest > largest:
        raise ValueError(
            f"smallest ({smallest}) must not exceed largest ({largest}): swap them."
        )
    grid = np.geomspace(smallest, largest, count)
    return np.unique(np.round(grid).astype(np.int64))


@dataclass(frozen=True)
class BenchmarkPlan:
    """A timing run's sizes and its estimated duration.

    Attributes
    ----------
    feature_counts : ndarray of int of shape (n_sizes,)
    n_samples : ndarray of int of shape (n_sizes,)
        Rows of X at each p.
    operations : tuple of str
    repeats : int
    seconds : float
        Estimated wall-clock time at `ASSUMED_GFLOPS` (a machine crowded by other
        work can still take longer).
    seconds_per_operation : dict of str to float
        The estimate's share of each operation, data drawing not included.
    """

    feature_counts: np.ndarray
    n_samples: np.ndarray
    operations: tuple[str, ...]
    repeats: int
    seconds: float
    seconds_per_operation: dict[str, float]

    def fits(self, budget: float) -> bool:
        """Whether the estimate stays within `budget` seconds."""
        return self.seconds <= budget


def plan_benchmark(
    smallest: int,
    largest: int,
    count: int,
    *,
    samples_per_feature: int = 2,
    fixed_n_samples: bool = False,
    operations=OPERATIONS,
    repeats: int = 3,
) -> BenchmarkPlan:
    """The sizes of a timing run and an upper estimate of how long it takes.

    Parameters
    ----------
    smallest, largest, count : int
        `feature_grid`'s arguments.
    samples_per_feature : int
        n = samples_per_feature · p at each size, or, with `fixed_n_samples`,
        samples_per_feature · largest at every size (so n ≫ p at the small sizes).
    operations : iterable of str
    repeats : int
        Timed runs per median; `time_solvers` adds one warm-up run.

    Notes
    -----
    Per size: drawing X and y, XᵀX once when solve or inv need it, and
    (repeats + 1) calls of each operation at flops / `ASSUMED_GFLOPS` plus
    `CALL_OVERHEAD` each.
    """
    p = feature_grid(smallest, largest, count)
    k = _check_whole("samples_per_feature", samples_per_feature)
    repeats = _check_whole("repeats", repeats)
    operations = tuple(dict.fromkeys(operations))
    unknown = [op for op in operations if op not in OPERATIONS]
    if not operations or unknown:
        raise ValueError(f"operations must name some of {OPERATIONS}, got {unknown}.")
    n = np.full_like(p, k * largest) if fixed_n_samples else k * p
    if (n * p).max() > MAX_MATRIX_ENTRIES:
        raise ValueError(
            f"X would hold {int(n[-1])} × {int(p[-1])} numbers, more than "
            f"{MAX_MATRIX_ENTRIES:,}: lower the largest p or the samples per feature."
        )
    calls = repeats + 1
    per_operation = {
        op: float(np.sum(calls * (flops(op, n, p) / _rate(op) + CALL_OVERHEAD)))
        for op in operations
    }
    setup = (n * p + n) * SECONDS_PER_RANDOM_NUMBER
    if {"solve", "inv"} & set(operations):
        setup = setup + flops("gram", n, p) / _rate("gram")
    return BenchmarkPlan(
        feature_counts=p,
        n_samples=n,
        operations=operations,
        repeats=repeats,
        seconds=float(np.sum(setup) + sum(per_operation.values())),
        seconds_per_operation=per_operation,
    )


def cheaper_alternatives(
    smallest: int, largest: int, count: int, largest_options, *, budget, **settings
) -> list[tuple[tuple[str, int | str], float]]:
    """Changes of one setting that bring a plan within `budget` seconds.

    Parameters
    ----------
    smallest, largest, count : int
        The plan as chosen.
    budget : float
        Seconds the caller lets one run take.
    largest_options : iterable of int
        The largest p values the user can pick; the biggest affordable one below
        `largest` is proposed.
    **settings
        The other `plan_benchmark` arguments, as chosen.

    Returns
    -------
    list of ((setting, value), estimated seconds)
        Among: ("largest", a smaller largest p), ("without", "lstsq"), ("repeats",
        1) (`figures.timing.describe_change` says them in words); only those
        that fit.
    """
    options = []
    for option in sorted(largest_options, reverse=True):
        if smallest <= option < largest:
            plan = _plan_or_none(smallest, option, count, **settings)
            if plan is not None and plan.fits(budget):
                options.append((("largest", option), plan.seconds))
                break
    changes = []
    operations = tuple(settings.get("operations", OPERATIONS))
    if "lstsq" in operations and len(operations) > 1:
        without = tuple(op for op in operations if op != "lstsq")
        changes.append((("without", "lstsq"), {"operations": without}))
    if settings.get("repeats", 3) > 1:
        changes.append((("repeats", 1), {"repeats": 1}))
    for described, change in changes:
        plan = _plan_or_none(smallest, largest, count, **(settings | change))
        if plan is not None and plan.fits(budget):
            options.append((described, plan.seconds))
    return options


def _plan_or_none(smallest, largest, count, **settings) -> BenchmarkPlan | None:
    try:
        return plan_benchmark(smallest, largest, count, **settings)
    except ValueError:
        return None


def fitted_slopes(result: TimingResult) -> tuple[dict[str, float], int | None]:
    """Log-log slopes fitted on the larger half of the measured sizes.

    At small p, fixed per-call costs flatten the curves; the upper half of the
    sizes (at least two) shows the growth rate. Returns the slopes (NaN with fewer
    than two sizes) and the smallest p used in the fits (None then).
    """
    sizes = result.feature_counts
    if len(sizes) < 2:
        return {op: float("nan") for op in result.operations}, None
    start = _larger_half(len(sizes))
    upper = slice(start, None)
    slopes = {
        op: _fit(sizes[upper], seconds[upper]) for op, seconds in result.seconds.items()
    }
    return slopes, int(sizes[start])


def arithmetic_slopes(result: TimingResult) -> dict[str, float]:
    """The log-log slope of each operation's flop count over the sizes that
    `fitted_slopes` fits: the measured slope if time were arithmetic alone
    (3 for the solve; 2 for a gradient step when n grows with p, 1 with n fixed).
    NaN with fewer than two sizes."""
    sizes = result.feature_counts
    if len(sizes) < 2:
        return {op: float("nan") for op in result.operations}
    upper = slice(_larger_half(len(sizes)), None)
    return {
        op: fit_loglog_slope(
            sizes[upper], flops(op, result.n_samples[upper], sizes[upper])
        )
        for op in result.operations
    }


def _larger_half(n_sizes: int) -> int:
    """Index of the first of the larger half of `n_sizes` sizes (keeping ≥ 2)."""
    return max(min(n_sizes // 2, n_sizes - 2), 0)


def _fit(sizes: np.ndarray, seconds: np.ndarray) -> float:
    keep = seconds > 0  # a timer too coarse for the call can read 0
    if len(np.unique(sizes[keep])) < 2:
        return float("nan")
    return fit_loglog_slope(sizes[keep], seconds[keep])


def achieved_gflops(result: TimingResult, operation: str) -> np.ndarray:
    """GFLOP/s reached by `operation` at each measured size, shape (n_sizes,)."""
    counts = flops(operation, result.n_samples, result.feature_counts)
    return counts / result.seconds[operation] / 1e9


@dataclass(frozen=True)
class Machine:
    """What runs the arithmetic: CPU count and numpy's BLAS (None if unknown)."""

    cpus: int | None
    blas_threads: int | None
    blas_library: str | None


def machine() -> Machine:
    """CPU count, and numpy's BLAS threads via threadpoolctl.

    numpy's BLAS is the copy its wheel ships (in ``numpy.libs``) when there is
    one, else the first BLAS loaded: another package (scipy, say) can load a
    BLAS of its own, with its own thread count, and be listed first.
    threadpoolctl is a requirement of the app (requirements.txt); the threads
    are None only where it finds no BLAS, or where `solvers` is used without it.
    """
    threads = library = None
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        pass
    else:
        pools = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        wheel = Path(np.__file__).resolve().parent.with_name("numpy.libs")
        pools.sort(key=lambda pool: Path(pool["filepath"]).resolve().parent != wheel)
        if pools:
            threads = pools[0]["num_threads"]
            library = pools[0]["internal_api"]
    return Machine(cpus=os.cpu_count(), blas_threads=threads, blas_library=library)


def limit_blas_threads(threads: int | None) -> contextlib.AbstractContextManager:
    """A context in which numpy's BLAS runs on at most `threads` threads.

    On a busy machine, BLAS threads wait for each other while other work holds
    the cores, and timings jump by orders of magnitude; one thread is steadier.
    A no-op when `threads` is None (or, outside the app, without threadpoolctl).
    """
    if threads is None:
        return contextlib.nullcontext()
    _check_whole("threads", threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads, user_api="blas")


def _rate(operation: str) -> float:
    return ASSUMED_GFLOPS[operation] * 1e9
