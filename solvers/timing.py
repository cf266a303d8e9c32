"""Wall-clock cost of the closed form, and of one gradient step, as features grow.

The lesson's point that the normal equation does not scale: forming XᵀX costs
O(np²) and solving the p×p system O(p³), while one full-batch gradient step costs
O(np). Each timing is the median of a few `time.perf_counter` runs on random
Gaussian data, whose XᵀX is well conditioned.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from numbers import Real

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
        ``progress(fraction, message)``, called after each (p, operation).
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
                took = seconds[operation][-1] * 1e3
                shown = f"{took:.0f}" if took >= 100 else f"{took:.3g}"
                message = f"p = {p}, n = {n}: {operation} took {shown} ms"
                progress((i * len(operations) + j + 1) / total, message)
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
