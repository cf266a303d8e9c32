"""AppTest for the ridge page: it runs, and its controls change what it shows."""

import json

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from streamlit.testing.v1 import AppTest

import solvers
from tests.plotly_json import plotly_array
from ui.frame import dataset as ui_dataset

PAGE = "pages/ridge.py"
CHARTS = ("path", "contour", "convergence", "intercept", "condition")


def chart(at: AppTest, key: str) -> dict:
    (found,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    return json.loads(found.proto.spec)


def weights(at: AppTest):
    """The side-by-side table: gradient descent and closed form (ridge)."""
    return at.dataframe[0].value.set_index("weight")


def metrics(at: AppTest) -> dict[str, float]:
    """The intercept and training MSE shown for each choice of L."""
    values = [float(m.value) for m in at.metric]
    labels = [f"{m.label}, {L}" for L in ("L with 0", "L = I") for m in at.metric[:2]]
    return dict(zip(labels, values, strict=True))


def oracle(lam: float, penalize_intercept: bool = False) -> np.ndarray:
    """scikit-learn's ridge weights (b, w1, w2) on the page's default data (the
    sidebar's defaults). Its Ridge leaves the intercept unpenalized, as
    L = diag(0, 1, …, 1) does; fitted on the design [1, X] without an intercept
    of its own it penalizes b too, as L = I does."""
    data = solvers.make_dataset(**ui_dataset.settings())
    if penalize_intercept:
        design = np.column_stack([np.ones(len(data.y)), data.X])
        return Ridge(alpha=lam, fit_intercept=False).fit(design, data.y).coef_
    model = Ridge(alpha=lam).fit(data.X, data.y)
    return np.array([model.intercept_, *model.coef_])


def texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error]
    return "\n".join(str(part.value) for part in parts)


def test_page_runs_and_shows_every_part(run):
    at = run()
    assert at.title[0].value == "Ridge regularization"
    assert at.select_slider(key="lam").value == 10
    assert r"\operatorname{diag}(0, 1, \dots, 1)" in at.latex[0].value
    for key in CHARTS:
        assert chart(at, key)["data"]
    table = weights(at)
    assert list(table.columns[:2]) == [
        "gradient descent (ridge)",
        "closed form (ridge)",
    ]
    np.testing.assert_allclose(table["closed form (ridge)"], oracle(10), rtol=1e-9)
    assert "Same weights" in at.success[0].value
    assert "0 in L's corner" in texts(at)
    assert "Why L has a 0 in the corner" in [h.value for h in at.subheader]


def test_changing_lambda_changes_the_weights_and_the_figures(run):
    at = run()
    at.select_slider(key="lam").set_value(1000).run()
    assert not at.exception
    expected = oracle(1000)  # b, w1, w2: the slopes shrunk to a fifth or less
    assert np.all(np.abs(expected[1:]) < np.abs(oracle(10)[1:]) / 5)
    table = weights(at)
    np.testing.assert_allclose(table["closed form (ridge)"], expected, rtol=1e-9)
    np.testing.assert_allclose(table["gradient descent (ridge)"], expected, rtol=1e-7)
    # The figures mark λ = 1000's slopes: on the path against λ, and on the bowl.
    (mark,) = [t for t in chart(at, "path")["data"] if t["name"] == "λ = 1000"]
    assert list(plotly_array(mark["x"])) == [1000, 1000]
    np.testing.assert_allclose(plotly_array(mark["y"]), expected[1:], rtol=1e-9)
    contour = chart(at, "contour")["data"]
    (optimum,) = [t for t in contour if t["name"] == "ridge optimum (λ = 1000)"]
    shown = [plotly_array(optimum["x"])[0], plotly_array(optimum["y"])[0]]
    np.testing.assert_allclose(shown, expected[1:], rtol=1e-9)
    assert "Same weights" in at.success[0].value


def test_penalize_toggle_shrinks_the_intercept(run):
    at = run(lam="1000")
    free = weights(at)["closed form (ridge)"]["intercept b"]
    at.toggle(key="penalize_b").set_value(True).run()
    assert not at.exception
    shrunk = weights(at)["closed form (ridge)"]["intercept b"]
    assert free == pytest.approx(oracle(1000)[0], rel=1e-9)
    assert shrunk == pytest.approx(oracle(1000, penalize_intercept=True)[0], rel=1e-9)
    assert abs(shrunk) < abs(free)
    assert "L = I" in at.latex[0].value
    shown = metrics(at)
    assert shown["intercept b, L = I"] == float(f"{shrunk:.4g}")
    assert shown["intercept b, L with 0"] == float(f"{free:.4g}")
    assert shown["training MSE, L = I"] > shown["training MSE, L with 0"]


def test_duplicated_preset_explains_the_failure_and_ridge_solves_it(run):
    at = run(preset="duplicated")
    error = at.error[0].value
    assert "fails" in error
    assert "singular" in error
    assert "λ = 10" in at.success[-1].value
    assert "invertible" in at.success[-1].value
    condition = chart(at, "condition")
    assert any(t.get("text") == ["∞ (singular)"] for t in condition["data"])


@pytest.mark.parametrize("preset", ["collinear", "duplicated"])
def test_lambda_zero_on_near_singular_data_asks_for_ridge(run, preset):
    at = run(preset=preset, lam="0")
    assert at.select_slider(key="lam").value == 0
    shown = texts(at)
    assert "Move λ above 0" in shown
    if preset == "collinear":
        assert "unstable" in at.warning[-1].value
    else:
        assert "minimum-norm" in at.info[0].value


def test_url_seeds_the_slider(run):
    at = run(lam="100")
    assert at.select_slider(key="lam").value == 100
    seeded = weights(at)["closed form (ridge)"]
    np.testing.assert_allclose(seeded, oracle(100), rtol=1e-9)
    assert "λ = 100" in json.dumps(chart(at, "path"), ensure_ascii=False)


def test_a_bad_lambda_in_the_url_falls_back_to_the_default(run):
    at = run(lam="lots")
    assert at.select_slider(key="lam").value == 10
    assert any("lots" in info.value for info in at.info)
