"""The gradient descent page, run headless with AppTest."""

import base64
import io
import json
import re

import numpy as np
import pandas as pd
import pytest

import solvers
from figures import latex
from tests import apptest
from ui.frame import dataset as ui_dataset

PAGE = "pages/gradient_descent.py"


def _data(**changed):
    """The dataset the page shows with the sidebar's defaults (and `changed`)."""
    return solvers.make_dataset(**{**ui_dataset.settings(), **changed})


def _design(data):
    """[1, X]: the intercept's column of ones, then the features."""
    return np.column_stack([np.ones(len(data.y)), data.X])


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _texts(at):
    return " ".join(
        element.value
        for kind in ("success", "warning", "error", "info")
        for element in getattr(at, kind)
    )


def test_default_run_converges_to_the_normal_equation(run):
    at = run()
    assert "Converged after" in _texts(at)
    assert "Same weights" in _texts(at)
    player = apptest.players(at)["descent"]
    assert (
        player["explore"] and player["problem"]["k"] == 3 and player["axes"] == [1, 2]
    )
    # With no η in the link, a stable one computed from the data: 1/μ_max.
    assert player["settings"] == {
        "learningRate": pytest.approx(1 / player["mu_max"]),
        "momentum": 0.0,
        "maxIter": 500,
        "clickedStart": None,
    }
    assert player["frame"]["x"][0] < player["optimum"][1] < player["frame"]["x"][1]
    curve = player["steps_curve"]
    assert curve["marks"][-1] == ["limit 2/μ_max", pytest.approx(1.703, rel=1e-3)]
    # Below the limit every η converges, and the steps grow as η shrinks.
    below = [
        s
        for rate, s in zip(curve["learning_rates"], curve["steps"], strict=True)
        if rate < curve["marks"][-1][1] / 2
    ]
    assert all(s is not None for s in below) and below == sorted(below, reverse=True)
    assert curve["steps"][-1] is None  # 1.25 × the limit: never


def test_the_player_gets_the_quadratic_the_solver_descends(run):
    at = run(standardize="true", p="4")
    bowl = apptest.players(at)["descent"]["problem"]
    k = bowl["k"]
    vectors = np.frombuffer(base64.b64decode(bowl["eigenvectors"]), dtype="<f8")
    vectors = vectors.reshape(k, k)
    mu = np.array(bowl["eigenvalues"])
    assert k == 5 and np.all(np.diff(mu) >= 0)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(k), atol=1e-12)
    hessian = vectors @ np.diag(mu) @ vectors.T
    # Standardized columns have mean 0 and variance 1, and the intercept's column
    # is all ones: every diagonal entry of H = DᵀD/n is 1.
    np.testing.assert_allclose(np.diag(hessian), 1.0, rtol=1e-12)
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)


def test_learning_rate_changes_the_run(run):
    at = run(lr="0.5")
    assert apptest.players(at)["descent"]["settings"]["learningRate"] == 0.5
    data = _data()
    expected = solvers.gradient_descent(data.X, data.y, learning_rate=0.5, max_iter=500)
    at_opening = solvers.gradient_descent(data.X, data.y, max_iter=500)  # 1/μ_max
    assert expected.status == "converged" and expected.n_iter != at_opening.n_iter
    assert f"Converged after {expected.n_iter} iterations." in _texts(at)


def test_too_large_a_learning_rate_is_explained(run):
    at = run(lr="10")
    assert at.session_state["lr"] == 10.0
    assert "Diverged" in _texts(at)
    assert "stability limit" in _texts(at)
    assert apptest.players(at)["descent"]  # the chart still draws


def test_standardizing_rounds_the_bowl(run):
    at = run(preset="badly_scaled")
    stretched = apptest.players(at)["descent"]
    at.toggle(key="standardize").set_value(True).run()
    assert not at.exception
    rounded = apptest.players(at)["descent"]
    assert "standardized" in rounded["titles"][0]
    assert "standardized" not in stretched["titles"][0]
    assert rounded["mu_max"] < stretched["mu_max"] / 1000


def test_preset_changes_what_is_shown(run):
    at = run()
    at.selectbox(key="preset").set_value("collinear").run()
    assert not at.exception
    player = apptest.players(at)["descent"]
    # The nearly collinear data's bowl: its bottom (numpy's least squares, an
    # oracle) and its steepest curvature, μ_max of H = [1, X]ᵀ[1, X]/n.
    data = _data(preset="collinear")
    design = _design(data)
    bottom, *_ = np.linalg.lstsq(design, data.y, rcond=None)
    np.testing.assert_allclose(player["optimum"], bottom, rtol=1e-8)
    mu_max = np.linalg.eigvalsh(design.T @ design / len(data.y))[-1]
    assert player["mu_max"] == pytest.approx(mu_max, rel=1e-9)


def test_duplicated_feature_compares_against_the_minimum_norm_solution(run):
    at = run(preset="duplicated", p="3")
    assert "minimum-norm" in _texts(at)


def test_url_seeds_every_control(run):
    at = run(
        lr="0.5",
        iters="300",
        standardize="true",
        momentum="0.5",
        batch="10",
        start="mirror",
        p="4",
        wx="w1",
        wy="w3",
        **{"from": "1.5,-2"},
    )
    assert at.session_state["lr"] == 0.5
    assert at.session_state["iters"] == 300
    assert at.toggle(key="standardize").value is True
    assert at.session_state["momentum"] == 0.5
    assert at.slider(key="batch").value == 10
    assert at.radio(key="start").value == "mirror"
    assert at.selectbox(key="wy").value == "w3"
    assert at.session_state["from"] == (1.5, -2.0)
    player = apptest.players(at)["descent"]
    assert player["settings"]["clickedStart"] == [1.5, -2.0]
    # Mini-batches: the browser replays the server's SGD (its rows, its seed).
    assert player["sgd"] == {"batchSize": 10, "seed": 0, "schedule": "constant"}
    assert "design" in player["problem"]


def _trajectory(downloads) -> pd.DataFrame:
    (content,) = [c for c, _, name in downloads if name.endswith("trajectory.csv")]
    return pd.read_csv(io.BytesIO(content))


def test_a_clicked_start_is_where_the_solver_starts(run, downloads):
    at = run(**{"from": "3,4"}, iters="5")
    player = apptest.players(at)["descent"]
    assert [player["start"][a] for a in player["axes"]] == [3.0, 4.0]
    # The trajectory offered is the solver's run from (b, w1, w2) = (0, 3, 4).
    data = _data()
    expected = solvers.gradient_descent(
        data.X, data.y, max_iter=5, init=np.array([0.0, 3.0, 4.0])
    ).weights_history
    shown = _trajectory(downloads)[["intercept b", "w1", "w2"]].to_numpy()
    np.testing.assert_allclose(shown, expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ({"iters": "99999999"}, "iters", 50000),
        ({"iters": "abc"}, "iters", 500),
        ({"lr": "0"}, "lr", 1e-6),
        ({"lr": "-1"}, "lr", 1e-6),
        ({"lr": "nan"}, "lr", 0.1),
        ({"momentum": "inf"}, "momentum", 0.0),
        ({"from": "1,2,3"}, "from", None),
        ({"from": "1e400,0"}, "from", None),
        ({"from": "1e20,0"}, "from", (1e9, 0.0)),
    ],
)
def test_malformed_or_extreme_url_values_are_clamped_with_a_note(
    run, query, key, expected
):
    at = run(**query)
    assert not at.exception
    value = at.session_state.get(key, None)
    assert value == (pytest.approx(expected) if expected is not None else None)
    assert any("The link" in info.value for info in at.info)


def test_the_chart_reports_settings_back_into_the_page_and_the_link():
    def script():
        import streamlit as st

        from ui.descent import player
        from ui.descent.controls import CLICKED_START, LEARNING_RATE
        from ui.frame.controls import held

        held(LEARNING_RATE)
        held(CLICKED_START)
        st.session_state["descent"] = {
            "settings": {
                "learningRate": 0.25,
                "momentum": 2,
                "maxIter": 7.0,
                "clickedStart": [1, "x"],
            }
        }
        player.adopt("descent")

    at = apptest.open_function(script)
    at.run()
    assert not at.exception
    assert at.session_state["lr"] == 0.25
    assert at.session_state["momentum"] == 0.95  # clamped to the control's range
    assert at.session_state["iters"] == 7
    assert "from" not in at.session_state  # not two numbers: ignored
    assert at.query_params["lr"] in ("0.25", ["0.25"])


def test_step_mode_advances_one_iteration_with_the_update_in_numbers(run):
    at = run()
    at.toggle(key="steps").set_value(True).run()
    assert not at.exception
    # No player in this mode: the explanation does not point at its charts.
    words = " ".join(m.value for m in at.markdown)
    assert "when step-by-step mode is off" in words
    assert "the second chart beside the bowl" not in words
    first = [formula.value for formula in at.latex]
    assert any("w_{t+1}" in formula for formula in first)
    next_button = next(b for b in at.button if "Next step" in b.label)
    next_button.click().run()
    assert at.slider(key="t").value == 1
    # Step 1 of the solver's own run (η = 1/μ_max, as the page opens) and the
    # step it makes from there, to the digits shown.
    data = _data()
    path = solvers.gradient_descent(data.X, data.y, max_iter=500).weights_history
    shown = [formula.value for formula in at.latex]
    assert any(f"w_t = {latex.matrix(path[1])}" in formula for formula in shown)
    (update,) = [formula for formula in shown if "w_{t+1} =" in formula]
    assert update.rstrip("$\n").endswith(latex.matrix(path[2])), update
    spec = _charts(at)[0]
    assert spec["layout"]["annotations"][0]["text"] == "−η∇J"


def test_predict_then_run_grades_the_guess(run):
    at = run(lr="10")
    at.toggle(key="predict").set_value(True).run()
    assert not at.get("plotly_chart")  # nothing shown before the guess
    assert not apptest.players(at)
    at.radio(key="guess_outcome").set_value("converge").run()
    at.radio(key="guess_first").set_value("neither").run()
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    assert any("the answer is “diverge”" in e.value for e in at.error)
    assert any(s.value.startswith("Right") for s in at.success)
    assert apptest.players(at)


def test_trajectory_download_has_every_iteration(run, downloads):
    run(iters="50", lr="0.01")
    table = _trajectory(downloads)
    assert table["iteration"].tolist() == list(range(51))
    assert list(table.columns[1:4]) == ["intercept b", "w1", "w2"]
    data = _data()
    expected = solvers.gradient_descent(
        data.X, data.y, learning_rate=0.01, max_iter=50
    ).weights_history
    shown = table[["intercept b", "w1", "w2"]].to_numpy()
    np.testing.assert_allclose(shown, expected, rtol=1e-12)
    # J(w) = ‖y − [1, X]w‖² / 2n at each of them
    residuals = data.y[:, None] - _design(data) @ expected.T
    cost = (residuals**2).sum(axis=0) / (2 * len(data.y))
    np.testing.assert_allclose(table["cost J"], cost, rtol=1e-9)


def test_many_steps_on_a_wide_upload_are_bounded_with_a_note():
    """A run keeps every step's weights: 50,000 steps × 501 weights would be 200 MB
    a run, so the page runs as many as `compute.HISTORY_VALUES` allows, and says so."""
    from tests import apptest
    from tests.hostile_csv import corpus
    from ui.frame import compute, upload

    at = apptest.run_page(PAGE, iters="50000")
    at.selectbox(key=upload.SOURCE.key).set_value("upload").run()
    wide = ("wide.csv", corpus()["500 columns, 3 rows"], "text/csv")
    at.file_uploader(key=upload.UPLOAD).set_value(wide).run()
    assert not at.exception
    said = [
        re.search(r"50,000 steps × (\d+) weights.*running ([\d,]+) steps", i.value)
        for i in at.info
    ]
    n_params, steps = next(
        (int(m[1]), int(m[2].replace(",", ""))) for m in said if m
    )  # the constant columns are left out of the default features
    assert n_params > 400
    assert steps == compute.affordable_max_iter(50_000, n_params)
    assert steps * n_params <= compute.HISTORY_VALUES < 50_001 * n_params
    assert apptest.players(at)["descent"]["settings"]["maxIter"] == steps


def test_predict_mode_keeps_a_learning_rate_control(run):
    """The chart holds η's slider; while it is hidden for a prediction, a number
    box sets η (and the link) instead."""
    at = run()
    at.toggle(key="predict").set_value(True).run()
    assert not apptest.players(at)
    at.number_input(key="learning_rate_box").set_value(0.05).run()
    assert not at.exception
    assert at.session_state["lr"] == 0.05
