"""Which road, when: every method timed until its weights are as close to the
least-squares answer as asked, on data of a set condition number.

The timing page's other half (`solvers.timing`) times the pieces of the closed
form. Here each road runs to the same answer: the normal equation (form XᵀX and
Xᵀy, Cholesky solve), lstsq (an SVD of X), conjugate gradient on the normal
equations, gradient descent at its best η, heavy-ball momentum at its best
(η, β) and mini-batch SGD with a decaying step. Iterative roads stop at the
first step whose weights are within a relative error ε of lstsq's; a road that
runs out of its time share reports how close it got and, for the ones that
shrink the error by a steady factor a step, how long its measured rate says it
would have needed.

Nothing here is a model of the speed: every second comes from `time.perf_counter`
on this machine. The parameters of the iterative roads are tuned with the
spectrum known (the data is built with it), a head start a real run would have
to earn by estimating μ_min and μ_max.

No column of ones: as on the rest of the timing page, X is n × p and XᵀX is
p × p.
"""

import itertools
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg

from solvers import timing
from solvers.descent import best_settings
from solvers.iterative import (
    conjugate_gradient_iterates,
    minibatch_iterates,
    momentum_iterates,
)

ROADS = (
    "normal_equation",
    "lstsq",
    "conjugate_gradient",
    "gradient_descent",
    "momentum",
    "sgd",
)
ITERATIVE = ("conjugate_gradient", "gradient_descent", "momentum", "sgd")
# Roads whose error shrinks by about the same factor every step, so that a run
# stopped early can say how many steps it would have needed.
GEOMETRIC = ("conjugate_gradient", "gradient_descent", "momentum")
CONDITION_NUMBERS = (1.0, 100.0, 1e4)
ACCURACIES = (1e-3, 1e-6)
SGD_BATCH_SIZE = 32
NOISE = 0.5  # standard deviation of the noise added to y = X coef
# The estimate's speeds before a race, in GFLOP/s: half of what this 2-core
# machine measured on one BLAS thread (XᵀX 41-48, lstsq's SVD 43-56 by its
# textbook count, a gradient step 4, memory-bound), so that a busy server still
# finishes within the estimate; and the time to build one entry of X (96 ns
# measured: a cosine, two reflections).
ESTIMATE_GFLOPS = {"gram": 20.0, "solve": 10.0, "lstsq": 20.0, "gd_step": 2.0}
BUILD_SECONDS_PER_ENTRY = 150e-9
# A crossover extrapolated further than this many times the largest measured p
# rests on two slopes fitted to a few noisy points: not reported.
EXTRAPOLATION_REACH = 30.0


@dataclass(frozen=True, eq=False)
class ConditionedProblem:
    """Least-squares data whose Hessian XᵀX/n has a set spectrum.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    curvatures : ndarray of shape (n_features,)
        The eigenvalues of XᵀX/n, descending, from 1 to 1/condition_number.
    """

    X: np.ndarray
    y: np.ndarray
    curvatures: np.ndarray

    @property
    def condition_number(self) -> float:
        """κ(XᵀX) = μ_max / μ_min."""
        return float(self.curvatures[0] / self.curvatures[-1])


def conditioned_problem(
    n_samples: int,
    n_features: int,
    condition_number: float,
    *,
    noise: float = NOISE,
    random_state: int = 0,
) -> ConditionedProblem:
    """Data X = Q diag(s) Vᵀ whose XᵀX has condition number `condition_number`.

    Parameters
    ----------
    n_samples, n_features : int
        n ≥ p ≥ 1.
    condition_number : float
        κ(XᵀX) ≥ 1: the curvatures of XᵀX/n run geometrically from 1 down to 1/κ.
    noise : float
        Standard deviation of the Gaussian noise in y = X coef + noise.
    random_state : int

    Returns
    -------
    ConditionedProblem

    Notes
    -----
    Q holds p distinct columns of the orthonormal DCT-II basis of ℝⁿ (never the
    constant one, so every column is centred), rows multiplied by random signs:
    its columns are orthonormal and its rows all about as long, like rows of real
    data, where rows of a QR factor of random data would cost O(np²). V is a
    product of two random Householder reflections, so the directions of the
    spectrum are not the axes. Building it is O(np).
    """
    n_samples = _check_whole("n_samples", n_samples)
    n_features = _check_whole("n_features", n_features)
    if n_samples <= n_features:
        raise ValueError(
            f"n_samples must exceed n_features (XᵀX is singular otherwise), got "
            f"n = {n_samples} and p = {n_features}: use more samples."
        )
    if not (math.isfinite(condition_number) and condition_number >= 1):
        raise ValueError(
            f"condition_number must be a finite number ≥ 1, got {condition_number!r}."
        )
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}.")
    rng = np.random.default_rng(random_state)
    # Curvatures of XᵀX/n from 1 to 1/κ; singular values of X are √(n μ).
    exponents = np.linspace(0.0, 1.0, n_features) if n_features > 1 else np.zeros(1)
    curvatures = condition_number**-exponents
    frequencies = 1 + rng.choice(n_samples - 1, size=n_features, replace=False)
    rows = np.arange(n_samples) + 0.5
    basis = np.cos(np.outer(rows, frequencies) * (np.pi / n_samples))
    signs = rng.choice((-1.0, 1.0), size=n_samples)
    X = basis * (signs * math.sqrt(2.0))[:, None]  # = √n · Q
    X *= np.sqrt(curvatures)
    for _ in range(2):  # X ← X (I − 2vvᵀ)
        v = rng.standard_normal(n_features)
        v /= np.linalg.norm(v)
        X -= 2.0 * np.outer(X @ v, v)
    coef = rng.standard_normal(n_features)
    y = X @ coef + noise * rng.standard_normal(n_samples)
    return ConditionedProblem(X, y, curvatures)


@dataclass(frozen=True)
class Tuning:
    """The iterative roads' parameters, from the curvatures μ_min ≤ μ_max of XᵀX/n.

    Attributes
    ----------
    learning_rate : float
        Gradient descent's best fixed η = 2 / (μ_max + μ_min).
    momentum_learning_rate, momentum : float
        Heavy ball's best pair: η = 4 / (√μ_max + √μ_min)²,
        β = ((√κ − 1) / (√κ + 1))².
    sgd_learning_rate : float
        SGD's first step η₀ = 1 / (μ_max + tr(H) / batch): mini-batch curvature
        is about μ_max plus the spread of single rows shared over the batch.
    """

    learning_rate: float
    momentum_learning_rate: float
    momentum: float
    sgd_learning_rate: float


def tuning(curvatures: np.ndarray, batch_size: int = SGD_BATCH_SIZE) -> Tuning:
    """The best fixed parameters of each iterative road for these curvatures
    (`solvers.descent.best_settings`), and SGD's first step.

    Parameters
    ----------
    curvatures : ndarray of shape (n_features,)
        Eigenvalues of XᵀX/n, all positive.
    batch_size : int
    """
    mu = np.asarray(curvatures, dtype=float)
    if mu.size == 0 or not (np.isfinite(mu).all() and (mu > 0).all()):
        raise ValueError("curvatures must be positive finite numbers.")
    plain = best_settings(mu, "gradient_descent")
    heavy = best_settings(mu, "heavy_ball")
    return Tuning(
        learning_rate=plain.learning_rate,
        momentum_learning_rate=heavy.learning_rate,
        momentum=heavy.momentum,
        sgd_learning_rate=1.0 / (float(mu.max()) + float(mu.sum()) / batch_size),
    )


@dataclass(frozen=True)
class RoadRun:
    """One road timed to the accuracy asked for, at one size.

    Attributes
    ----------
    road : str
        One of `ROADS`.
    n_features, n_samples : int
    seconds : float
        Median wall-clock seconds to the first weights within ε (or until the
        road's time share ran out).
    steps : int
        Iterations taken (passes over the data for SGD, 1 for a direct road).
    relative_error : float
        ‖w − w_lstsq‖ / ‖w_lstsq‖ of the weights it stopped with.
    status : {"reached", "out_of_time", "diverged"}
    projected_seconds : float
        `seconds` when reached; for a geometric road out of time, the seconds its
        measured rate per step needs to reach ε; NaN otherwise.
    """

    road: str
    n_features: int
    n_samples: int
    seconds: float
    steps: int
    relative_error: float
    status: str
    projected_seconds: float

    @property
    def reached(self) -> bool:
        return self.status == "reached"


def time_to_accuracy(
    road: str,
    problem: ConditionedProblem,
    reference: np.ndarray,
    *,
    epsilon: float,
    seconds_allowed: float,
    repeats: int = 1,
    random_state: int = 0,
) -> RoadRun:
    """Time `road` on `problem` until its weights are within `epsilon` of `reference`.

    Parameters
    ----------
    road : str
        One of `ROADS`.
    problem : ConditionedProblem
    reference : ndarray of shape (n_features,)
        The least-squares weights (lstsq's) every road must reach.
    epsilon : float
        Relative error ‖w − reference‖ / ‖reference‖ to reach, in (0, 1).
    seconds_allowed : float
        An iterative road's time share: it stops once it has run this long.
    repeats : int
        Runs behind the median (a direct road also gets an untimed warm-up).
    random_state : int
        SGD's sample order.

    Returns
    -------
    RoadRun
    """
    if road not in ROADS:
        raise ValueError(f"road must be one of {', '.join(ROADS)}, got {road!r}.")
    if not 0 < epsilon < 1:
        raise ValueError(f"epsilon must be in (0, 1), got {epsilon!r}.")
    if not seconds_allowed > 0:
        raise ValueError(f"seconds_allowed must be > 0, got {seconds_allowed!r}.")
    repeats = _check_whole("repeats", repeats)
    X, y = problem.X, problem.y
    reference = np.asarray(reference, dtype=float)
    scale = float(np.linalg.norm(reference)) or 1.0

    def error(w: np.ndarray) -> float:
        return float(np.linalg.norm(w - reference)) / scale

    if road not in ITERATIVE:
        solve = _DIRECT[road]
        solve(X, y)  # warm-up: first-call costs are not the road's
        seconds, weights = [], None
        for _ in range(repeats):
            began = time.perf_counter()
            weights = solve(X, y)
            seconds.append(time.perf_counter() - began)
        elapsed = float(np.median(seconds))
        final = error(weights)
        status = "reached" if final <= epsilon else "diverged"
        return RoadRun(road, X.shape[1], X.shape[0], elapsed, 1, final, status, elapsed)

    runs = []
    for _ in range(repeats):
        runs.append(
            _iterate_until(
                _iterates(road, X, y, tuning(problem.curvatures), random_state),
                error,
                epsilon=epsilon,
                seconds_allowed=seconds_allowed,
            )
        )
    elapsed, steps, final, status = runs[len(runs) // 2] if repeats > 1 else runs[0]
    if repeats > 1:
        elapsed = float(np.median([run[0] for run in runs]))
    projected = elapsed if status == "reached" else float("nan")
    if status == "out_of_time" and road in GEOMETRIC:
        projected = projected_seconds(elapsed, steps, final, epsilon)
    return RoadRun(
        road, X.shape[1], X.shape[0], elapsed, steps, final, status, projected
    )


def projected_seconds(
    seconds: float, steps: int, relative_error: float, epsilon: float
) -> float:
    """Seconds a road stopped early would need to reach `epsilon`, at its rate.

    The error started at 1 (from w = 0) and stood at `relative_error` after
    `steps` steps taking `seconds`: a factor r = relative_error^(1/steps) a
    step, so ε needs ln ε / ln r steps at the same seconds per step. NaN when
    the error did not shrink.
    """
    if steps < 1 or not 0 < relative_error < 1:
        return float("nan")
    needed = math.log(epsilon) / math.log(relative_error) * steps
    return seconds / steps * max(needed, steps)


def _iterate_until(
    iterates: Iterator[np.ndarray],
    error: Callable[[np.ndarray], float],
    *,
    epsilon: float,
    seconds_allowed: float,
) -> tuple[float, int, float, str]:
    """Run `iterates` until `error` ≤ ε, the time share is spent, or it blows up.

    Returns (seconds, steps, error, status). Checking the error costs O(p) a step
    against the step's O(np): it is timed with the road.
    """
    began = time.perf_counter()
    deadline = began + seconds_allowed
    steps, current = 0, 1.0
    for steps, weights in enumerate(iterates, start=1):
        current = error(weights)
        if current <= epsilon:
            return time.perf_counter() - began, steps, current, "reached"
        if not current < 1e8:  # NaN included
            return time.perf_counter() - began, steps, current, "diverged"
        if time.perf_counter() > deadline:
            break
    return time.perf_counter() - began, steps, current, "out_of_time"


def _normal_equation(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Form XᵀX and Xᵀy, then a Cholesky solve: the one-shot road."""
    factor = scipy.linalg.cho_factor(X.T @ X, check_finite=False)
    return scipy.linalg.cho_solve(factor, X.T @ y, check_finite=False)


def _lstsq(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(X, y)[0]


_DIRECT = {"normal_equation": _normal_equation, "lstsq": _lstsq}


def _gradient(X: np.ndarray, y: np.ndarray):
    """w ↦ ∇J(w) = Xᵀ(Xw − y)/n: two products with X, XᵀX never formed."""
    n_samples = len(y)
    return lambda w: X.T @ (X @ w - y) / n_samples


def _iterates(road: str, X: np.ndarray, y: np.ndarray, tuned: "Tuning", seed: int):
    """The weights `road` visits from w = 0 (`solvers.iterative`); SGD's once
    an epoch."""
    n_samples, n_features = X.shape
    start = np.zeros(n_features)
    if road == "conjugate_gradient":
        return conjugate_gradient_iterates(
            lambda v: X.T @ (X @ v) / n_samples, X.T @ y / n_samples, start
        )
    if road == "gradient_descent":
        return momentum_iterates(_gradient(X, y), start, tuned.learning_rate)
    if road == "momentum":
        return momentum_iterates(
            _gradient(X, y), start, tuned.momentum_learning_rate, tuned.momentum
        )
    batch_size = min(SGD_BATCH_SIZE, n_samples)
    steps = minibatch_iterates(
        lambda w, rows: X[rows].T @ (X[rows] @ w - y[rows]) / len(rows),
        n_samples,
        start,
        tuned.sgd_learning_rate,
        batch_size=batch_size,
        schedule="decaying",
        random_state=seed,
    )
    return itertools.islice(
        steps, n_samples // batch_size - 1, None, n_samples // batch_size
    )


@dataclass(frozen=True)
class Race:
    """Every road timed to the same answer at each size.

    Attributes
    ----------
    condition_number : float
    epsilon : float
    runs : list of RoadRun
        In the order measured: size by size, road by road.
    stopped : bool
        True when the race was stopped before its last size.
    """

    condition_number: float
    epsilon: float
    runs: list[RoadRun] = field(default_factory=list)
    stopped: bool = False

    @property
    def roads(self) -> tuple[str, ...]:
        """The roads that were run, in `ROADS` order."""
        ran = {run.road for run in self.runs}
        return tuple(road for road in ROADS if road in ran)

    def of(self, road: str) -> list[RoadRun]:
        """`road`'s runs, by ascending p."""
        return sorted(
            (run for run in self.runs if run.road == road),
            key=lambda run: run.n_features,
        )

    def records(self) -> list[dict]:
        """One row per run (for a CSV)."""
        return [
            {
                "condition_number": self.condition_number,
                "epsilon": self.epsilon,
                "road": run.road,
                "p": run.n_features,
                "n_samples": run.n_samples,
                "seconds": run.seconds,
                "steps": run.steps,
                "relative_error": run.relative_error,
                "status": run.status,
                "projected_seconds": run.projected_seconds,
            }
            for run in self.runs
        ]


def race(
    feature_counts: Iterable[int],
    *,
    condition_number: float,
    epsilon: float,
    roads: Iterable[str] = ROADS,
    samples_per_feature: int = 2,
    seconds_per_run: float = 5.0,
    repeats: int = 1,
    random_state: int = 0,
    progress: Callable[[float, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Race:
    """Time every road to the same answer at each p, smallest p first.

    Parameters
    ----------
    feature_counts : iterable of int
    condition_number : float
        κ(XᵀX) of the generated data.
    epsilon : float
        Relative error of the weights to reach (against lstsq's).
    roads : iterable of str
        A subset of `ROADS`.
    samples_per_feature : int
        n = samples_per_feature · p (at least 2).
    seconds_per_run : float
        Each iterative road's time share at each size.
    repeats : int
    random_state : int
    progress : callable, optional
        ``progress(fraction, run)`` after each (p, road), with its `RoadRun`
        (`figures.roads.describe_progress` says it in words).
    should_stop : callable, optional
        Checked before each (p, road); True ends the race, keeping what finished.

    Returns
    -------
    Race
    """
    roads = tuple(roads)
    unknown = [road for road in roads if road not in ROADS]
    if unknown or not roads:
        raise ValueError(
            f"roads must be a non-empty subset of {', '.join(ROADS)}, got {roads!r}."
        )
    sizes = sorted({_check_whole("feature count", p) for p in feature_counts})
    if not sizes:
        raise ValueError("feature_counts must name at least one size.")
    per_feature = _check_whole("samples_per_feature", samples_per_feature, 2)
    result = Race(float(condition_number), float(epsilon))
    total = len(sizes) * len(roads)
    for i, p in enumerate(sizes):
        problem = conditioned_problem(
            per_feature * p, p, condition_number, random_state=random_state + p
        )
        reference = _lstsq(problem.X, problem.y)
        for j, road in enumerate(roads):
            if should_stop is not None and should_stop():
                return Race(result.condition_number, result.epsilon, result.runs, True)
            run = time_to_accuracy(
                road,
                problem,
                reference,
                epsilon=epsilon,
                seconds_allowed=seconds_per_run,
                repeats=repeats,
                random_state=random_state,
            )
            result.runs.append(run)
            if progress is not None:
                progress((i * len(roads) + j + 1) / total, run)
    return result


def estimated_seconds(
    feature_counts: Iterable[int],
    *,
    condition_number: float,
    epsilon: float,
    roads: Iterable[str] = ROADS,
    samples_per_feature: int = 2,
    seconds_per_run: float = 5.0,
    repeats: int = 1,
) -> float:
    """A cautious estimate of `race`'s wall-clock time, before running it.

    Building the data at `BUILD_SECONDS_PER_ENTRY`; the direct roads and the
    reference lstsq by their flop counts (`solvers.timing.flops`) at
    `ESTIMATE_GFLOPS`; iterative roads: the steps theory gives for κ and ε
    (gradient descent ≈ κ/2 · ln(1/ε), momentum and conjugate gradient ≈
    √κ/2 · ln(2/ε)) at a gradient step's speed, capped by their time share; SGD
    its whole share.
    """

    def seconds_of(operation: str, n: int, p: int) -> float:
        return timing.flops(operation, n, p) / (ESTIMATE_GFLOPS[operation] * 1e9)

    total = 0.0
    for p in feature_counts:
        n = samples_per_feature * p
        total += n * p * BUILD_SECONDS_PER_ENTRY + seconds_of("lstsq", n, p)
        for road in roads:
            if road == "normal_equation":
                seconds = seconds_of("gram", n, p) + seconds_of("solve", n, p) / 2
            elif road == "lstsq":
                seconds = seconds_of("lstsq", n, p)
            else:
                step = seconds_of("gd_step", n, p) + timing.CALL_OVERHEAD
                steps = theoretical_steps(road, condition_number, epsilon)
                seconds = min(steps * step, seconds_per_run)
            total += float(seconds) * (repeats + (road not in ITERATIVE))
    return total


def theoretical_steps(road: str, condition_number: float, epsilon: float) -> float:
    """Steps an iterative road needs for κ and ε by its worst-case rate (inf for
    SGD, whose decaying step has no such bound)."""
    if road == "gradient_descent":
        return descent_steps_at_best(condition_number, epsilon)
    if road in ("momentum", "conjugate_gradient"):
        root = math.sqrt(condition_number)
        factor = (root - 1) / (root + 1)
        return 1 if factor == 0 else math.ceil(math.log(epsilon / 2) / math.log(factor))
    return math.inf


@dataclass(frozen=True)
class Crossover:
    """Where an iterative road's seconds cross the normal equation's.

    Attributes
    ----------
    road : str
    n_features : float
        The p where they cross (NaN when they never do).
    kind : {"measured", "extrapolated", "always", "never"}
        "measured": between two measured sizes; "extrapolated": beyond them, on
        the power laws fitted to the larger sizes, within `EXTRAPOLATION_REACH`
        times the largest; "always": the road was already faster at the
        smallest size; "never": slower everywhere, and the fitted lines do not
        cross within that reach.
    """

    road: str
    n_features: float
    kind: str


def crossover(
    road: str,
    feature_counts: np.ndarray,
    road_seconds: np.ndarray,
    direct_seconds: np.ndarray,
) -> Crossover:
    """The first p from which `road` takes no longer than the direct road.

    Parameters
    ----------
    road : str
    feature_counts : ndarray of shape (m,)
        Ascending.
    road_seconds, direct_seconds : ndarray of shape (m,)
        Positive seconds at each size.

    Notes
    -----
    Measured: the log of the ratio changes sign between two sizes, and the
    crossing is interpolated linearly on log-log axes. Otherwise each line is a
    power law a·p^b fitted to the larger half of the sizes (`power_law`), and
    they cross at p = (a₁/a₂)^(1/(b₂ − b₁)) when the road grows more slowly.
    """
    p = np.asarray(feature_counts, dtype=float)
    ratio = np.log(np.asarray(road_seconds, float) / np.asarray(direct_seconds, float))
    if p.size == 0:
        return Crossover(road, float("nan"), "never")
    if ratio[0] <= 0:
        return Crossover(road, float(p[0]), "always")
    for i in range(1, p.size):
        if ratio[i] <= 0:
            a, b = math.log(p[i - 1]), math.log(p[i])
            at = a + (b - a) * ratio[i - 1] / (ratio[i - 1] - ratio[i])
            return Crossover(road, float(math.exp(at)), "measured")
    if p.size < 2:
        return Crossover(road, float("nan"), "never")
    road_fit = power_law(p, road_seconds)
    direct_fit = power_law(p, direct_seconds)
    if not direct_fit.exponent > road_fit.exponent:
        return Crossover(road, float("nan"), "never")
    at = (road_fit.factor / direct_fit.factor) ** (
        1.0 / (direct_fit.exponent - road_fit.exponent)
    )
    if not at <= EXTRAPOLATION_REACH * p[-1]:
        return Crossover(road, float("nan"), "never")
    return Crossover(road, float(at), "extrapolated")


@dataclass(frozen=True)
class PowerLaw:
    """seconds ≈ factor · p^exponent, fitted by least squares on log-log axes."""

    factor: float
    exponent: float

    def __call__(self, p) -> np.ndarray:
        return self.factor * np.asarray(p, dtype=float) ** self.exponent


def power_law(feature_counts, seconds) -> PowerLaw:
    """The power law through the larger half of the sizes (at least two).

    Small sizes are dominated by fixed costs per call, so the fit leaves them out.
    """
    p = np.asarray(feature_counts, dtype=float)
    s = np.asarray(seconds, dtype=float)
    keep = np.isfinite(s) & (s > 0)
    p, s = p[keep], s[keep]
    if np.unique(p).size < 2:
        raise ValueError("power_law needs seconds at two sizes or more.")
    first = max(min(p.size // 2, p.size - 2), 0)
    slope, intercept = np.polyfit(np.log(p[first:]), np.log(s[first:]), 1)
    return PowerLaw(float(math.exp(intercept)), float(slope))


def memory_bytes() -> float:
    """This machine's physical memory in bytes (NaN where the OS does not say)."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return float("nan")


def one_pass_gram(
    chunks: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, int]:
    """XᵀX, Xᵀy and n summed chunk by chunk: the normal equation in one pass over
    data that never sits in memory at once (the MapReduce form: each chunk's
    products are independent, and their sum is the whole's).

    Parameters
    ----------
    chunks : iterable of (X_chunk, y_chunk)
        X_chunk of shape (rows, n_features), y_chunk of shape (rows,).

    Returns
    -------
    gram : ndarray of shape (n_features, n_features)
    moment : ndarray of shape (n_features,)
    n_samples : int
    """
    gram = moment = None
    n_samples = 0
    for X_chunk, y_chunk in chunks:
        if gram is None:
            gram = np.zeros((X_chunk.shape[1],) * 2)
            moment = np.zeros(X_chunk.shape[1])
        gram += X_chunk.T @ X_chunk
        moment += X_chunk.T @ y_chunk
        n_samples += len(y_chunk)
    if gram is None:
        raise ValueError("one_pass_gram needs at least one chunk.")
    return gram, moment, n_samples


def generated_chunks(
    n_samples: int, n_features: int, chunk_rows: int, *, random_state: int = 0
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Gaussian rows with y = X coef + noise, made chunk by chunk: data of any
    length without holding it."""
    rng = np.random.default_rng(random_state)
    coef = rng.standard_normal(n_features)
    made = 0
    while made < n_samples:
        rows = min(chunk_rows, n_samples - made)
        X_chunk = rng.standard_normal((rows, n_features))
        yield X_chunk, X_chunk @ coef + NOISE * rng.standard_normal(rows)
        made += rows


@dataclass(frozen=True)
class TallPass:
    """Seconds per row of one pass over streamed data, measured.

    Attributes
    ----------
    n_features : int
    rows : int
        Rows streamed through each pass.
    gram_seconds_per_row : float
        Adding a row to XᵀX and Xᵀy (the normal equation's one pass).
    gradient_seconds_per_row : float
        A row's share of one full gradient Xᵀ(Xw − y) (gradient descent's pass,
        once a step).
    solve_seconds : float
        The p×p solve after the pass.
    """

    n_features: int
    rows: int
    gram_seconds_per_row: float
    gradient_seconds_per_row: float
    solve_seconds: float

    def normal_equation_seconds(self, n_samples) -> np.ndarray:
        """One pass over n rows, then the solve."""
        n = np.asarray(n_samples, dtype=float)
        return n * self.gram_seconds_per_row + self.solve_seconds

    def descent_seconds(self, n_samples, steps: int) -> np.ndarray:
        """`steps` passes over n rows."""
        n = np.asarray(n_samples, dtype=float)
        return steps * n * self.gradient_seconds_per_row


def time_tall_pass(
    n_features: int = 50,
    rows: int = 200_000,
    *,
    chunk_rows: int = 10_000,
    random_state: int = 0,
) -> TallPass:
    """Stream `rows` generated rows in chunks and time, per chunk, adding it to
    XᵀX and Xᵀy and taking its share of a gradient (making the data is not
    timed: a real pass reads it from disk instead)."""
    n_features = _check_whole("n_features", n_features)
    rows = _check_whole("rows", rows)
    chunk_rows = _check_whole("chunk_rows", chunk_rows)
    weights = np.full(n_features, 0.1)
    spent = {"gram": 0.0, "gradient": 0.0}

    def timed(chunks):
        """Each chunk to `one_pass_gram`, timing its work on it until it asks
        for the next one; then the chunk's share of a gradient, timed too."""
        gradient = np.zeros(n_features)
        for X_chunk, y_chunk in chunks:
            began = time.perf_counter()
            yield X_chunk, y_chunk
            middle = time.perf_counter()
            gradient += X_chunk.T @ (X_chunk @ weights - y_chunk)
            spent["gradient"] += time.perf_counter() - middle
            spent["gram"] += middle - began

    chunks = generated_chunks(rows, n_features, chunk_rows, random_state=random_state)
    gram, moment, _ = one_pass_gram(timed(chunks))
    began = time.perf_counter()
    scipy.linalg.cho_solve(scipy.linalg.cho_factor(gram), moment)
    solve_seconds = time.perf_counter() - began
    return TallPass(
        n_features,
        rows,
        spent["gram"] / rows,
        spent["gradient"] / rows,
        solve_seconds,
    )


def descent_steps_at_best(condition_number: float, epsilon: float) -> int:
    """Steps of gradient descent at η = 2/(μ_max + μ_min) that shrink the error
    by ε: each shrinks it by (κ − 1)/(κ + 1) along the worst direction."""
    if not condition_number >= 1 or not 0 < epsilon < 1:
        raise ValueError("condition_number must be ≥ 1 and epsilon in (0, 1).")
    if condition_number == 1:
        return 1
    factor = (condition_number - 1) / (condition_number + 1)
    return math.ceil(math.log(epsilon) / math.log(factor))


def _check_whole(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not float(value).is_integer() or value < minimum:
        raise ValueError(f"{name} must be a whole number ≥ {minimum}, got {value!r}.")
    return int(value)


def seconds_to_answer(race: Race, road: str) -> tuple[np.ndarray, np.ndarray]:
    """`road`'s (p, seconds to reach ε): measured where it reached ε, projected
    from its rate where it ran out of time, NaN where neither can be said."""
    runs = race.of(road)
    return (
        np.array([run.n_features for run in runs], dtype=float),
        np.array([run.projected_seconds for run in runs], dtype=float),
    )


def crossovers(race: Race, direct: str = "normal_equation") -> list[Crossover]:
    """Where each iterative road of `race` overtakes `direct`, over the sizes
    where both have seconds to the answer."""
    if direct not in race.roads:
        return []
    direct_at = dict(zip(*seconds_to_answer(race, direct), strict=True))
    found = []
    for road in race.roads:
        if road not in ITERATIVE:
            continue
        pairs = [
            (p, seconds, direct_at[p])
            for p, seconds in zip(*seconds_to_answer(race, road), strict=True)
            if p in direct_at and np.isfinite(seconds) and np.isfinite(direct_at[p])
        ]
        if pairs:
            p, road_seconds, direct_seconds = (
                np.array(c) for c in zip(*pairs, strict=True)
            )
            found.append(crossover(road, p, road_seconds, direct_seconds))
    return found


def fitted_lines(race: Race) -> dict[str, PowerLaw]:
    """Each road's power law through its seconds to the answer, for the roads
    with seconds at two sizes or more."""
    fits = {}
    for road in race.roads:
        p, seconds = seconds_to_answer(race, road)
        known = np.isfinite(seconds) & (seconds > 0)
        if np.unique(p[known]).size >= 2:
            fits[road] = power_law(p[known], seconds[known])
    return fits


def descent_passes(race: Race) -> int:
    """Passes over the data gradient descent needs at the race's κ and ε: the
    median of its measured steps where it reached ε, else what theory gives."""
    reached = [run.steps for run in race.of("gradient_descent") if run.reached]
    if reached:
        return int(np.median(reached))
    return descent_steps_at_best(race.condition_number, race.epsilon)
