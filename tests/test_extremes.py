"""Hostile and extreme settings: every control at its limits, on every page, alone
and in combination, must give a result or a clear message, never a traceback.

Values go in through the URL, as a hand-edited lesson link would send them. The
controls of each page are read from the app itself (every rendered control
registers its spec in ``st.session_state["rendered_controls"]``), so a new control
on a page is pushed to its limits without editing this file. Each run is bounded
by AppTest's timeout: a hang guard, not a speed assertion.

Every chart is also checked the way a browser would read it: strict JSON (no NaN
or Infinity tokens), no infinite values in its binary arrays, and no axis range
or autoscaled data beyond ±1e15, even when a descent diverges; as a student who
cannot tell its colours apart would read it: no two series in its legend that
differ in colour alone; and as a screen reader would: every chart followed by its
summary in words, with numbers in it.
"""

import base64
import functools
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies
from streamlit.testing.v1 import AppTest

from tests import apptest
from tests.plotly_json import plotly_array
from ui.descent.controls import (
    BATCH,
    CLICKED_START,
    LEARNING_RATE,
    MAX_ITER,
    MOMENTUM,
    START,
)
from ui.frame import charts, dataset, upload
from ui.frame.controls import RENDERED, Number, Point, Toggle
from ui.frame.navigation import PAGES

RUN_TIMEOUT = 20  # seconds per script run: far above any sane run, below a hang
AXIS_LIMIT = 1e15  # a diverging run reaches 1e100s; real data (Pontius x²) 1e13
SCRIPTS = [spec.script for spec in PAGES]
GD_PAGE = "pages/gradient_descent.py"
OWN_DATA_PAGES = ("pages/theory.py", "pages/timing.py")  # they ignore the dataset


def _ends(spec: Number) -> tuple[str, str]:
    return str(spec.min_value), str(spec.max_value)


N_LOW, N_HIGH = _ends(dataset.N_SAMPLES)
P_LOW, P_HIGH = _ends(dataset.N_FEATURES)
NOISE_LOW, NOISE_HIGH = _ends(dataset.NOISE)
BIAS_LOW, BIAS_HIGH = _ends(dataset.BIAS)
INF_LOW, INF_HIGH = _ends(dataset.N_INFORMATIVE)
RANK_LOW, RANK_HIGH = _ends(dataset.RANK)
SEED_LOW, SEED_HIGH = _ends(dataset.SEED)
# Corners of the sidebar's data settings: the smallest problem, more features than
# samples with a rank-1 X, the largest problem, and one feature with all the noise.
CORNERS = {
    "n=1,p=1": dict(
        n=N_LOW, p=P_LOW, noise=NOISE_LOW, bias=BIAS_LOW, informative=INF_LOW,
        rank=RANK_LOW, seed=SEED_HIGH,
    ),
    "n=1,p=max,rank=1": dict(
        n=N_LOW, p=P_HIGH, noise=NOISE_HIGH, bias=BIAS_HIGH, informative=INF_HIGH,
        rank="1", seed=SEED_LOW,
    ),
    "n=max,p=max": dict(
        n=N_HIGH, p=P_HIGH, noise=NOISE_LOW, bias=BIAS_HIGH, informative="1",
        rank=RANK_HIGH, seed=SEED_HIGH,
    ),
    "n=max,p=1,noise=max": dict(
        n=N_HIGH, p=P_LOW, noise=NOISE_HIGH, bias=BIAS_LOW, informative=INF_HIGH,
        rank="1", seed=SEED_LOW,
    ),
}  # fmt: skip


DATA_KEYS = {
    spec.key
    for spec in (
        dataset.PRESET,
        dataset.N_SAMPLES,
        dataset.N_FEATURES,
        dataset.NOISE,
        dataset.BIAS,
        dataset.N_INFORMATIVE,
        dataset.RANK,
        dataset.SEED,
    )
}


def run_page(page: str, **query: str) -> AppTest:
    """Open `page` from a link carrying `query` and `check` it. Like the
    `open_page` fixture, with a tighter timeout."""
    at = apptest.run_page(page, RUN_TIMEOUT, **query)
    check(at, f"{page}?{'&'.join(f'{k}={v}' for k, v in query.items())}")
    return at


def check(at: AppTest, context: str, axis_limit: float = AXIS_LIMIT) -> None:
    """No exception, a result or a message, and charts a browser can draw (no
    autoscaled value beyond `axis_limit`: uploaded data may reach far higher)."""
    assert not at.exception, (context, [e.value for e in at.exception])
    assert at.title, f"{context}: the page wrote nothing"
    shown = [
        at.get("plotly_chart"),
        at.get("bidi_component"),
        at.error,
        at.warning,
        at.info,
        at.success,
    ]
    shown += [at.dataframe, at.metric, at.latex, at.radio]  # radio: a question
    assert any(len(kind) for kind in shown), f"{context}: no result and no message"
    for chart in at.get("plotly_chart"):
        problems = figure_problems(chart.proto.spec, axis_limit)
        assert not problems, (context, problems)
    problems = words_problems(at)
    assert not problems, (context, problems)
    for key, player in apptest.players(at).items():  # strict JSON, or it raises
        frame = player["frame"]["x"] + player["frame"]["y"]
        assert all(math.isfinite(v) and abs(v) < axis_limit for v in frame), (
            context,
            key,
            frame,
        )


def press_every_button(page: str, query: dict) -> None:
    """Press each button of the page once, each in a fresh session at `query`,
    after answering any question left open (predict-first mode)."""
    context = f"{page}?{'&'.join(f'{k}={v}' for k, v in query.items())}"

    def answered() -> AppTest:
        at = run_page(page, **query)
        for radio in at.radio:
            if radio.value is None:
                radio.set_value(radio.options[0])
        at.run()
        check(at, f"{context} after answering")
        return at

    for i in range(len(answered().button)):
        at = answered()
        button = at.button[i]
        if not button.disabled:
            button.click().run()
            check(at, f"{context} after pressing {button.label!r}")


@functools.cache
def frame_controls() -> frozenset[str]:
    """Keys of the controls app.py renders around every page (the sidebar)."""
    return frozenset(controls(run_page(SCRIPTS[0])))


def controls(at: AppTest) -> dict:
    """The specs of the controls the last run rendered, by URL key."""
    return dict(at.session_state[RENDERED])


def extremes(spec) -> list[str]:
    """The URL values that push a control to its limits."""
    if isinstance(spec, Number):
        return [str(spec.min_value), str(spec.max_value)]
    if isinstance(spec, Toggle):
        return ["false", "true"]
    if isinstance(spec, Point):
        return [f"{-spec.limit:g},{spec.limit:g}", "0,0"]
    if all(isinstance(o, int | float) for o in spec.options):
        return [str(min(spec.options)), str(max(spec.options))]
    return [str(option) for option in spec.options]


# ---------------------------------------------------------------- figure checks


def figure_problems(spec: str, axis_limit: float = AXIS_LIMIT) -> list[str]:
    """What a browser would choke on or draw as garbage in this figure JSON."""

    def no_constant(token):
        raise ValueError(f"non-JSON token {token}")

    try:
        figure = json.loads(spec, parse_constant=no_constant)
    except ValueError as error:
        return [str(error)]
    problems = colour_alone(figure)
    for path, values in _arrays(figure):
        if np.isinf(values).any():
            problems.append(f"infinite value in {path}")
    layout = figure.get("layout", {})
    for name, axis in layout.items():
        if not (name[:5] in ("xaxis", "yaxis") and isinstance(axis, dict)):
            continue
        ends = [v for v in axis.get("range") or [] if isinstance(v, int | float)]
        if any(not math.isfinite(v) or abs(v) > axis_limit for v in ends):
            problems.append(f"{name}.range = {axis['range']}")
    for trace in figure.get("data", []):
        for letter in "xy":
            anchor = trace.get(f"{letter}axis", letter)
            axis = layout.get(f"{letter}axis{anchor[1:]}", {})
            if axis.get("range") or axis.get("type") in ("log", "category", "date"):
                continue  # fixed axes clip; log axes show any magnitude honestly
            values = _numbers(trace.get(letter))
            finite = values[np.isfinite(values)]
            if finite.size and np.abs(finite).max() > axis_limit:
                problems.append(
                    f"{trace.get('name') or trace.get('type')}: autoscaled {letter} "
                    f"up to {np.abs(finite).max():.3g}"
                )
    return problems


def colour_alone(figure: dict) -> list[str]:
    """Pairs of series in the legend that look alike but for their colour."""
    if figure.get("layout", {}).get("showlegend") is False:
        return []
    seen = {}
    problems = []
    for trace in figure.get("data", []):
        kind = trace.get("type", "scatter")
        if trace.get("showlegend") is False or kind in ("heatmap", "contour"):
            continue
        look = [kind, trace.get("fill")]
        mode = trace.get("mode", "markers" if kind != "bar" else "")
        if "lines" in mode:
            look.append(("line", trace.get("line", {}).get("dash", "solid")))
        if "markers" in mode:
            look.append(("marker", trace.get("marker", {}).get("symbol", "circle")))
        if "text" in mode:  # labelled on the chart itself
            look.append(("text", repr(trace.get("text"))))
        if kind == "bar":
            look.append(trace.get("marker", {}).get("pattern", {}).get("shape", ""))
        look = repr(look)
        if look in seen:
            problems.append(
                f"{seen[look]!r} and {trace.get('name')!r} differ in colour alone"
            )
        seen[look] = trace.get("name")
    return problems


def words_problems(at: AppTest) -> list[str]:
    """Charts without their summary in words (`ui.frame.charts`), or a summary with no
    number in it."""
    drawn = len(at.get("plotly_chart")) + len(apptest.players(at))
    words = [e for e in at.expander if e.label == charts.LABEL]
    problems = []
    if len(words) != drawn:
        problems.append(f"{drawn} charts, {len(words)} summaries")
    for expander in words:
        text = " ".join(m.value for m in expander.markdown)
        if not any(c.isdigit() for c in text):
            problems.append(f"a summary without numbers: {text!r}")
    return problems


def _numbers(value) -> np.ndarray:
    if isinstance(value, dict) and "bdata" in value:
        return plotly_array(value).ravel()
    if isinstance(value, list):
        numbers = [v for v in value if isinstance(v, int | float)]
        if len(numbers) == len(value):
            return np.asarray(numbers, dtype=float)
    return np.empty(0)


def _arrays(node, path="figure"):
    """Every binary array in the JSON tree, decoded, with where it is."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            yield path, plotly_array(node).astype(float)
            return
        for key, child in node.items():
            yield from _arrays(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _arrays(child, f"{path}[{i}]")


def test_figure_problems_catches_what_it_should():
    good = json.dumps({"data": [{"type": "scatter", "x": [1, 2], "y": [1, None]}]})
    assert figure_problems(good) == []
    assert figure_problems('{"data": [{"y": [NaN]}]}')
    inf = base64.b64encode(np.array([1.0, np.inf]).tobytes()).decode()
    assert figure_problems(json.dumps({"z": {"dtype": "f8", "bdata": inf}}))
    wide = {"layout": {"xaxis": {"range": [0, 1e300]}}}
    assert figure_problems(json.dumps(wide))
    huge = {"data": [{"type": "scatter", "x": [0], "y": [1e200]}]}
    assert figure_problems(json.dumps(huge))
    on_log_axis = {**huge, "layout": {"yaxis": {"type": "log"}}}
    assert figure_problems(json.dumps(on_log_axis)) == []


# ---------------------------------------------------------------- the app


@pytest.mark.parametrize("page", SCRIPTS)
def test_data_corners_on_every_page(page):
    """Each corner of the data settings on each page, the presets rotating like a
    Latin square: every page meets four presets, every corner all five."""
    presets = dataset.PRESET.options
    offset = SCRIPTS.index(page)
    for i, corner in enumerate(CORNERS.values()):
        run_page(page, preset=presets[(offset + i) % len(presets)], **corner)


@pytest.mark.parametrize("page", SCRIPTS)
def test_every_page_control_at_its_limits(page):
    """The page's own controls all at their minimum, all at their maximum, and
    each option of each choice, on the default data and on the hostile corners;
    then every button pressed at both ends. Controls that a first setting reveals
    (a stepper, axis pickers) join in."""
    frame = frame_controls()
    own = {k: s for k, s in controls(run_page(page)).items() if k not in frame}
    if not own:
        return  # nothing of its own: test_data_corners_on_every_page covers it
    tried, interactive = set(), {}
    while True:
        low = {key: extremes(spec)[0] for key, spec in own.items()}
        high = {key: extremes(spec)[-1] for key, spec in own.items()}
        queries = [low, high] + [
            {**high, key: value}
            for key, spec in own.items()
            for value in extremes(spec)[:-1]
            if isinstance(spec, Toggle) or value != extremes(spec)[0]
        ]  # a toggle off at a time: one mode can hide another (predict, stepper)
        revealed = {}
        for query in queries:
            if tuple(query.items()) in tried:
                continue
            tried.add(tuple(query.items()))
            at = run_page(page, **query)
            revealed |= controls(at)
            questions = [r.label for r in at.radio if r.value is None]
            buttons = tuple(b.label for b in at.button) + tuple(questions)
            if buttons:  # the first settings that show these buttons
                interactive.setdefault(buttons, query)
        new = {k: s for k, s in revealed.items() if k not in frame and k not in own}
        if not new:
            break
        own |= new
    for corner in ("n=1,p=1", "n=1,p=max,rank=1"):
        for query in (low, high):
            run_page(page, **CORNERS[corner], **query)
    for query in interactive.values():
        press_every_button(page, query)


@pytest.mark.parametrize("page", SCRIPTS)
def test_every_frame_option(page):
    """Each option of the frame's other choices (data sources) and toggles
    (presenter mode), with the data settings at their largest."""
    at = run_page(SCRIPTS[0])
    for key, spec in controls(at).items():
        if key in DATA_KEYS:
            continue  # pushed to their limits by test_data_corners_on_every_page
        if key == upload.SOURCE.key and page in OWN_DATA_PAGES:
            # These pages draw their own examples whatever the source: one other
            # source shows that the sidebar's choice does not upset them.
            values = [str(upload.SOURCE.options[1])]  # the first shipped sample
        else:
            values = [v for v in extremes(spec) if v != str(spec.default).lower()]
        for value in values:
            run_page(page, **{key: value}, n=N_HIGH, p=P_HIGH)


DESCENT = {
    spec.key: extremes(spec)
    for spec in (LEARNING_RATE, MAX_ITER, MOMENTUM, START, CLICKED_START)
}
DESCENT[BATCH.key] = [*extremes(BATCH), "1"]
DESCENT["standardize"] = ["false", "true"]


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    data=strategies.sampled_from([*CORNERS.values(), {}]),
    preset=strategies.sampled_from(dataset.PRESET.options),
    descent=strategies.fixed_dictionaries(
        {k: strategies.sampled_from(v) for k, v in DESCENT.items()}
    ),
)
@example(  # the fastest blow-up: largest step, most momentum, one sample per step
    data={}, preset="badly_scaled",
    descent=dict(lr="10.0", iters="50000", momentum="0.95", batch="1",
                 start="mirror", standardize="false", **{"from": "-1e9,1e9"}),
)  # fmt: skip
@example(  # the longest crawl: smallest step, every iteration, largest data
    data=CORNERS["n=max,p=max"], preset="collinear",
    descent=dict(lr="1e-06", iters="50000", momentum="0.95", batch="2000",
                 start="mirror", standardize="true", **{"from": "0,0"}),
)  # fmt: skip
@example(  # a single sample and a single step
    data=CORNERS["n=1,p=1"], preset="wide",
    descent=dict(lr="10.0", iters="1", momentum="0.0", batch="1",
                 start="zeros", standardize="true", **{"from": "0,0"}),
)  # fmt: skip
def test_descent_settings_in_combination(data, preset, descent):
    run_page(GD_PAGE, preset=preset, **data, **descent)


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("n", "-5", dataset.N_SAMPLES.min_value),
        ("n", "1e9", dataset.N_SAMPLES.max_value),
        ("p", "1e300", dataset.N_FEATURES.max_value),
        ("noise", "-1", dataset.NOISE.min_value),
        ("bias", "-1e308", dataset.BIAS.min_value),
        ("seed", "1e30", dataset.SEED.max_value),
        ("iters", "1e12", MAX_ITER.max_value),
        ("momentum", "2", MOMENTUM.max_value),
        ("batch", "-3", BATCH.min_value),
        ("lr", "1e9", LEARNING_RATE.max_value),
        ("lr", "1e-300", LEARNING_RATE.min_value),
    ],
)
def test_values_beyond_the_limits_are_clamped(key, raw, expected):
    at = run_page(GD_PAGE, **{key: raw})
    assert at.session_state[key] == pytest.approx(expected)
    assert any("The link" in info.value for info in at.info)
