"""The data page, run headless with AppTest, and its figure builders."""

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solvers
from figures import data as figures
from solvers import anatomy
from tests import apptest
from tests.plotly_json import plotly_array
from ui.frame import dataset, exports

PAGE = "pages/data.py"


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_default_page_shows_table_statistics_scatter_and_truth(run):
    at = run()
    assert "Well conditioned" in at.info[0].value
    table, summary = at.dataframe
    assert list(table.value.columns) == ["x1", "x2", "y"]
    assert len(table.value) == 100
    assert list(summary.value.index) == ["x1", "x2", "y"]
    scatter, truth = _charts(at)
    assert [trace["type"] for trace in scatter["data"]] == ["scatter", "scatter"]
    assert truth["data"][0]["type"] == "bar"
    assert plotly_array(truth["data"][0]["y"]).shape == (3,)  # intercept + 2 weights


def test_download_is_the_table_as_csv(run):
    at = run(n="37", p="3")
    button = at.get("download_button")[0]
    assert button.proto.label == "Download as CSV"
    # The page builds the file on click from exports.dataset_table.
    data = solvers.make_dataset(n_samples=37, n_features=3, bias=10.0)
    content = exports.csv_text(exports.dataset_table(data)).encode()
    frame = pd.read_csv(io.BytesIO(content))
    assert list(frame.columns) == ["x1", "x2", "x3", "y"]
    assert len(frame) == 37
    np.testing.assert_allclose(frame[["x1", "x2", "x3"]], data.X)
    np.testing.assert_allclose(frame["y"], data.y)


def test_preset_changes_what_is_shown(run):
    at = run()
    before = at.info[0].value, _charts(at)[0]["data"][0]["x"]
    at.selectbox(key="preset").set_value("badly_scaled").run()
    assert not at.exception
    after = at.info[0].value, _charts(at)[0]["data"][0]["x"]
    assert "Badly scaled" in after[0]
    # The scatter of y against x1 is the badly scaled data's.
    data = solvers.make_dataset(**{**dataset.settings(), "preset": "badly_scaled"})
    first = _charts(at)[0]["data"][0]
    np.testing.assert_array_equal(plotly_array(first["x"]), data.X[:, 0])
    np.testing.assert_array_equal(plotly_array(first["y"]), data.y)
    assert not np.array_equal(plotly_array(before[1]), data.X[:, 0])


def test_many_features_draw_only_the_strongest(run):
    at = run(p="12")
    scatter = _charts(at)[0]
    assert len(scatter["data"]) == figures.MAX_PANELS
    assert any("most correlated" in caption.value for caption in at.caption)


def test_real_data_has_no_true_weights(run):
    at = run(source="sample:diabetes")
    assert len(_charts(at)) == 1  # the scatter only
    assert any("no true weights" in info.value for info in at.info)
    assert len(at.dataframe[0].value) == 442


# ------------------------------------------------------------------ the figures


def test_feature_scatter_draws_one_panel_per_chosen_feature():
    data = solvers.make_dataset(n_features=8)
    r = anatomy.correlations(data.X, data.y)
    chosen = anatomy.strongest_features(data.X, data.y, 4)
    fig = figures.feature_scatter(data.X, data.y, data.feature_names, chosen, r).figure
    assert len(fig.data) == 4
    for trace, j in zip(fig.data, chosen, strict=True):
        np.testing.assert_array_equal(trace.x, data.X[:, j])
        assert trace.name == data.feature_names[j]
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith(data.feature_names[chosen[0]])


def test_true_coefficients_start_with_the_intercept():
    data = solvers.make_dataset(n_features=3, bias=-4.0)
    fig = figures.true_coefficients(data.feature_names, data.coef_true, -4.0).figure
    (bars,) = fig.data
    assert list(bars.x) == ["intercept b", "w1", "w2", "w3"]
    np.testing.assert_allclose(bars.y, [-4.0, *data.coef_true])


HOSTILE = [
    '=HYPERLINK("https://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", HOSTILE)
def test_no_csv_cell_or_header_runs_as_a_formula(cell):
    table = pd.DataFrame({cell: [1.5, -2.0], "note": [cell, "fine"]})
    rows = list(csv.reader(io.StringIO(exports.csv_text(table))))
    assert rows[0] == ["'" + cell, "note"]
    assert [row[1] for row in rows[1:]] == ["'" + cell, "fine"]
    # Numbers stay numbers, negative ones included.
    assert [float(row[0]) for row in rows[1:]] == [1.5, -2.0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_csv_text_keeps_every_other_cell_as_written(cells):
    table = pd.DataFrame({"text": cells})
    rows = list(csv.reader(io.StringIO(exports.csv_text(table), newline="")))
    for cell, (written,) in zip(cells, rows[1:], strict=True):
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert written == "'" + cell
        else:
            assert written == cell or (cell == "" and written == "")


def test_the_p_greater_than_n_preset_says_which_n_it_uses():
    """The preset keeps at most p/2 samples: the sidebar says so next to the
    slider, which keeps its own value, and no identifier or None reaches the text."""
    at = apptest.run_page("pages/data.py", preset="wide")
    assert not at.exception
    assert at.sidebar.slider(key=dataset.N_SAMPLES.key).value == 100
    notes = [c.value for c in at.sidebar.caption]
    assert any("uses **n = 1**, not 100" in note for note in notes), notes
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.info])
    assert "n_samples" not in shown and "n_features" not in shown
    assert "None" not in shown
    # the sd standardizing divides by (÷n) is defined even for one sample
    assert "sd divides by n" in shown


def test_tables_are_tall_enough_for_their_rows_in_either_mode():
    """A data grid's rows are 35 px, 46 px when presenting (measured in Chromium at
    1920×1080; presenter mode's root font is 21 px, not 16): the summary of a
    few rows shows whole, and a long table stops at the page's cap and scrolls."""
    from ui.frame.presenter import table_height

    for rows in (1, 3, 10):
        assert table_height(rows, False) >= 35 * (rows + 1)
        assert table_height(rows, True) >= 46 * (rows + 1)
    assert table_height(500, False) == 420
    assert table_height(500, True) > 420
