"""The descent player: the cost bowl with the descent path animated over it and
the convergence chart, drawn in the browser by ``descent_player.js``.

The browser re-runs the descent itself (``descent_engine.js``: full-batch, or
SGD from the solver's own sample order) whenever η, β, the number of steps or
the start point change (a click on the bowl), so the path redraws at once; in a
race it re-runs every chosen method. It sends the new settings back; the next
server run repeats the descent with `solvers` for the page's numbers, so the
weights on the page are always the solver's.
"""

import hashlib
from pathlib import Path

import numpy as np
import streamlit as st

import solvers
from figures import style
from figures.descent import (
    STANDARDIZED_NOTE,
    describe_outcome,
    describe_run,
    describe_status,
)
from solvers import engine
from solvers.descent import (
    DEFAULT_RANDOM_STATE,
    best_settings,
    curvature_range,
    descent_quadratic,
    steps_to_converge,
)
from ui.descent.controls import (
    CLICKED_START,
    LEARNING_RATE,
    MAX_ITER,
    MOMENTUM,
    ChosenRun,
)
from ui.frame import charts, compute, exports
from ui.frame.compute import DescentView
from ui.frame.controls import hold

_STATIC = Path(__file__).resolve().parents[2] / "static"
_BROWSER_FILES = ("descent_engine.js", "descent_player.js")
# The player's code is two files the browser fetches once and caches (Streamlit's
# static serving, `server.enableStaticServing`): the engine's numbers
# (static/descent_engine.js, also tested alone under Node), then the drawing and
# playback that use them. The component itself is this loader of a few hundred
# bytes, so a rerun that redraws the player sends its data and not its code. The
# files' digest in their address makes a changed file a new address.
_VERSION = hashlib.blake2b(
    b"".join((_STATIC / name).read_bytes() for name in _BROWSER_FILES),
    digest_size=6,
).hexdigest()
_LOADER = f"""
const folder = new URL("app/static/", document.baseURI);
const modules = Promise.all(
  {list(_BROWSER_FILES)!r}.map(
    (name) => import(new URL(`${{name}}?v={_VERSION}`, folder).href)
  )
);
export default function (component) {{
  modules.then(
    ([engine, player]) => player.mount(component, engine),
    () => {{
      component.parentElement.textContent =
        "The chart's script did not load: reload the page to try again.";
    }},
  );
}}
"""
_PLAYER = st.components.v2.component(
    "descent_player",
    css=(_STATIC / "descent_player.css").read_text(encoding="utf-8"),
    js=_LOADER,
)
# Each racer's colour, light and dark theme (its dash and marker tell it apart
# without colour).
RACE_COLORS = {
    "gd": [style.DESCENT, style.SKY],
    "heavy_ball": [style.PURPLE, style.PURPLE],
    "nesterov": [style.GREEN, style.GREEN],
    "cg": [style.LINE_ORANGE, style.ORANGE],
    "newton": [style.CLOSED_FORM, style.VERMILLION],
    "sgd_constant": [style.GREY, "#AAAAAA"],
    "sgd": [style.BLACK, "#DDDDDD"],
}
# The player's settings under the names the browser gives them (its engine takes
# them as they are: static/descent_engine.js), each with the control that holds
# it on the page; a control's `key` is its URL key. The one map between the two.
_SETTINGS = {
    "learningRate": LEARNING_RATE,
    "momentum": MOMENTUM,
    "maxIter": MAX_ITER,
    "clickedStart": CLICKED_START,
}
# Session state: for each player, the settings its browser holds, and the
# generation of the settings sent to it (`_generation`).
_HELD = "descent_player_held"
_GENERATIONS = "descent_player_generations"


def payload(
    view: DescentView,
    run: solvers.DescentResult,
    *,
    key: str,
    max_iter: int,
    explore: bool,
    presenter: bool,
    clicked_start: tuple[float, float] | None = None,
    home: np.ndarray | None = None,
    race: list[dict] | None = None,
    batch_size: int | None = None,
) -> dict:
    """What the browser needs to redraw `run` and to re-run it with new settings.

    Parameters
    ----------
    view : DescentView
        The run as drawn, in the coordinates it ran in.
    run : solvers.DescentResult
    key : str
        The chart's name on the page (tests and benchmarks find it by this).
    max_iter : int
        The step budget the run was given.
    explore : bool
        Show η, β and steps on the chart and let a click choose the start.
    presenter : bool
    clicked_start : tuple of float, optional
        The plotted weights of a start point chosen on the chart (the run
        started there: it is ``view.path[0]``).
    home : ndarray of shape (n_params,), optional
        The start in the drawn coordinates before any click (the lesson's
        start); by default ``view.path[0]``. The bowl's frame is chosen from it
        (`home_frame`), so that a click, η, β or the steps never move the frame.
    race : list of dict, optional
        Methods to race from the same start instead of the one steerable run
        (`ui.descent.racers.entries`): each drawn with its own dash, marker and colour.
    batch_size : int, optional
        The steerable run is SGD with mini-batches of this size (`show`).
    """
    problem = descent_quadratic(view.X, view.y)
    eigenvalues, eigenvectors, _ = compute.curvatures(view.X, view.y)
    axes = [int(a) for a in view.surface.axes]
    home = view.path[0] if home is None else np.asarray(home, dtype=float)
    frame = home_frame(eigenvalues, eigenvectors, home, view.optimum, axes)
    data = {
        "key": key,
        "explore": explore,
        "presenter": presenter,
        "label": "Gradient descent over the cost bowl in "
        + " and ".join(view.axis_titles),
        # H = V diag(μ) Vᵀ: in H's eigenvector coordinates each step of descent
        # is k independent scalar recurrences, so the browser re-runs 20,000
        # steps on 50 features in milliseconds (static/descent_engine.js).
        "problem": engine.problem_payload(
            problem,
            rows=bool(batch_size)
            or any(entry["method"] == "sgd" for entry in race or ()),
            eigen=(eigenvalues, eigenvectors),
        ),
        "constants": engine.constants(),
        "contour_floor": style.CONTOUR_FLOOR,
        "race": race,
        # SGD's own settings (the rest is η, β and the steps): the solver's
        # default seed, so the browser replays the server's sample order.
        "sgd": {
            "batchSize": int(batch_size),
            "seed": DEFAULT_RANDOM_STATE,
            "schedule": "constant",
        }
        if batch_size
        else None,
        "optimum": view.optimum.tolist(),
        "start": view.path[0].tolist(),
        "axes": axes,
        "titles": list(view.axis_titles),
        # said after the summary under the chart, which gives coordinates
        "units_note": STANDARDIZED_NOTE if run.standardization else "",
        "frame": frame,
        "mu_max": run.max_curvature,
        "limits": {
            name: [spec.min_value, spec.max_value]
            for name, spec in _SETTINGS.items()
            if spec is not CLICKED_START
        },
        "settings": {
            "learningRate": run.learning_rate,
            "momentum": run.momentum,
            "maxIter": int(max_iter),
            "clickedStart": None
            if clicked_start is None
            else [float(v) for v in clicked_start],
        },
        "colors": {
            "heat": style.COST_SCALE,
            "heat_dark": style.COST_SCALE_DARK,
            "path": style.DESCENT,
            "path_dark": style.SKY,
            "optimum": style.CLOSED_FORM,
            "race": RACE_COLORS,
        },
        "steps_curve": _steps_curve(eigenvalues, run),
    }
    # The problem itself: when it changes (other data, standardized or not), the
    # browser takes the server's settings even if it has unsent ones.
    data["signature"] = hashlib.blake2b(
        repr(
            (data["problem"]["eigenvectors"], data["problem"]["moment"], axes)
        ).encode(),
        digest_size=8,
    ).hexdigest()
    return data


def home_frame(
    eigenvalues: np.ndarray,
    eigenvectors: np.ndarray,
    home: np.ndarray,
    optimum: np.ndarray,
    axes: list[int],
    *,
    margin: float = 0.25,
) -> dict:
    """The bowl's square frame in the two plotted weights: the path descent at
    η = 1/μ_max takes from `home` to `optimum`, with `margin` of its span around.

    It depends on the data and the start only, never on η, β, the steps or a
    clicked start, so the picture stays put while a student explores; the
    browser widens it when a path leaves it.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
        H's eigenvalues μ.
    eigenvectors : ndarray of shape (n_params, n_params)
        H's eigenvectors, as columns.
    home, optimum : ndarray of shape (n_params,)
    axes : list of int
        The two plotted weights.

    Returns
    -------
    dict
        ``{"x": [low, high], "y": [low, high]}``, both spans equal.

    Notes
    -----
    At η = 1/μ_max the error along each eigenvector shrinks by 1 − μᵢ/μ_max ∈
    [0, 1) a step, with no overshoot: wₜ = w* + V diag((1 − μ/μ_max)ᵗ) Vᵀ(w₀ − w*),
    sampled here at every early step and geometrically spaced later ones.
    """
    mu_max = max(float(np.max(eigenvalues)), 1e-300)
    shrink = np.clip(1 - np.asarray(eigenvalues) / mu_max, 0.0, 1.0)
    steps = np.unique(np.concatenate([np.arange(64), np.geomspace(64, 1e8, 160)]))
    error = eigenvectors.T @ (home - optimum)
    plotted = eigenvectors[axes]
    points = optimum[axes] + (shrink[None, :] ** steps[:, None] * error) @ plotted.T
    points = np.vstack([points, optimum[axes]])
    low, high = points.min(axis=0), points.max(axis=0)
    middle = (low + high) / 2
    span = float(np.max(high - low))
    half = (1 + 2 * margin) * span / 2 if span > 0 else 1 + float(np.abs(middle).max())
    return {
        "x": [float(middle[0] - half), float(middle[0] + half)],
        "y": [float(middle[1] - half), float(middle[1] + half)],
    }


def drawn_start(run: solvers.DescentResult, init: np.ndarray | None) -> np.ndarray:
    """A start given in original units (None: all zeros) in the coordinates the
    run is drawn in (standardized when the run was)."""
    n_params = run.weights_history.shape[1]
    start = np.zeros(n_params) if init is None else np.asarray(init, dtype=float)
    scaling = run.standardization
    return scaling.to_standardized(start)[0] if scaling else start


def _steps_curve(eigenvalues: np.ndarray, run: solvers.DescentResult) -> dict:
    """Steps for the error to shrink a million times against η (null where it
    never does), with the landmark values of η, for the chart beside the bowl."""
    mu_min, mu_max = curvature_range(eigenvalues)
    rates = np.geomspace(run.stability_limit * 1e-3, run.stability_limit * 1.25, 160)
    steps = steps_to_converge(eigenvalues, rates, run.momentum, reduction=1e-6)
    marks = [
        ["1/μ_max", 1 / mu_max],
        ["2/(μ_max+μ_min)", 2 / (mu_max + mu_min)],
        [f"limit {run.stability_formula}", run.stability_limit],
    ]
    return {
        "learning_rates": rates.tolist(),
        "steps": _json_numbers(steps),
        "marks": marks,
        "momentum": run.momentum,
    }


def show(
    view: DescentView,
    run: solvers.DescentResult,
    *,
    key: str,
    file_name: str | None = None,
    words: str | None = None,
    **player,
) -> None:
    """Mount the player for `run` (`mount`, with the keyword arguments
    `player`), then its summary and trajectory (`describe`, with `file_name`
    and `words`)."""
    mount(view, run, key=key, **player)
    describe(view, run, key=key, file_name=file_name, words=words)


def mount(
    view: DescentView,
    run: solvers.DescentResult,
    *,
    key: str,
    presenter: bool,
    explore: bool = False,
    max_iter: int,
    clicked_start: tuple[float, float] | None = None,
    batch_size: int | None = None,
    home: np.ndarray | None = None,
    race: list[dict] | None = None,
    rerun_fragment: str | None = None,
) -> None:
    """Mount the player for `run`.

    Parameters
    ----------
    view, run, key, presenter, explore, max_iter, clicked_start, home, race
        As in `payload`.
    batch_size : int, optional
        The run used mini-batches of this many samples (SGD, with the solver's
        default seed and a constant η): the browser re-runs it from the same
        sample order, so it redraws at once like full-batch descent.
    rerun_fragment : str, optional
        The key of the page's fragment that a change on the player reruns.

    Notes
    -----
    With `rerun_fragment`, a change the student makes on the player (η, β,
    the steps, the start) reruns only that fragment of the page (`st.rerun`
    with its key), not the page and not the player: the player already drew
    the change, and the fragment gives the page's numbers for it.
    """
    data = payload(
        view,
        run,
        key=key,
        max_iter=max_iter,
        explore=explore,
        presenter=presenter,
        clicked_start=clicked_start,
        home=home,
        race=race,
        batch_size=batch_size,
    )
    data["generation"] = _generation(key, data["settings"])
    _PLAYER(
        key=key,
        data=data,
        on_settings_change=(lambda: adopt(key, rerun_fragment)) if explore else None,
    )


def mount_chosen(
    chosen: ChosenRun,
    *,
    key: str,
    presenter: bool,
    rerun_fragment: str | None = None,
) -> None:
    """`mount` the steerable player of the run the page's settings chose
    (`ui.descent.controls.chosen_run`)."""
    mount(
        chosen.view,
        chosen.run,
        key=key,
        presenter=presenter,
        explore=True,
        max_iter=chosen.max_iter,
        clicked_start=chosen.clicked_start,
        batch_size=chosen.options["batch_size"] if chosen.minibatch else None,
        home=drawn_start(chosen.run, chosen.home),
        rerun_fragment=rerun_fragment,
    )


def describe(
    view: DescentView,
    run: solvers.DescentResult,
    *,
    key: str,
    file_name: str | None = None,
    words: str | None = None,
) -> None:
    """The player's chart in words and its trajectory as a CSV (`ui.frame.charts`).

    Parameters
    ----------
    view, run, key
        As in `payload`.
    file_name : str, optional
        The trajectory CSV's name; by default the key's.
    words : str, optional
        The chart in words, instead of `run`'s (a race describes every racer).
    """
    charts.describe(
        words
        or describe_run(
            view.path,
            view.optimum,
            run.cost_history,
            axis_titles=view.axis_titles,
            axes=view.surface.axes,
            learning_rate=run.learning_rate,
            message=describe_outcome(run),
            standardized=run.standardization is not None,
        ),
        key=key,
        numbers=lambda: exports.trajectory_table(run, view.names),
        file_name=file_name,
    )


def _generation(key: str, settings: dict) -> int:
    """The generation of the settings sent to player `key`.

    The browser takes the data's settings when the player first appears or its
    problem changes, and otherwise only when their generation is new: settings
    the server chose (a link, a step count cut to fit, a value refused, a box
    in predict mode) are a new generation; settings the browser holds already
    (the η it just moved to, adopted by `adopt`) are not, so that an answer
    arriving late never pulls the sliders back.
    """
    generations = st.session_state.setdefault(_GENERATIONS, {})
    held = st.session_state.setdefault(_HELD, {})
    if key not in generations or _comparable(held.get(key)) != _comparable(settings):
        generations[key] = generations.get(key, 0) + 1
        held[key] = settings
    return generations[key]


def _comparable(settings) -> object:
    """Settings as plain numbers, to compare what the browser sent with the run's."""
    if not isinstance(settings, dict):
        return None
    try:
        clicked_start = settings["clickedStart"]
        return (
            float(settings["learningRate"]),
            float(settings["momentum"]),
            int(settings["maxIter"]),
            None if clicked_start is None else tuple(float(v) for v in clicked_start),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _json_numbers(values: np.ndarray) -> list:
    """Floats for JSON, with null where a diverging run overflowed."""
    return [float(v) if np.isfinite(v) else None for v in values]


def adopt(key: str, rerun_fragment: str | None = None) -> None:
    """The chart's settings callback: keep what the browser chose (and put it in
    the link), so that this run's numbers are those of the path on screen. Each
    value is checked by `hold` (`ui.frame.controls.from_browser`): one a client
    forged is ignored and the previous one kept. With `rerun_fragment`, only
    that fragment of the page reruns (`mount`)."""
    state = st.session_state.get(key) or {}
    settings = state.get("settings") if hasattr(state, "get") else None
    if not isinstance(settings, dict):
        return
    for name, spec in _SETTINGS.items():
        if name in settings:
            hold(spec, settings[name])
    st.session_state.setdefault(_HELD, {})[key] = settings
    if rerun_fragment:
        st.rerun(rerun_fragment)


def compare_scaling(
    data: solvers.Dataset,
    reference: solvers.LinearFit,
    axes: tuple[int, int],
    *,
    max_iter: int,
    presenter: bool,
    init: np.ndarray | None = None,
    share: float = 0.95,
) -> None:
    """Two players side by side from the same start `init` (original units), for
    the same steps: descent on the raw features at `share` of its stability
    limit (it bounces across the valley), and on the standardized features at
    its best fixed η, 2/(μ_max + μ_min), where it walks straight in."""
    columns = st.columns(2, gap="large")
    for column, standardize in zip(columns, (False, True), strict=True):
        if standardize:
            eigenvalues = compute.curvatures(data.X, data.y, standardize=True)[0]
            rate = best_settings(eigenvalues, "gradient_descent").learning_rate
        else:
            rate = share * compute.descent(data.X, data.y, max_iter=1).stability_limit
        run = compute.descent(
            data.X,
            data.y,
            learning_rate=rate,
            max_iter=max_iter,
            standardize=standardize,
            init=init,
        )
        view = compute.descent_view(data, run, reference, axes)
        with column:
            st.markdown(
                f"**{'Standardized' if standardize else 'Raw'} features**: "
                f"η = {run.learning_rate:.3g}, {run.n_iter} steps, "
                f"{describe_status(run.status)}."
            )
            show(
                view,
                run,
                key=f"compare_{'standardized' if standardize else 'raw'}",
                presenter=presenter,
                max_iter=max_iter,
            )
