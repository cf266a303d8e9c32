"""The ridge figure builders, tested on solver results without Streamlit."""

import json

import numpy as np
import pytest

from figures import ridge as figures
from figures import style
from figures.normal_equation import explain_fallback
from solvers import make_dataset, ridge
from solvers.regularization import (
    judge_normal_equation,
    lambda_grid,
    penalized_surface,
    ridge_or_min_norm,
    ridge_path,
)
from ui.frame.weights import weight_names


@pytest.fixture(scope="module")
def duplicated():
    data = make_dataset("duplicated", n_samples=40, n_features=3, random_state=0)
    return data, ridge_path(data.X, data.y, lambda_grid(-3, 4, 4))


def spec(fig) -> dict:
    """The figure as the browser gets it (strict JSON: no NaN or inf survives)."""
    return json.loads(fig.to_json())


def traces_named(fig, name):
    return [trace for trace in fig.data if trace.name == name]


def vertical_lines(fig):
    return [s for s in fig.layout.shapes if s.x0 == s.x1]


@pytest.mark.parametrize("presenter", [False, True])
def test_coefficient_path_draws_every_coefficient(duplicated, presenter):
    data, path = duplicated
    fit = ridge(data.X, data.y, 10.0)
    names = ["w1", "w2", "w3"]
    fig = figures.coefficient_path(path, fit, names=names, presenter=presenter).figure
    for j, name in enumerate(names):
        (line,) = traces_named(fig, name)
        assert np.all(np.asarray(line.x) > 0)  # λ = 0 is not on the log curve
        np.testing.assert_allclose(line.y, path.coef[1:, j])
        (zero,) = traces_named(fig, f"{name} at λ = 0")
        assert zero.y[0] == pytest.approx(path.coef[0, j])
        assert zero.x[0] < line.x[0]
    (current,) = traces_named(fig, "λ = 10")
    np.testing.assert_allclose(current.y, fit.coef)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.ticktext[0] == "0"
    assert fig.layout.xaxis.tickvals[0] == pytest.approx(zero.x[0])
    assert any(s.x0 == 10.0 for s in vertical_lines(fig))
    assert fig.layout.font.size == style.sizes(presenter).font
    spec(fig)


def test_current_lambda_zero_sits_at_the_zero_tick(duplicated):
    data, path = duplicated
    fit = ridge(data.X, data.y, 0.0, method="lstsq")
    fig = figures.coefficient_path(path, fit, names=["w1", "w2", "w3"]).figure
    zero_tick = fig.layout.xaxis.tickvals[0]
    (current,) = traces_named(fig, "λ = 0")
    assert set(current.x) == {zero_tick}
    assert any(s.x0 == zero_tick for s in vertical_lines(fig))


def test_many_features_draw_the_largest_coefficients_with_a_legend():
    data = make_dataset(n_samples=60, n_features=12, random_state=0)
    path = ridge_path(data.X, data.y, lambda_grid(-3, 4, 2))
    fit = ridge(data.X, data.y, 1.0)
    names = [f"w{j}" for j in range(1, 13)]
    fig = figures.coefficient_path(path, fit, names=names).figure
    lines = [trace for trace in fig.data if trace.mode == "lines"]
    assert len(lines) == figures.MAX_PATH_LINES < len(names)
    largest = np.argsort(-np.abs(path.coef).max(axis=0))[: figures.MAX_PATH_LINES]
    assert {trace.name for trace in lines} == {names[j] for j in largest}
    assert fig.layout.showlegend is not False
    assert f"{figures.MAX_PATH_LINES} largest of 12" in fig.layout.title.text
    current = fig.data[-1]
    assert len(current.y) == figures.MAX_PATH_LINES


@pytest.mark.parametrize("penalize_intercept", [False, True])
def test_penalized_contours_mark_both_optima_and_the_path(penalize_intercept):
    data = make_dataset("collinear", n_samples=40, n_features=2, random_state=0)
    path = ridge_path(
        data.X, data.y, lambda_grid(), penalize_intercept=penalize_intercept
    )
    fit = ridge(data.X, data.y, 5.0, penalize_intercept=penalize_intercept)
    surface = penalized_surface(
        data.X,
        data.y,
        5.0,
        fit.weights,
        (1, 2),
        penalize_intercept=penalize_intercept,
        path=path.weights,
    )
    fig = figures.penalized_contours(
        surface, path, fit, names=weight_names(2), presenter=False
    ).figure
    (star,) = traces_named(fig, "ridge optimum (λ = 5)")
    assert (star.x[0], star.y[0]) == pytest.approx(tuple(fit.weights[1:]))
    (diamond,) = traces_named(fig, "unpenalized optimum (λ = 0)")
    assert (diamond.x[0], diamond.y[0]) == pytest.approx(tuple(path.weights[0, 1:]))
    (trail,) = traces_named(fig, "ridge optimum as λ goes 0 → ∞")
    np.testing.assert_allclose(trail.x, path.weights[:, 1])
    assert fig.layout.xaxis.title.text == "w1"
    assert fig.layout.yaxis.title.text == "w2"
    assert fig.layout.title.text == "Penalized cost J at λ = 5"
    contour = fig.data[0]
    assert np.isfinite(np.asarray(contour.z, dtype=float)).all()


def test_intercept_chart_draws_one_curve_per_penalty(duplicated):
    data, _ = duplicated
    paths = {
        "L = diag(0,1,…,1)": ridge_path(data.X, data.y, lambda_grid(-3, 4, 4)),
        "L = I": ridge_path(
            data.X, data.y, lambda_grid(-3, 4, 4), penalize_intercept=True
        ),
    }
    fig = figures.intercept_chart(paths, current_lam=100.0, truth=10.0).figure
    for name, path in paths.items():
        (curve,) = traces_named(fig, name)
        np.testing.assert_allclose(curve.y, path.intercept[1:])
    assert any(s.y0 == s.y1 == 10.0 for s in fig.layout.shapes)
    assert any("true intercept 10" in a.text for a in fig.layout.annotations)
    unknown = figures.intercept_chart(paths, current_lam=100.0, truth=None).figure
    assert not any(s.y0 == s.y1 for s in unknown.layout.shapes)


def test_condition_chart_shows_a_singular_matrix_as_infinity(duplicated):
    _, path = duplicated
    assert np.isinf(path.condition_numbers[0])
    fig = figures.condition_chart(path, current_lam=1.0).figure
    (zero,) = traces_named(fig, "λ = 0: XᵀX alone")
    assert zero.text == ("∞ (singular)",)
    assert np.isfinite(zero.y[0])
    assert zero.y[0] > np.max(path.condition_numbers[1:])
    (curve,) = traces_named(fig, "cond(XᵀX + λL)")
    np.testing.assert_allclose(curve.y, path.condition_numbers[1:])
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.xaxis.type == "log"
    spec(fig)


def test_condition_chart_labels_a_finite_value_at_lambda_zero():
    data = make_dataset("collinear", n_features=2, random_state=0)
    path = ridge_path(data.X, data.y, lambda_grid(-3, 4, 2))
    fig = figures.condition_chart(path, current_lam=0.0).figure
    (zero,) = traces_named(fig, "λ = 0: XᵀX alone")
    assert zero.y[0] == pytest.approx(path.condition_numbers[0])
    assert zero.text == (f"{path.condition_numbers[0]:.3g}",)


def test_a_lambda_axis_needs_a_positive_lambda():
    data = make_dataset(random_state=0)
    path = ridge_path(data.X, data.y, np.array([0.0]))
    with pytest.raises(ValueError, match="λ > 0"):
        figures.condition_chart(path, current_lam=0.0)


def test_condition_chart_ticks_suit_the_span():
    data = make_dataset("collinear", n_features=2, random_state=0)
    wide = figures.condition_chart(
        ridge_path(data.X, data.y, lambda_grid(-3, 4, 2)), current_lam=1.0
    ).figure
    assert wide.layout.yaxis.dtick == 1
    narrow = figures.condition_chart(
        ridge_path(data.X, data.y, np.array([1.0, 1.5])), current_lam=1.0
    ).figure
    assert narrow.layout.yaxis.dtick is None


def test_path_lines_differ_in_dash_as_well_as_colour():
    """Colour is never the only difference between two coefficients' lines."""
    data = make_dataset("well_conditioned", n_samples=40, n_features=6, random_state=0)
    path = ridge_path(data.X, data.y, lambda_grid(-3, 4, 2))
    fit = ridge(data.X, data.y, 1.0)
    fig = figures.coefficient_path(path, fit, names=data.feature_names).figure
    lines = [t for t in fig.data if t.mode == "lines" and t.legendgroup]
    assert len(lines) == 6
    assert len({t.line.dash for t in lines}) == 6
    assert len({t.line.color for t in lines}) == 6


# --- the normal equation's verdict and the conditioning, in words ------------------


def test_the_conditioning_is_told_rising_again_only_with_a_free_intercept():
    data = make_dataset(n_samples=100, n_features=3, random_state=0)
    path = ridge_path(data.X, data.y, np.array([1.0, 1e4]))
    text = figures.describe_conditioning(path)
    assert "rises again" in text
    assert f"{path.condition_numbers[1]:.3g}" in text
    same = ridge_path(data.X, data.y, np.array([1.0, 1e4]), penalize_intercept=True)
    assert "every eigenvalue" in figures.describe_conditioning(same)


@pytest.mark.parametrize(
    ("preset", "opening"),
    [
        ("well_conditioned", "cond(XᵀX) = "),
        ("collinear", "The plain normal equation is unstable"),
        ("duplicated", "The plain normal equation fails. XᵀX is singular"),
    ],
)
def test_the_verdict_is_told_with_its_numbers(preset, opening):
    data = make_dataset(preset, n_features=2, random_state=0)
    fit, refusal = ridge_or_min_norm(data.X, data.y, 0.0)
    verdict = judge_normal_equation(fit, refused=refusal is not None)
    note = None if refusal is None else explain_fallback(refusal)
    text = figures.describe_verdict(verdict, note)
    assert text.startswith(opening)
    if note is None:
        assert f"{fit.scaled_condition_number:.3g}" in text
    else:
        assert text.endswith(note)
