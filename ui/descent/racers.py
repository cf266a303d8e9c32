"""The methods that race on the bowl ("Every road to w*"): each one's name, how
it is drawn (a dash and a marker, never colour alone), its settings computed
from the data, and its run by the Python solvers for the page's numbers.

The browser re-runs each entry with `static/descent_engine.js`; the page's table
comes from `solvers`, so both are the same method from the same start.
"""

from dataclasses import dataclass

import numpy as np

import solvers
from solvers.compare import REACH, distances, steps_to_reach
from solvers.descent import (
    DEFAULT_RANDOM_STATE,
    best_settings,
    steps_against_momentum,
    steps_to_converge,
)
from ui.descent.controls import MAX_ITER
from ui.frame import compute
from ui.frame.cache import memoize


@dataclass(frozen=True)
class Racer:
    """One method on the bowl.

    Attributes
    ----------
    key : str
        Its name in a link (``methods=gd,cg``).
    label : str
    method : str
        The engine's method (`solvers.engine.METHODS`).
    dash : str
        SVG stroke-dasharray of its path.
    symbol : str
        The marker at each drawn step: "circle", "square", "diamond",
        "triangle", "cross", "x" or "star".
    """

    key: str
    label: str
    method: str
    dash: str
    symbol: str


RACERS = (
    Racer("gd", "Gradient descent, best η", "gradient_descent", "", "circle"),
    Racer(
        "heavy_ball", "Heavy ball, best η and β", "gradient_descent", "9 5", "square"
    ),
    Racer("nesterov", "Nesterov, best η and β", "gradient_descent", "3 4", "diamond"),
    Racer("cg", "Conjugate gradient", "conjugate_gradient", "12 4 3 4", "triangle"),
    Racer("newton", "Newton's step", "newton", "2 3", "star"),
    Racer("sgd_constant", "SGD, constant η", "sgd", "1 4 6 4", "x"),
    Racer("sgd", "SGD, decaying η", "sgd", "1 5", "cross"),
)
BY_KEY = {racer.key: racer for racer in RACERS}
DEFAULT = ("gd", "heavy_ball")  # racing when a link names none
# SGD on the bowl: mini-batches of this many rows, a fixed seed (a rerun replays
# the same path) and its decaying step.
SGD_BATCH = 10
SGD_SEED = DEFAULT_RANDOM_STATE


def settings_for(racer: Racer, eigenvalues: np.ndarray, max_iter: int) -> dict:
    """The engine's settings for `racer` on a bowl of these curvatures: the best
    fixed η (and β) of `solvers.descent.best_settings`, SGD's first step 1/μ_max."""
    budget = {"maxIter": int(max_iter)}
    if racer.key in ("gd", "heavy_ball", "nesterov"):
        kind = {"gd": "gradient_descent", "heavy_ball": "heavy_ball"}.get(
            racer.key, "nesterov"
        )
        best = best_settings(eigenvalues, kind)
        return budget | {
            "learningRate": float(best.learning_rate),
            "momentum": float(best.momentum),
            "nesterov": racer.key == "nesterov",
        }
    if racer.method == "sgd":
        return budget | {
            "learningRate": float(1.0 / np.max(eigenvalues)),
            "momentum": 0.0,
            "batchSize": SGD_BATCH,
            "schedule": "decaying" if racer.key == "sgd" else "constant",
            "seed": SGD_SEED,
            # Its noise never lets the gradient shrink 10¹⁰-fold: run every step.
            "tol": 0.0,
        }
    return budget


def entries(chosen: list[str], eigenvalues: np.ndarray, max_iter: int) -> list[dict]:
    """The player's race: one entry per chosen racer, in `RACERS` order."""
    return [
        {
            "key": racer.key,
            "label": racer.label,
            "method": racer.method,
            "dash": racer.dash,
            "symbol": racer.symbol,
            "settings": settings_for(racer, eigenvalues, max_iter),
        }
        for racer in RACERS
        if racer.key in chosen
    ]


@memoize
def run(
    key: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    eigenvalues: tuple[float, ...],
    init: np.ndarray | None,
    standardize: bool,
    max_iter: int,
) -> solvers.DescentResult:
    """`key`'s run by the Python solvers, with the settings the browser gets."""
    racer = BY_KEY[key]
    settings = settings_for(racer, np.array(eigenvalues), max_iter)
    if racer.method == "newton":
        # Newton lands on w* whatever the scaling: it runs on the raw features.
        return solvers.newton(X, y, init=init)
    if racer.method == "conjugate_gradient":
        return solvers.conjugate_gradient(
            X, y, init=init, standardize=standardize, max_iter=max_iter
        )
    options = {
        "learning_rate": settings["learningRate"],
        "momentum": settings["momentum"],
        "max_iter": max_iter,
        "standardize": standardize,
        "init": init,
    }
    if racer.method == "sgd":
        options |= {
            "batch_size": settings["batchSize"],
            "schedule": settings["schedule"],
            "random_state": settings["seed"],
            "tol": settings["tol"],
        }
    else:
        options["nesterov"] = settings["nesterov"]
    return solvers.gradient_descent(X, y, **options)


def race(
    keys: list[str],
    data: solvers.Dataset,
    *,
    init: np.ndarray | None,
    standardize: bool,
    max_iter: int,
) -> dict[str, solvers.DescentResult]:
    """Each racer's `run` on `data` from `init`, by key, with the settings the
    browser gets (from the curvatures of the bowl drawn)."""
    eigenvalues = compute.curvatures(data.X, data.y, standardize=standardize)[0]
    return {
        key: run(
            key,
            data.X,
            data.y,
            eigenvalues=tuple(eigenvalues),
            init=init,
            standardize=standardize,
            max_iter=max_iter,
        )
        for key in keys
    }


@dataclass(frozen=True)
class Outcome:
    """One racer's result for the page's table."""

    label: str
    run: solvers.DescentResult
    reach: int | None
    distance_left: float


def outcomes(runs: dict, X: np.ndarray, optimum: np.ndarray, standardize: bool):
    """Each run's steps to `REACH` and the fraction of its start's distance to
    w* it has left, measured in the coordinates the bowl is drawn in.

    Parameters
    ----------
    runs : dict of str to DescentResult
        By racer key.
    X : ndarray
        The raw features.
    optimum : ndarray
        w* in the drawn coordinates.
    standardize : bool
        Whether the bowl is drawn on standardized features.
    """
    scaling = solvers.Standardization.fit(X) if standardize else None
    found = []
    for key, run in runs.items():
        path = run.weights_history
        path = scaling.to_standardized(path) if scaling else path
        distance = distances(path, optimum)
        found.append(
            Outcome(
                BY_KEY[key].label,
                run,
                steps_to_reach(path, optimum),
                float(distance[-1] / max(distance[0], 1e-300)),
            )
        )
    return found


@dataclass(frozen=True)
class MomentumCurves:
    """Fewest steps against β for heavy ball and Nesterov, and the theory's best."""

    momenta: np.ndarray
    heavy: np.ndarray
    nesterov: np.ndarray
    best: dict


@memoize
def momentum_curves(eigenvalues: tuple[float, ...]) -> MomentumCurves:
    """`solvers.descent.steps_against_momentum` on a grid of β, both kinds, with
    each kind's best (β*, steps at β*) marked."""
    mu = np.array(eigenvalues)
    momenta = np.linspace(0.0, 0.98, 50)
    curves = {
        nesterov: steps_against_momentum(
            mu, momenta, nesterov=nesterov, reduction=REACH
        )[0]
        for nesterov in (False, True)
    }
    best = {}
    for name, kind, nesterov in (
        ("heavy ball", "heavy_ball", False),
        ("Nesterov", "nesterov", True),
    ):
        settings = best_settings(mu, kind)
        count = steps_to_converge(
            mu, [settings.learning_rate], settings.momentum, REACH, nesterov
        )[0]
        best[name] = (settings.momentum, float(count))
    return MomentumCurves(momenta, curves[False], curves[True], best)


def valley_start(
    data: solvers.Dataset,
    optimum: np.ndarray,
    axes: tuple[int, int],
    standardize: bool,
) -> tuple[float, float]:
    """The race's start in the two plotted weights (drawn coordinates): far
    from w* along the slice's flat direction and a little off the valley floor,
    so that plain descent's zig-zag, momentum's swings and CG's few long steps
    all show.

    Parameters
    ----------
    data : solvers.Dataset
    optimum : ndarray
        w*, [intercept, coef…] in original units.
    axes : tuple of int
    standardize : bool
        Whether the bowl is drawn on standardized features.
    """
    values, vectors, _ = compute.curvatures(data.X, data.y, standardize=standardize)
    centre = compute.drawn_weights(data, optimum, standardize)
    index = list(axes)
    block = (vectors[index] * values) @ vectors[index].T  # the slice's 2×2 H
    flat, steep = np.linalg.eigh(block)[1].T  # ascending curvature
    reach = max(float(np.abs(centre[index]).max()), 1.0)
    point = centre[index] + reach * (flat + 0.15 * steep)
    return float(f"{point[0]:.4g}"), float(f"{point[1]:.4g}")


# Each lesson: what it shows, and the racers it sets running on the valley.
LESSONS = (
    ("Plain descent zig-zags across the valley and crawls along it", ("gd",)),
    (
        "Momentum rolls along the valley: about √κ times fewer steps",
        ("gd", "heavy_ball"),
    ),
    ("Nesterov: momentum that looks ahead before it steps", ("heavy_ball", "nesterov")),
    ("Conjugate gradient lands on w* in p + 1 steps", ("gd", "cg")),
    ("Newton's one step is the normal equation", ("gd", "newton")),
    ("SGD: a noise ball at a constant η, then a decaying η", ("sgd_constant", "sgd")),
)
LESSON_MAX_ITER = 3000  # enough for plain descent to land on the valley's floor


@dataclass(frozen=True)
class LessonNumbers:
    """What the lessons' captions quote, from the Python solvers' runs."""

    kappa: float
    settings: dict
    reach: dict
    distance_left: dict
    n_weights: int


# The valley the lessons fall back on when the sidebar's settings cannot make
# one with a unique w* (one feature, fewer samples than weights, …), as the
# sidebar's URL parameters.
FALLBACK = {"n": "100", "p": "2", "informative": "0", "rank": "0"}


def lessons(settings: dict) -> tuple[LessonNumbers, list[tuple[str, dict]]]:
    """The race's lessons on the valley preset with the sidebar's other
    `settings`: their numbers (every racer run from the lessons' start), and
    (what each shows, its URL parameters). Where the valley cannot take those
    settings, or has no unique w* with them, the lessons use `FALLBACK` and
    their links carry it."""
    try:
        return _lessons({**settings, "preset": "valley"}, {})
    except ValueError:  # solvers.SingularMatrixError included
        fallback = {"n_samples": 100, "n_features": 2}
        return _lessons({**settings, **fallback, "preset": "valley"} | _FULL, FALLBACK)


_FULL = {"n_informative": None, "effective_rank": None}


def _lessons(valley: dict, extra: dict):
    data = compute.generated_dataset(**valley)
    reference, _ = compute.reference_fit(data.X, data.y)
    axes = (1, 2)
    eigenvalues = compute.curvatures(data.X, data.y)[0]
    start = valley_start(data, reference.weights, axes, False)
    init = compute.initial_weights(
        data, reference, "zeros", standardize=False, clicked_start=start, axes=axes
    )
    runs = race(
        list(BY_KEY), data, init=init, standardize=False, max_iter=LESSON_MAX_ITER
    )
    found = dict(
        zip(BY_KEY, outcomes(runs, data.X, reference.weights, False), strict=True)
    )
    numbers = LessonNumbers(
        kappa=float(eigenvalues.max() / eigenvalues.min()),
        settings={key: settings_for(BY_KEY[key], eigenvalues, 1) for key in BY_KEY},
        reach={key: o.reach for key, o in found.items()},
        distance_left={key: o.distance_left for key, o in found.items()},
        n_weights=len(reference.weights),
    )
    links = [
        (
            label,
            {"preset": "valley", MAX_ITER.key: str(LESSON_MAX_ITER), **extra}
            | {f"race_{key}": "true" if key in chosen else "false" for key in BY_KEY},
        )
        for label, chosen in LESSONS
    ]
    return numbers, links
