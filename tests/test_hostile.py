"""Fuzzing what a user can send: lesson-link values for every control the app
registers, and the hostile CSV corpus (tests/hostile_csv.py) uploaded on every
page that uses the data. Any traceback, any hang (AppTest's timeout) and any
"nan" or "inf" shown where a number was meant fails.

The corpus is also read file by file without the app: reading ends in a table
or a `TableError`, never another exception.
"""

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tables
from tests import apptest
from tests.hostile_csv import corpus
from tests.test_extremes import SCRIPTS, check, controls
from ui.descent.controls import CLICKED_START, LEARNING_RATE, MAX_ITER, MOMENTUM
from ui.frame import upload
from ui.frame.controls import from_browser

HANG = 20  # seconds for one script run: a hang guard, not a speed assertion
# Uploaded values reach the app's limit (1e50), and XᵀX or Xᵀy its square; beyond
# this a chart's axis is garbage.
UPLOAD_AXIS_LIMIT = 1e120
DATA_PAGES = [
    s
    for s in SCRIPTS
    if s not in ("pages/theory.py", "pages/timing.py", "pages/roads.py")
]
SHOWN = ("title", "header", "subheader", "markdown", "caption", "text", "latex")
SHOWN += ("info", "warning", "error", "success")
# A number that is not one, as Python and JavaScript print it (∞ is fine: it is
# what a student reads). The user's own value, echoed in “…”, may be anything.
NOT_A_NUMBER = re.compile(r"(?<![\w.])(nan|inf|infinity)(?!\w)", re.IGNORECASE)
QUOTED = re.compile(r"“[^”]*”")
HOSTILE_TOKENS = [
    "inf", "-inf", "Infinity", "-Infinity", "nan", "NaN", "1e309", "-1e309",
    "9" * 80, "-" + "9" * 80, "1e-400", "0x10", "1_000", "", " ", "true", "null",
    "%00", "../../etc/passwd", "sample:../../etc/passwd", "<script>", "`", "1,5",
    "١٢", "²",
]  # fmt: skip


def shown_text(at) -> str:
    """Everything the page says in words and numbers (not its tables)."""
    parts = [str(element.value) for kind in SHOWN for element in getattr(at, kind)]
    parts += [f"{metric.label} {metric.value}" for metric in at.metric]
    return "\n".join(parts)


def not_numbers(at) -> list[str]:
    """Each 'nan'/'inf' shown outside the user's own quoted value, in context."""
    text = QUOTED.sub("“…”", shown_text(at))
    return [
        text[max(0, m.start() - 60) : m.end() + 20] for m in NOT_A_NUMBER.finditer(text)
    ]


def test_not_numbers_finds_what_it_should():
    class Page:
        def __getattr__(self, kind):
            return []

    page = Page()
    page.markdown = [type("E", (), {"value": "difference nan, cost inf"})()]
    page.caption = [type("E", (), {"value": "The link's value “inf” … ∞ infinite"})()]
    assert len(not_numbers(page)) == 2


# ---------------------------------------------------------------- CSV files


@pytest.mark.parametrize("name", sorted(corpus()))
def test_every_hostile_file_reads_or_says_why(name):
    """Reading, then choosing the default columns: a table or a TableError with a
    message, nothing else, and no nan/inf in the message."""
    try:
        table = tables.read_csv(corpus()[name])
        target = tables.default_target(table)
        tables.select(table, target, tables.default_features(table, target))
    except tables.TableError as error:
        message = str(error)
        assert message and not NOT_A_NUMBER.search(QUOTED.sub("", message)), message


def upload_on(page: str, name: str):
    at = apptest.run_page(page, HANG)
    at.selectbox(key=upload.SOURCE.key).set_value("upload").run()
    file = (f"{name}.csv", corpus()[name], "text/csv")
    return at.file_uploader(key=upload.UPLOAD).set_value(file).run()


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=st.sampled_from(DATA_PAGES), name=st.sampled_from(sorted(corpus())))
def test_hostile_uploads_on_the_pages(page, name):
    at = upload_on(page, name)
    check(at, f"{name} on {page}", UPLOAD_AXIS_LIMIT)
    assert not not_numbers(at), (name, page, not_numbers(at))


@pytest.mark.parametrize(
    "name",
    ["1e300 and 1e-300 mixed", "y at ±1.7e308", "subnormal", "CR only (old Mac)"],
)
def test_files_that_once_crashed_get_a_message(name):
    at = upload_on("pages/normal_equation.py", name)
    check(at, name, UPLOAD_AXIS_LIMIT)
    assert not not_numbers(at)
    assert at.error or name == "CR only (old Mac)"


@pytest.mark.parametrize("name", ["x at 1e49, y at 1e-49", "collinear at 1e40"])
def test_large_but_usable_values_are_fitted(name):
    """Within double precision's reach the app fits, it does not refuse the data
    (collinear columns still get the lesson's own "XᵀX is singular")."""
    at = upload_on("pages/normal_equation.py", name)
    check(at, name, UPLOAD_AXIS_LIMIT)
    refusals = [e.value for e in at.error if "Change its units" in e.value]
    assert not refusals
    assert len(at.get("plotly_chart")) >= 3
    assert not not_numbers(at)


# ---------------------------------------------------------------- lesson links


@functools.cache
def page_controls(page: str) -> dict:
    """URL key → spec of every control `page` renders on its defaults."""
    return controls(apptest.run_page(page, HANG))


def link_values():
    numbers = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    big = st.integers(-(10**40), 10**40).map(str)
    return st.one_of(
        st.sampled_from(HOSTILE_TOKENS), numbers, big, st.text(max_size=12)
    )


@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), page=st.sampled_from(SCRIPTS))
def test_hostile_link_values_on_every_page(data, page):
    keys = sorted(page_controls(page))
    chosen = data.draw(
        st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)
    )
    query = {key: data.draw(link_values(), label=key) for key in chosen}
    at = apptest.run_page(page, HANG, **query)
    check(at, f"{page}?{query}")
    assert not not_numbers(at), (page, query, not_numbers(at))


# ---------------------------------------------------------------- chart state


@pytest.mark.parametrize(
    ("spec", "sent", "kept"),
    [
        (LEARNING_RATE, 0.5, 0.5),
        (LEARNING_RATE, 7, 7.0),
        (LEARNING_RATE, 1e300, 10.0),  # clamped, as a link's value is
        (MAX_ITER, 10**401, 50000),  # no OverflowError
        (MAX_ITER, 12.6, 13),
        (CLICKED_START, None, None),
        (CLICKED_START, [1, -2.5], (1.0, -2.5)),
        (CLICKED_START, (1e12, 3.1234567), (1e9, 3.12346)),  # as its link says
    ],
)
def test_chart_values_are_clamped(spec, sent, kept):
    assert from_browser(spec, sent) == kept


@pytest.mark.parametrize(
    "sent",
    [float("nan"), float("inf"), -float("inf"), "0.5", True, None, [0.5], {"a": 1}],
)
@pytest.mark.parametrize("spec", [LEARNING_RATE, MOMENTUM, MAX_ITER])
def test_chart_numbers_that_are_not_are_refused(spec, sent):
    with pytest.raises(ValueError, match=r"not a (finite )?number"):
        from_browser(spec, sent)


@pytest.mark.parametrize(
    "sent",
    [[1], [1, 2, 3], [float("nan"), 0], [0, float("inf")], ["1", "2"], "1,2", 5, {}],
)
def test_chart_points_that_are_not_are_refused(sent):
    with pytest.raises(ValueError):
        from_browser(CLICKED_START, sent)
