"""Uploaded data stays in the session that uploaded it.

The parsing and dataset caches (`st.cache_data`) are shared by every session of the
server; they are keyed by the file's bytes, never by its name. Two users who each
upload a different "data.csv" must each see their own table, and a user who uploads
nothing must see the generated data only.
"""

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.apptest import open_app
from ui.frame import upload

NAME = "data.csv"  # the same file name in every session

# Column names found nowhere else in the app's text.
CONTENT_A = b"area_m2,rooms_qa,price_qa\n50,2,150\n80,3,240\n120,4,330\n95,3,270\n"
CONTENT_B = (
    b"age_qb,income_qb,spend_qb\n25,30,11\n40,52,19\n33,41,15\n58,70,26\n61,66,24\n"
)
COLUMNS_A = ["area_m2", "rooms_qa", "price_qa"]
COLUMNS_B = ["age_qb", "income_qb", "spend_qb"]
UPLOADED = {*COLUMNS_A, *COLUMNS_B}


def _session(content: bytes | None) -> AppTest:
    """A new session (its own AppTest) on the data page, with `content` uploaded
    under NAME, or on generated data when `content` is None."""
    at = open_app(30)
    if content is not None:
        at.query_params["source"] = "upload"
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if content is not None:
        at.file_uploader(key=upload.UPLOAD).set_value((NAME, content, "text/csv"))
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest):
    """The data page's table (features, then the target)."""
    return at.dataframe[0].value


def _expected(content: bytes) -> np.ndarray:
    rows = content.decode().strip().splitlines()[1:]
    return np.array([[float(v) for v in row.split(",")] for row in rows])


def test_same_file_name_different_content_stays_per_session():
    a = _session(CONTENT_A)
    b = _session(CONTENT_B)  # same name, other bytes, while A is cached

    table_a, table_b = _table(a), _table(b)
    assert list(table_a.columns) == COLUMNS_A
    assert list(table_b.columns) == COLUMNS_B
    np.testing.assert_array_equal(table_a.to_numpy(), _expected(CONTENT_A))
    np.testing.assert_array_equal(table_b.to_numpy(), _expected(CONTENT_B))
    assert a.selectbox(key=upload.TARGET).options == COLUMNS_A
    assert b.selectbox(key=upload.TARGET).options == COLUMNS_B

    # A reruns after B filled the caches: still A's own data.
    a.run()
    assert not a.exception
    assert list(_table(a).columns) == COLUMNS_A
    np.testing.assert_array_equal(_table(a).to_numpy(), _expected(CONTENT_A))


def test_a_session_without_upload_sees_only_generated_data():
    a = _session(CONTENT_A)
    b = _session(CONTENT_B)
    c = _session(None)

    assert c.selectbox(key="source").value == "generated"
    columns = set(_table(c).columns)
    assert columns == {"x1", "x2", "y"}
    assert not columns & UPLOADED
    shown = " ".join(
        str(element.value)
        for kind in ("markdown", "caption", "info", "text", "metric")
        for element in getattr(c, kind)
    )
    assert not any(name in shown for name in UPLOADED)
    assert not any(
        name in str(chart.proto.spec)
        for chart in c.get("plotly_chart")
        for name in UPLOADED
    )
    # C choosing the upload source finds no file: the uploads were not C's.
    c.selectbox(key="source").set_value("upload").run()
    assert not c.exception
    assert "Upload a CSV file in the sidebar" in " ".join(i.value for i in c.info)
    assert not c.dataframe
    # ... and A and B are unchanged by C.
    assert list(_table(a.run()).columns) == COLUMNS_A
    assert list(_table(b.run()).columns) == COLUMNS_B
