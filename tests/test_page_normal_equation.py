"""The normal equation page, run headless with AppTest."""

import json

import numpy as np
import pytest

import solvers
from tests.plotly_json import plotly_array
from ui.frame import dataset as ui_dataset

PAGE = "pages/normal_equation.py"


def _charts(at):
    return {
        chart.proto.id.rsplit("-", 1)[-1]: json.loads(chart.proto.spec)
        for chart in at.get("plotly_chart")
    }


def _metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def _design(**changed):
    """[1, X] and y of the data the page shows with the sidebar's defaults (and
    `changed`)."""
    data = solvers.make_dataset(**{**ui_dataset.settings(), **changed})
    return np.column_stack([np.ones(len(data.y)), data.X]), data.y


def _methods(at):
    return at.table[0].value


def test_default_page_takes_the_formula_apart(run):
    at = run()
    assert at.radio(key="method").value == "solve"
    assert r"(X^\top X)^{-1}" in at.latex[0].value
    assert r"\begin{bmatrix}" in at.latex[1].value  # the numbers, p = 2
    charts = _charts(at)
    assert charts["moment"]["data"][0]["type"] == "bar"
    heatmap = charts["gram"]["data"][0]
    assert heatmap["type"] == "heatmap"
    assert plotly_array(heatmap["z"]).shape == (3, 3)
    assert charts["eigenvalues"]["layout"]["yaxis"]["type"] == "log"
    assert [t["type"] for t in charts["fit"]["data"]] == ["surface", "scatter3d"]
    assert _metrics(at)["Rank of X"] == "3 of 3"
    table = _methods(at)
    assert len(table) == 4
    assert set(table["status"]) == {"answered"}
    assert not at.error


def test_method_change_changes_the_shown_weights_and_residual(run):
    at = run(preset="collinear")
    before = (
        _metrics(at)["Largest cos(column, y − Xw)"],
        _charts(at)["weights"]["data"][0]["y"],
    )
    at.radio(key="method").set_value("inv").run()
    assert not at.exception
    after = (
        _metrics(at)["Largest cos(column, y − Xw)"],
        _charts(at)["weights"]["data"][0]["y"],
    )
    assert after[0] != before[0]
    assert not np.array_equal(plotly_array(after[1]), plotly_array(before[1]))
    # inv's weights: numpy's least squares (an oracle) to the ~6 digits that
    # κ(XᵀX) ≈ 4e6 leaves, and the residual's largest cosine is theirs.
    design, y = _design(preset="collinear")
    shown = plotly_array(after[1])
    bottom, *_ = np.linalg.lstsq(design, y, rcond=None)
    np.testing.assert_allclose(shown, bottom, rtol=1e-6)
    residual = y - design @ shown
    cosines = np.abs(design.T @ residual) / (
        np.linalg.norm(design, axis=0) * np.linalg.norm(residual)
    )
    assert float(after[0]) == pytest.approx(cosines.max(), rel=0.05)
    assert _charts(at)["weights"]["data"][0]["name"] == "w from inv"
    assert any("The fit with inv" in s.value for s in at.subheader)


def test_preset_change_changes_what_is_shown(run):
    at = run()
    before = _metrics(at)["κ(XᵀX) scaled"], _charts(at)["gram"]
    at.selectbox(key="preset").set_value("collinear").run()
    assert not at.exception
    after = _metrics(at)["κ(XᵀX) scaled"], _charts(at)["gram"]
    assert after != before
    assert float(after[0]) > 1e5  # nearly collinear: badly conditioned
    design, _ = _design(preset="collinear")
    kappa = np.linalg.cond(design.T @ design)
    assert float(_metrics(at)["κ(XᵀX) as given"]) == pytest.approx(kappa, rel=0.01)
    text = " ".join(m.value for m in at.markdown)
    # κ(XᵀX) ≈ 4e6: about 6.6 digits for the normal equation, half for lstsq
    digits = np.log10(float(after[0]))
    assert f"here about {digits:.1f} of a double's 16 digits against about " in text
    assert f"against about {digits / 2:.1f} of a double's 16 digits." in text
    assert "Try the *Nearly collinear" not in text  # already there


@pytest.mark.parametrize("method", ["solve", "inv"])
def test_duplicated_feature_explains_the_singular_matrix(run, method):
    at = run(preset="duplicated", method=method)
    assert not at.exception
    (error,) = at.error
    assert "XᵀX is singular for this data" in error.value
    assert "linearly dependent" in error.value  # the solver's own reason
    assert "minimum-norm" in error.value
    table = _methods(at)
    assert list(table["status"]).count("refused") == 2
    assert _metrics(at)["Rank of X"] == "2 of 3"
    # The detail falls back to lstsq's minimum-norm weights.
    assert _charts(at)["weights"]["data"][0]["name"].startswith("w from lstsq")
    assert "^{+}" in at.latex[1].value


def test_more_features_than_samples_still_fits(run):
    at = run(preset="wide", p="10")
    assert "only 5 samples" in at.error[0].value
    fit = _charts(at)["fit"]["data"]
    assert fit[0]["name"].startswith("perfect fit")  # predicted vs actual
    assert len(at.latex) == 1  # no numbers in the formula for p > 3


def test_query_param_seeds_the_method(run):
    at = run(method="inv")
    assert at.radio(key="method").value == "inv"
    assert any("The fit with inv" in s.value for s in at.subheader)


def test_unknown_method_in_the_link_falls_back_with_a_note(run):
    at = run(method="cholesky")
    assert at.radio(key="method").value == "solve"
    assert any("The link" in info.value for info in at.info)


def test_one_feature_draws_the_fitted_line(run):
    at = run(p="1")
    points, line = _charts(at)["fit"]["data"]
    assert (points["mode"], line["mode"]) == ("markers", "lines")


def test_real_data_has_no_true_weights_to_compare(run):
    at = run(source="sample:house_prices")
    assert len(_charts(at)["weights"]["data"]) == 1


@pytest.mark.parametrize(
    ("sample", "refused", "lstsq_digits"),
    [("longley", False, 11.0), ("filip", True, 7.0), ("pontius", False, 11.0)],
)
def test_certified_data_shows_correct_digits_per_method(
    run, sample, refused, lstsq_digits
):
    at = run(source=f"sample:{sample}")
    table = _methods(at)
    correct = table["correct digits (vs NIST)"]
    assert float(correct["lstsq  (SVD of X)"]) >= lstsq_digits
    assert float(correct["pinv  (X⁺ y)"]) >= lstsq_digits
    errors = " ".join(e.value for e in at.error)
    if refused:
        # Full rank, so no false claim of dependence: ill-conditioned instead.
        assert "too ill-conditioned" in errors
        assert "linearly dependent" not in errors
        assert _metrics(at)["Rank of X"] == "11 of 11"
        assert list(table["status"]).count("refused") == 2
    else:
        assert not at.error
        assert float(correct["solve  (XᵀX w = Xᵀy)"]) >= 11
