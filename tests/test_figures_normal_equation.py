"""The normal-equation figure builders, without Streamlit."""

import numpy as np
import pytest

import solvers
from figures import latex, style
from figures import normal_equation as figures
from solvers import anatomy
from ui.frame.weights import weight_names


def _fit(preset="well_conditioned", n_features=2):
    data = solvers.make_dataset(preset, n_features=n_features)
    return data, solvers.normal_equation(data.X, data.y, method="lstsq")


@pytest.mark.parametrize("n_features", [1, 2, 3, 7, 12])
def test_gram_heatmap_is_square_and_annotated_only_when_small(n_features):
    data, fit = _fit(n_features=n_features)
    names = ["1", *data.feature_names]
    fig = figures.gram_heatmap(fit.gram, names).figure
    (heatmap,) = fig.data
    assert heatmap.type == "heatmap"
    assert np.shape(heatmap.z) == (n_features + 1, n_features + 1)
    assert heatmap.zmid == 0 and heatmap.zmin == -heatmap.zmax
    assert heatmap.colorscale is not None
    small = n_features + 1 <= figures.MAX_ANNOTATED_GRAM
    assert (heatmap.text is not None) == small
    assert fig.layout.yaxis.autorange == "reversed"  # read like a matrix
    if small:  # narrower cells, fewer digits, so that labels do not collide
        digits = 3 if n_features + 1 <= 3 else 2
        for row, values in zip(heatmap.text, fit.gram, strict=True):
            assert [float(label) for label in row] == pytest.approx(
                values, rel=10 ** (1 - digits)
            )
            assert not any("e" in label for label in row), row


def test_moment_chart_has_one_bar_per_column_of_x():
    data, _ = _fit(n_features=3)
    moment = anatomy.moment(data.X, data.y)
    fig = figures.moment_chart(moment, ["1", *data.feature_names]).figure
    (bars,) = fig.data
    assert bars.type == "bar"
    assert list(bars.x) == ["1", "x1", "x2", "x3"]
    np.testing.assert_allclose(bars.y, moment)


def test_eigenvalue_chart_marks_the_singular_directions():
    _, regular = _fit()
    fig = figures.eigenvalue_chart(regular.eigenvalues).figure
    assert fig.layout.yaxis.type == "log"
    assert len(fig.data) == 1
    _, singular = _fit("duplicated")
    fig = figures.eigenvalue_chart(singular.eigenvalues).figure
    assert [trace.marker.symbol for trace in fig.data] == ["circle", "x"]
    assert len(fig.data[1].x) == 1  # one exactly dependent column
    assert all(y > 0 for trace in fig.data for y in trace.y)  # drawable on log axes


@pytest.mark.parametrize(("truth", "n_traces"), [(True, 2), (False, 1)])
def test_weights_chart_shows_the_truth_when_known(truth, n_traces):
    data, fit = _fit(n_features=3)
    true = [data.intercept_true, *data.coef_true] if truth else None
    fig = figures.weights_chart(
        fit.weights, true, weight_names(3), "w from lstsq"
    ).figure
    assert [trace.type for trace in fig.data] == ["bar"] * n_traces
    assert fig.data[0].name == "w from lstsq"
    assert fig.data[0].marker.color == style.CLOSED_FORM


def test_one_feature_draws_a_line_through_the_scatter():
    data, fit = _fit(n_features=1)
    fig = figures.fitted_model(
        data.X, data.y, fit.intercept, fit.coef, data.feature_names
    ).figure
    points, line = fig.data
    assert (points.mode, line.mode) == ("markers", "lines")
    ends = fit.intercept + fit.coef[0] * np.asarray(line.x)
    np.testing.assert_allclose(line.y, ends)


def test_two_features_draw_a_plane():
    data, fit = _fit(n_features=2)
    fig = figures.fitted_model(
        data.X, data.y, fit.intercept, fit.coef, data.feature_names
    ).figure
    surface, points = fig.data
    assert (surface.type, points.type) == ("surface", "scatter3d")
    assert surface.colorscale is not None and 0 < surface.opacity < 1
    z = np.asarray(surface.z)
    x, y = np.meshgrid(surface.x, surface.y)
    np.testing.assert_allclose(z, fit.intercept + fit.coef[0] * x + fit.coef[1] * y)


@pytest.mark.parametrize("n_features", [3, 8])
def test_more_features_plot_predicted_against_actual(n_features):
    data, fit = _fit(n_features=n_features)
    fig = figures.fitted_model(
        data.X, data.y, fit.intercept, fit.coef, data.feature_names
    ).figure
    diagonal, points = fig.data
    assert diagonal.x == diagonal.y  # the y = x line
    np.testing.assert_allclose(points.x, data.y)
    np.testing.assert_allclose(points.y, data.X @ fit.coef + fit.intercept)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (9.48589, "9.486"),
        (-0.0957712, "-0.09577"),
        (100.0, "100"),
        (13273.2, r"1.327{\times}10^{4}"),
        (1.5e-7, r"1.5{\times}10^{-7}"),
        (1.234567e-13, r"1.2{\times}10^{-13}"),  # rounding level: 2 digits
        (0.0, "0"),
    ],
)
def test_latex_number_keeps_four_significant_digits(value, text):
    assert latex.number(value) == text


def test_latex_solution_shows_the_actual_numbers():
    data, fit = _fit(n_features=2)
    moment = anatomy.moment(data.X, data.y)
    tex = figures.latex_solution(fit.gram, moment, fit.weights)
    assert tex.count(r"\begin{bmatrix}") == 3
    assert "^{-1}" in tex and "w^*" in tex
    assert latex.number(fit.weights[1]) in tex
    assert latex.matrix(np.eye(2)) == (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}")
    assert "^{+}" in figures.latex_solution(fit.gram, moment, fit.weights, True)


def test_eigenvalues_lost_to_rounding_are_not_called_singular_on_full_rank_data():
    eigenvalues = np.array([1e-9, 1.0, 1e12])  # the first is below eps·n·μ_max
    singular = figures.eigenvalue_chart(eigenvalues).figure
    rounded = figures.eigenvalue_chart(eigenvalues, full_rank=True).figure
    assert singular.data[1].name == "≈ 0: singular direction"
    assert rounded.data[1].name == "lost to rounding (X has full rank)"


# --- why the normal equation refused, in words --------------------------------------


def _refusal(X, y, **options) -> solvers.linear.Refusal:
    with pytest.raises(solvers.SingularMatrixError) as refused:
        solvers.normal_equation(X, y, **options)
    return refused.value.refusal


@pytest.mark.parametrize("method", ["solve", "inv"])
def test_a_duplicated_feature_is_explained_with_the_columns_and_the_fix(method):
    data = solvers.make_dataset(
        "duplicated", n_samples=50, n_features=3, random_state=1
    )
    text = figures.explain_refusal(_refusal(data.X, data.y, method=method))
    assert text.startswith(
        "XᵀX is singular: the columns x1, x2 are linearly dependent (one is a "
        "combination of the others, up to a constant)"
    )
    assert text.endswith("which return the minimum-norm solution.")
    assert "ridge with λ > 0" in text


def test_a_constant_column_is_called_a_multiple_of_the_ones():
    X = np.random.default_rng(0).normal(size=(20, 2))
    X[:, 1] = 3.0
    text = figures.explain_refusal(_refusal(X, X[:, 0]))
    assert "the column x2 is constant (a multiple of the ones)" in text


def test_too_few_samples_are_counted():
    X = np.random.default_rng(0).normal(size=(5, 8))
    text = figures.explain_refusal(_refusal(X, X[:, 0]))
    assert text.startswith(
        "XᵀX is singular: 9 unknowns (intercept + 8 features) but only 5 samples, "
        "so its rank is at most 5 < 9"
    )
    assert "'lstsq'/'pinv'" in text
    alone = figures.explain_refusal(_refusal(X[:1, :3], X[:1, 0], fit_intercept=False))
    assert alone.startswith("XᵀX is singular: 3 unknowns but only 1 sample, so")


def test_an_ill_conditioned_system_counts_the_digits_at_risk():
    refusal = solvers.linear.Refusal(
        "ill_conditioned", 100, 3, True, singular_extremes=(1e-7, 1.0)
    )
    text = figures.explain_refusal(refusal)
    assert "κ(X) ≈ 1.0e+07" in text and "κ ≈ 1.0e+14: about 14 digits at risk" in text
    assert "risk only about 7: use them" in text


def test_the_fallback_says_what_is_shown_instead():
    data = solvers.make_dataset(
        "duplicated", n_samples=50, n_features=3, random_state=1
    )
    refusal = _refusal(data.X, data.y)
    text = figures.explain_fallback(refusal)
    assert text.startswith(figures.explain_refusal(refusal))
    assert text.endswith("where gradient descent started at zero ends up.")
    ill = solvers.linear.Refusal("ill_conditioned", 100, 3, True, (1e-7, 1.0))
    assert figures.explain_fallback(ill).endswith(
        "Shown instead: the same least-squares optimum, from lstsq."
    )
