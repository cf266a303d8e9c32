"""The data-source choice and the CSV upload, run headless with AppTest.

Most tests run a small script with the real sidebar (`dataset.sidebar()`) and the
real `dataset.current()`; a few open whole pages of the app on a sample or an upload.
"""

import json

import pytest
from streamlit.testing.v1 import AppTest

import tables
from tables import SAMPLES
from tests import apptest
from tests.apptest import open_function
from ui.frame import controls, upload

read = tables.read_csv

GOOD = (
    b"size,rooms,city,price\n"
    b"50,2,Oslo,150\n80,3,Rome,240\n120,4,Oslo,330\n95,3,Rome,270\n"
)


def _frame():
    """The app's frame reduced to the dataset: sidebar, then what current() gives."""
    import streamlit as st

    from ui.frame import controls, dataset

    controls.start_run()
    dataset.sidebar()
    data = dataset.current()  # stops the run, having said why, when it cannot
    st.text(f"shape={data.X.shape} names={list(data.feature_names)}")
    st.text(f"y={data.y.tolist()}")
    st.text(f"preset={data.preset} generated={dataset.is_generated()}")
    st.text(f"link={dataset.link_settings()}")


@pytest.fixture
def frame():
    def run(**query: str) -> AppTest:
        at = open_function(_frame)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    return run


def shown(at) -> str:
    return "\n".join(element.value for element in at.text)


def messages(at, kind: str) -> str:
    return "\n".join(element.value for element in getattr(at, kind))


def captions(at) -> str:
    return "\n".join(element.value for element in at.caption)


def upload_file(at, content: bytes, name: str = "mine.csv") -> AppTest:
    at.selectbox(key="source").set_value("upload").run()
    return (
        at.file_uploader(key=upload.UPLOAD).set_value((name, content, "text/csv")).run()
    )


# ---------------------------------------------------------------- source choice


def test_generated_data_is_the_default_and_unchanged(frame):
    at = frame()
    assert not at.exception
    assert "shape=(100, 2) names=['x1', 'x2']" in shown(at)
    assert "generated=True" in shown(at)
    assert at.selectbox(key="preset").value == "well_conditioned"


@pytest.mark.parametrize("key", list(SAMPLES))
def test_url_seeds_a_shipped_sample(frame, key):
    at = frame(source=f"sample:{key}")
    assert not at.exception
    assert at.selectbox(key="source").value == f"sample:{key}"
    assert f"preset={key} generated=False" in shown(at)
    # Lesson links carry it by its key, as the address bar does.
    assert f"'source': 'sample:{key}'" in shown(at)
    assert "preset" not in [s.key for s in at.selectbox]  # generated controls hidden
    assert SAMPLES[key].credit.split(",")[0][:12] in captions(at)


def test_house_prices_sample_has_the_size_as_feature_and_the_price_as_target(frame):
    at = frame(source="sample:house_prices")
    assert "names=['size_m2']" in shown(at)
    assert "Target y: price\\_keur" in captions(at)


def test_a_bad_source_in_the_link_falls_back_to_generated_with_a_note(frame):
    at = frame(source="sample:nope")
    assert not at.exception
    assert at.selectbox(key="source").value == "generated"
    assert "generated=True" in shown(at)


def test_generated_settings_survive_a_visit_to_a_sample(frame):
    at = frame(n="50", preset="collinear")
    assert "shape=(50, 2)" in shown(at)
    at.selectbox(key="source").set_value("sample:diabetes").run()
    assert "shape=(442, 10)" in shown(at)
    at.selectbox(key="source").set_value("generated").run()
    assert not at.exception
    assert "shape=(50, 2)" in shown(at)
    assert at.selectbox(key="preset").value == "collinear"


# ---------------------------------------------------------------- upload


def test_upload_source_without_a_file_asks_for_one(frame):
    at = frame(source="upload")
    assert not at.exception
    assert "Upload a CSV file in the sidebar" in messages(at, "info")
    assert not at.text  # the page stopped before using any data


def test_uploaded_csv_becomes_the_dataset_with_default_columns(frame):
    at = upload_file(frame(), GOOD)
    assert not at.exception
    assert at.selectbox(key=upload.TARGET).value == "price"
    assert at.selectbox(key=upload.TARGET).options == ["size", "rooms", "price"]
    assert at.multiselect(key=upload.FEATURES).value == ["size", "rooms"]
    assert "shape=(4, 2) names=['size', 'rooms']" in shown(at)
    assert "y=[150.0, 240.0, 330.0, 270.0]" in shown(at)
    assert "preset=upload generated=False" in shown(at)
    assert "“city” \\(e\\.g\\. “Oslo”\\)" in captions(at)  # non-numeric, left out


def test_choosing_columns_changes_the_dataset(frame):
    at = upload_file(frame(), GOOD)
    at.multiselect(key=upload.FEATURES).set_value(["rooms"]).run()
    assert "shape=(4, 1) names=['rooms']" in shown(at)
    # A feature chosen as the target swaps places with the old target.
    at.selectbox(key=upload.TARGET).set_value("rooms").run()
    assert not at.exception
    assert at.multiselect(key=upload.FEATURES).value == ["price"]
    assert "y=[2.0, 3.0, 4.0, 3.0]" in shown(at)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file is a PNG image"),
        (b"a,b\n1\x002\n3,4\n", "not a text file"),
        (b"a,b\n1,2\n", "single data row"),
        (b"name,town\nAda,Paris\nBob,Rome\n", "No column holds only numbers"),
        (b"a,b\n1,2\n3,4,5\n", "line 3 has 3 values"),
    ],
)
def test_each_file_problem_is_explained_on_the_page(frame, content, expected):
    at = upload_file(frame(), content)
    assert not at.exception
    assert expected in messages(at, "error").replace("\\", "")
    assert expected in captions(at).replace("\\", "")  # also beside the uploader
    assert not at.text


def test_missing_values_stop_until_the_rows_are_dropped_and_picks_stay(frame):
    at = upload_file(
        frame(), b"a,b,c,y\n1,2,5,3\n2,,4,6\n3,4,inf,8\n4,5,1,9\n5,3,2,11\n"
    )
    at.multiselect(key=upload.FEATURES).set_value(["a", "b"]).run()
    assert "1 value\\(s\\) are missing" in messages(at, "error")
    assert not at.text
    at.checkbox(key=upload.DROP_MISSING).check().run()
    assert "shape=(4, 2)" in shown(at)
    assert "rows are dropped" in captions(at)
    at.multiselect(key=upload.FEATURES).set_value(["a", "b", "c"]).run()
    assert "shape=(3, 3)" in shown(at)
    at.checkbox(key=upload.DROP_MISSING).uncheck().run()  # an error again ...
    assert "2 value\\(s\\) are missing" in messages(at, "error")
    # ... and nothing the user chose is lost.
    assert at.multiselect(key=upload.FEATURES).value == ["a", "b", "c"]
    assert at.selectbox(key=upload.TARGET).value == "y"


def test_no_feature_chosen_is_explained_and_the_choice_kept(frame):
    at = upload_file(frame(), GOOD)
    at.multiselect(key=upload.FEATURES).set_value([]).run()
    assert "No feature column is chosen" in messages(at, "error")
    assert at.multiselect(key=upload.FEATURES).value == []


def test_constant_columns_are_left_out_with_a_note_and_wide_data_explained(frame):
    at = upload_file(frame(), b"a,ones,b,c,y\n1,1,5,2,3\n2,1,3,7,6\n3,1,8,1,10\n")
    assert at.multiselect(key=upload.FEATURES).value == ["a", "b", "c"]
    assert "Constant column\\(s\\) left out" in captions(at)
    assert "“ones”" in captions(at)
    assert "p \\= 3 features but only n \\= 3 rows" in captions(at)
    assert "Ridge" in captions(at)
    assert "shape=(3, 3)" in shown(at)


def test_hostile_headers_are_shown_as_plain_text(frame):
    formula, script, link = (
        '=HYPERLINK("http://evil.example","x")',
        "<script>alert(1)</script>",
        "[x](http://e.com)",
    )
    content = (
        b'"=HYPERLINK(""http://evil.example"",""x"")",<script>alert(1)</script>,'
        b"[x](http://e.com),y\n1,a,2,3\n,b,1,5\n3,c,3,4\n4,d,9,1\n"
    )
    at = upload_file(frame(), content)
    assert at.multiselect(key=upload.FEATURES).value == [formula, link]  # plain text
    assert "“\\<script\\>alert\\(1\\)\\<\\/script\\>”" in captions(at)
    assert "“\\=HYPERLINK\\(" in messages(at, "error")  # its missing value
    every_markdown = [
        element.value
        for kind in ("caption", "error", "warning", "info", "markdown")
        for element in getattr(at, kind)
    ]
    assert not any(script in text or "](" in text for text in every_markdown)


def test_the_file_survives_a_visit_to_another_source(frame):
    at = upload_file(frame(), GOOD)
    at.multiselect(key=upload.FEATURES).set_value(["rooms"]).run()
    at.selectbox(key="source").set_value("sample:house_prices").run()
    assert "names=['size_m2']" in shown(at)
    at.selectbox(key="source").set_value("upload").run()
    assert not at.exception
    assert "shape=(4, 1) names=['rooms']" in shown(at)
    assert "Using your file mine\\.csv" in captions(at)


def test_removing_the_file_forgets_it(frame):
    at = upload_file(frame(), GOOD)
    at.file_uploader(key=upload.UPLOAD).clear().run()
    assert "Upload a CSV file in the sidebar" in messages(at, "info")


def test_a_new_file_resets_the_columns_to_its_defaults(frame):
    at = upload_file(frame(), b"a,b,y\n1,,3\n2,5,6\n4,8,9\n5,1,2\n")
    at.checkbox(key=upload.DROP_MISSING).check().run()
    at.multiselect(key=upload.FEATURES).set_value(["b"]).run()
    assert "shape=(3, 1)" in shown(at)
    at.file_uploader(key=upload.UPLOAD).set_value(
        ("other.csv", b"u,v,w\n1,,3\n2,3,5\n4,1,6\n", "text/csv")
    ).run()
    assert at.selectbox(key=upload.TARGET).value == "w"
    assert at.multiselect(key=upload.FEATURES).value == ["u", "v"]
    assert at.checkbox(key=upload.DROP_MISSING).value is False
    assert "1 value\\(s\\) are missing" in messages(at, "error")


def test_parsing_is_cached_by_content_not_by_file_name(frame, monkeypatch):
    reads = []
    monkeypatch.setattr(
        tables, "read_csv", lambda content: reads.append(content) or read(content)
    )
    upload._read.clear()
    at = upload_file(frame(), GOOD, name="a.csv")
    at.file_uploader(key=upload.UPLOAD).set_value(("b.csv", GOOD, "text/csv")).run()
    assert reads == [GOOD]  # same bytes, another name: read once
    other = GOOD.replace(b"150", b"151")
    at.file_uploader(key=upload.UPLOAD).set_value(("a.csv", other, "text/csv")).run()
    assert reads == [GOOD, other]  # same name, other bytes: read again
    assert "y=[151.0, 240.0, 330.0, 270.0]" in shown(at)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**b** _i_", "\\*\\*b\\*\\* \\_i\\_"),
        ("<script>", "\\<script\\>"),
        ("[x](http://e.com)", "\\[x\\]\\(http\\:\\/\u200b\\/e\\.com\\)"),
        ("$x^2$ :red[y]", "\\$x\\^2\\$ \\:red\\[y\\]"),
        ("a\nb", "a b"),
    ],
)
def test_escape_leaves_no_markdown(text, escaped):
    assert controls.escape(text) == escaped


# ---------------------------------------------------------------- whole pages


def first_traces(at) -> list:
    """What the page draws: each plotly chart's first trace and each descent
    player's problem."""
    charts = [json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")]
    return charts + [player["signature"] for player in apptest.players(at).values()]


@pytest.mark.parametrize("page", ["pages/gradient_descent.py", "app.py"])
def test_pages_run_on_a_sample_chosen_in_the_sidebar(open_page, page):
    at = open_page(page)
    before = first_traces(at)
    at.selectbox(key="source").set_value("sample:diabetes").run()
    assert not at.exception, [e.value for e in at.exception]
    after = first_traces(at)
    assert after and after != before


@pytest.mark.parametrize("page", ["pages/gradient_descent.py", "app.py"])
def test_pages_run_on_an_uploaded_csv(open_page, page):
    at = open_page(page, source="upload")
    assert "Upload a CSV file" in messages(at, "info")
    at.file_uploader(key=upload.UPLOAD).set_value(("mine.csv", GOOD, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert first_traces(at)
    at.multiselect(key=upload.FEATURES).set_value(["rooms"]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert first_traces(at)


def test_the_data_page_names_an_uploaded_tables_columns_as_the_file_does(open_page):
    at = open_page("pages/data.py", source="upload")
    at.file_uploader(key=upload.UPLOAD).set_value(("mine.csv", GOOD, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    table, summary = (frame.value for frame in at.dataframe)
    assert list(table.columns) == ["size", "rooms", "price"]
    assert list(summary.index) == ["size", "rooms", "price"]
    assert table["price"].tolist() == [150.0, 240.0, 330.0, 270.0]
    # A feature called "y" stays a feature, under its own name.
    named_y = b"y,price\n1,10\n2,19\n3,31\n4,39\n"
    at.file_uploader(key=upload.UPLOAD).set_value(("y.csv", named_y, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=upload.TARGET).value == "price"
    assert list(at.dataframe[0].value.columns) == ["y", "price"]
