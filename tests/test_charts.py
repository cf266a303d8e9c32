"""Every chart in words and numbers: the table read off a figure, the numbers in
the summaries (checked against numpy and scikit-learn), and the pages' expanders.

That every chart on every page has its summary, and that no two series differ in
colour alone, is checked on every run of `tests/test_extremes.py`.
"""

import io
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import r2_score
from sklearn.metrics.pairwise import cosine_similarity

import solvers
from figures import data as data_figures
from figures import descent as descent_figures
from figures import normal_equation as ne_figures
from figures import projection as projection_figures
from figures.chart import Chart
from figures.numbers import figure_table, named_values, number
from solvers.projection import example_design, project
from tests import apptest
from ui.frame import charts, exports
from ui.frame.weights import weight_names


def test_a_table_holds_every_point_of_every_series():
    fig = go.Figure(
        [
            go.Scatter(x=[1, 2, 3], y=[4, 5, 6], name="line"),
            go.Bar(x=["b", "w1"], y=[7.5, -1], name="bars"),
            go.Scatter(y=[9, 8], name="no x"),  # plotly draws x = 0, 1
        ]
    )
    table = figure_table(fig)
    assert list(table.columns) == ["series", "x", "y"]
    assert table.groupby("series", sort=False).size().to_dict() == {
        "line": 3,
        "bars": 2,
        "no x": 2,
    }
    assert table[table.series == "bars"].y.tolist() == [7.5, -1]
    assert table[table.series == "line"].x.tolist() == [1, 2, 3]


def test_a_grid_gives_one_row_per_cell_with_its_coordinates():
    z = np.arange(6.0).reshape(2, 3)  # 2 rows (y), 3 columns (x)
    fig = go.Figure(go.Heatmap(z=z, x=[10, 20, 30], y=["a", "b"], name="grid"))
    table = figure_table(fig)
    assert len(table) == 6
    cell = table[(table.x == 30) & (table.y == "b")]
    assert cell.z.item() == z[1, 2]
    mesh = go.Figure(go.Surface(x=[[0, 1], [0, 1]], y=[[0, 0], [1, 1]], z=z[:, :2]))
    assert figure_table(mesh).z.tolist() == [0, 1, 3, 4]


def test_a_3d_trace_keeps_its_z_and_unequal_lengths_are_padded():
    fig = go.Figure(go.Scatter3d(x=[1, 2], y=[3, 4], z=[5, 6], name="pts"))
    assert figure_table(fig)[["x", "y", "z"]].values.tolist() == [[1, 3, 5], [2, 4, 6]]
    short = figure_table(go.Figure(go.Scatter(x=[1, 2, 3], y=[1])))
    assert short.y.isna().tolist() == [False, True, True]
    assert figure_table(go.Figure()).empty


def test_the_page_figure_table_is_the_data_it_draws():
    data = solvers.make_dataset(n_samples=30, n_features=3, random_state=4)
    chart = data_figures.true_coefficients(
        data.feature_names, data.coef_true, data.intercept_true
    )
    table = chart.table()  # no numbers of its own: the figure's points
    assert table.equals(figure_table(chart.figure))
    assert chart.words == data_figures.describe_true_coefficients(
        data.coef_true, data.intercept_true
    )
    np.testing.assert_array_equal(
        table.y.to_numpy(float), [data.intercept_true, *data.coef_true]
    )
    # And as the CSV the button hands out, read back by pandas.
    back = pd.read_csv(io.StringIO(exports.csv_text(table)))
    np.testing.assert_array_equal(back.y, table.y.to_numpy(float))


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (10090.0, 4, "10090"),
        (0.5, 4, "0.5"),
        (-0.00012, 4, "−0.00012"),
        (2.12e-9, 3, "2.12 × 10⁻⁹"),
        (-3.8e-18, 4, "−3.8 × 10⁻¹⁸"),
        (1e6, 4, "1 × 10⁶"),
        (999_999.6, 7, "999999.6"),
        (0.0, 4, "0"),
        (float("nan"), 4, "undefined"),
        (float("inf"), 4, "infinite"),
        (float("-inf"), 4, "minus infinity"),
    ],
)
def test_numbers_read_as_a_sentence_would_say_them(value, digits, text):
    assert number(value, digits) == text


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
@settings(max_examples=200, deadline=None)
def test_a_number_in_words_reads_back_to_its_rounded_value(value):
    text = number(value).replace("−", "-")
    mantissa, _, power = text.partition(" × 10")
    power = power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")) or "0"
    back = float(f"{mantissa}e{power}")
    assert back == pytest.approx(float(f"{value:.4g}"), rel=1e-12, abs=0)


def test_long_lists_name_only_the_largest():
    names = [f"w{j}" for j in range(20)]
    values = np.zeros(20)
    values[[3, 17]] = [5.0, -9.0]
    text = named_values(names, values, limit=2)
    assert text == "the 2 largest in size of 20: w3 = 5, w17 = −9"
    assert named_values(["a", "b"], [1, 2]) == "a = 1, b = 2"


def _data(**settings):
    return solvers.make_dataset(
        **{"n_samples": 60, "n_features": 3, "random_state": 2} | settings
    )


def test_the_fit_summary_gives_scikit_learns_r2():
    data = _data()
    fit = solvers.normal_equation(data.X, data.y)
    for p in (1, 2, 3):  # line, plane, predicted against actual
        X = data.X[:, :p]
        fit = solvers.normal_equation(X, data.y)
        text = ne_figures.describe_fit(
            X, data.y, fit.intercept, fit.coef, data.feature_names[:p]
        )
        predicted = X @ fit.coef + fit.intercept
        assert f"R² = {number(r2_score(data.y, predicted))}" in text


def test_the_gram_summary_names_the_most_aligned_columns_by_cosine():
    data = _data(effective_rank=1, n_features=4)  # strongly aligned columns
    design = np.column_stack([np.ones(len(data.y)), data.X])
    gram = design.T @ design
    cosines = cosine_similarity(design.T)
    np.fill_diagonal(cosines, 0)
    i, j = np.unravel_index(np.argmax(np.abs(cosines)), cosines.shape)
    names = ["1", *data.feature_names]
    text = ne_figures.describe_gram(gram, names)
    shown = ["the column of ones", *data.feature_names]
    first, second = sorted((i, j))
    assert f"are {shown[first]} and {shown[second]}" in text
    assert f"cosine {number(cosines[i, j], 3)}" in text


def test_the_eigenvalue_summary_gives_numpys_condition_number():
    data = _data(effective_rank=2)
    fit = solvers.normal_equation(data.X, data.y)
    text = ne_figures.describe_eigenvalues(fit.eigenvalues, full_rank=True)
    assert f"is {number(np.linalg.cond(fit.gram), 3)}." in text
    singular = np.array([0.0, 1.0, 4.0])
    assert "1 of them are 0" in ne_figures.describe_eigenvalues(singular)
    assert "singular" in ne_figures.describe_eigenvalues(singular)


def test_the_scatter_summary_gives_numpys_correlations():
    data = _data()
    r = np.array([np.corrcoef(x, data.y)[0, 1] for x in data.X.T])
    text = data_figures.describe_feature_scatter(data.feature_names, [0, 1, 2], r, 60)
    for name, value in zip(data.feature_names, r, strict=True):
        assert f"{name} {value:+.2f}".replace("-", "−") in text
    strongest = data.feature_names[int(np.argmax(np.abs(r)))]
    assert f"y follows {strongest} most closely" in text


def test_the_projection_summary_gives_lstsqs_residual():
    X, y = example_design(), np.array([2.0, -1.0, 3.0])
    weights, residual_sq, *_ = np.linalg.lstsq(X, y, rcond=None)
    fit = project(X, y)
    text = projection_figures.describe_line_fit(X[:, 1], y, fit)
    assert f"ŷ = {number(weights[0], 3)} + {number(weights[1], 3)}·x" in text
    scene = type("Scene", (), {"projection": fit})
    text = projection_figures.describe_projection(X, y, scene)
    assert f"of length {number(np.sqrt(residual_sq[0]))}" in text


def test_the_descent_summary_follows_the_run_and_names_an_overflow():
    data = _data(n_features=2)
    run = solvers.gradient_descent(data.X, data.y, learning_rate=0.1, max_iter=300)
    optimum = np.linalg.lstsq(
        np.column_stack([np.ones(len(data.y)), data.X]), data.y, rcond=None
    )[0]
    text = descent_figures.describe_run(
        run.weights_history,
        optimum,
        run.cost_history,
        axis_titles=("w1", "w2"),
        axes=(1, 2),
        learning_rate=0.1,
        message=descent_figures.describe_outcome(run),
    )
    assert f"takes {run.n_iter} steps" in text
    assert f"J = {number(run.cost_history[-1])}" in text
    assert descent_figures.describe_outcome(run) in text
    path = np.array([[0.0, 0, 0], [1e200, 1, 1], [np.inf, np.nan, 1]])
    diverged = dict(axes=(1, 2), learning_rate=5.0, message="Diverged.")
    costs = np.array([1.0, 1e300, np.inf])
    text = descent_figures.describe_run(
        path, optimum, costs, axis_titles=("w1", "w2"), **diverged
    )
    assert "the weights overflow after step 1" in text
    assert descent_figures.STANDARDIZED_NOTE not in text
    titles = ("w1 (standardized)", "w2 (standardized)")
    standardized = descent_figures.describe_run(
        path, optimum, costs, axis_titles=titles, standardized=True, **diverged
    )
    assert standardized == f"{text} {descent_figures.STANDARDIZED_NOTE}".replace(
        "over w1 and w2", "over w1 (standardized) and w2 (standardized)"
    )


def test_convergence_summary_reads_first_and_last_values():
    gap, dist = np.array([8.0, 4.0, 2.0]), np.array([3.0, 1.5, np.inf])
    text = descent_figures.describe_convergence(gap, dist)
    assert "goes from 8 to 2;" in text
    assert "goes from 3 to 1.5 (step 1, then overflow)" in text


def test_summary_text_is_shown_literally():
    def page():
        import plotly.graph_objects as go

        from figures.chart import Chart
        from ui.frame import charts

        fig = go.Figure(go.Bar(x=["**b**", "w1"], y=[1, 2], name="weights"))
        words = "Two *bars*: [link](http://x.y) 1 and 2."
        charts.show(Chart(fig, words), key="bars")

    at = apptest.open_function(page)
    at.run()
    assert not at.exception
    (words,) = [e for e in at.expander if e.label == charts.LABEL]
    shown = words.markdown[0].value
    # Escaped: no emphasis, no link can form.
    assert "\\*bars\\*" in shown and "\\[link\\]" in shown
    assert re.search(r"1 and 2", shown)


def test_every_page_has_as_many_summaries_as_charts(open_page):
    for spec in (
        "pages/data.py",
        "pages/normal_equation.py",
        "pages/ridge.py",
        "pages/theory.py",
        "pages/gradient_descent.py",
        "app.py",
    ):
        at = open_page(spec)
        drawn = len(at.get("plotly_chart")) + len(apptest.players(at))
        words = [e for e in at.expander if e.label == charts.LABEL]
        assert drawn and len(words) == drawn, spec


def test_weight_names_match_the_trajectory_download():
    data = _data(n_features=2)
    run = solvers.gradient_descent(data.X, data.y, learning_rate=0.1, max_iter=5)
    table = exports.trajectory_table(run, weight_names(2))
    assert list(table.columns[1:4]) == ["intercept b", "w1", "w2"]


def test_a_chart_is_built_once_for_every_session_that_asks_the_same():
    calls = []

    def builder(values, *, presenter):
        calls.append(presenter)
        fig = go.Figure(go.Scatter(y=values), layout={"height": 300})
        return Chart(fig, f"{len(values)} points")

    values = np.arange(3.0)
    first = charts.cached(builder, values, presenter=False)
    # Another session's equal arguments (a new array, equal by content).
    assert charts.cached(builder, values.copy(), presenter=False) is first
    assert calls == [False]
    assert charts.cached(builder, values, presenter=True) is not first
    assert charts.cached(builder, values + 1, presenter=False) is not first
    assert calls == [False, True, False]
    again = builder(np.arange(3.0), presenter=False)
    assert first.figure.to_json() == again.figure.to_json()
    assert first.words == again.words
