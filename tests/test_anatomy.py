"""Tests for solvers.anatomy, with numpy, pandas and scikit-learn as oracles."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.linear_model import LinearRegression

import solvers
from solvers import anatomy


def _data(seed, n_samples=40, n_features=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) * rng.uniform(0.1, 10, n_features)
    y = X @ rng.normal(size=n_features) + rng.normal(size=n_samples)
    return X, y


# ------------------------------------------------------------ summary statistics


@given(
    seed=st.integers(0, 2**32 - 1),
    n_samples=st.integers(2, 30),
    n_features=st.integers(1, 6),
)
@settings(max_examples=30, deadline=None)
def test_summary_matches_pandas(seed, n_samples, n_features):
    X, y = _data(seed, n_samples, n_features)
    names = tuple(f"x{j}" for j in range(1, n_features + 1))
    summary = anatomy.summary_statistics(X, y, names)
    frame = pd.DataFrame(X, columns=names).assign(y=y).describe()
    assert summary.names == (*names, "y")
    assert_allclose(summary.mean, frame.loc["mean"], rtol=1e-12, atol=1e-12)
    assert_allclose(summary.sd, frame.loc["std"], rtol=1e-10)
    assert_allclose(summary.min, frame.loc["min"])
    assert_allclose(summary.max, frame.loc["max"])


def test_summary_of_one_sample_has_no_sd():
    summary = anatomy.summary_statistics(
        np.array([[1.0, 2.0]]), np.array([3.0]), ("a", "b")
    )
    assert np.isnan(summary.sd).all()
    assert_allclose(summary.mean, [1.0, 2.0, 3.0])


def test_summary_needs_a_name_per_column():
    with pytest.raises(ValueError, match="feature_names must name every column"):
        anatomy.summary_statistics(np.ones((3, 2)), np.ones(3), ("x1",))


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.ones(3), np.ones(3), "X must be a 2-D"),
        (np.ones((3, 2)), np.ones(2), "one value per row"),
    ],
)
def test_bad_shapes_are_explained(X, y, match):
    with pytest.raises(ValueError, match=match):
        anatomy.correlations(X, y)


# ------------------------------------------------------------------ correlations


@given(
    seed=st.integers(0, 2**32 - 1),
    n_samples=st.integers(3, 40),
    n_features=st.integers(1, 8),
)
@settings(max_examples=30, deadline=None)
def test_correlations_match_corrcoef(seed, n_samples, n_features):
    X, y = _data(seed, n_samples, n_features)
    expected = np.corrcoef(np.column_stack([X, y]), rowvar=False)[-1, :-1]
    assert_allclose(anatomy.correlations(X, y), expected, atol=1e-12)


def test_constant_columns_have_zero_correlation():
    X = np.column_stack([np.ones(5), np.arange(5.0)])
    assert_allclose(anatomy.correlations(X, np.arange(5.0)), [0.0, 1.0])
    assert_allclose(anatomy.correlations(X, np.ones(5)), [0.0, 0.0])
    assert_allclose(anatomy.correlations(X[:1], np.ones(1)), [0.0, 0.0])


@given(
    seed=st.integers(0, 2**32 - 1), n_features=st.integers(1, 12), k=st.integers(1, 15)
)
@settings(max_examples=30, deadline=None)
def test_strongest_features_are_the_largest_abs_correlations(seed, n_features, k):
    X, y = _data(seed, 30, n_features)
    chosen = anatomy.strongest_features(X, y, k)
    strength = np.abs(np.corrcoef(np.column_stack([X, y]), rowvar=False)[-1, :-1])
    assert len(chosen) == min(k, n_features)
    assert len(set(chosen.tolist())) == len(chosen)
    assert np.all(np.diff(strength[chosen]) <= 1e-12)  # strongest first
    left_out = np.setdiff1d(np.arange(n_features), chosen)
    if left_out.size:
        assert strength[left_out].max() <= strength[chosen].min() + 1e-12


@pytest.mark.parametrize("k", [0, -1, 2.5, True, "3"])
def test_strongest_features_needs_a_positive_int(k):
    with pytest.raises(ValueError, match="k must be a positive int"):
        anatomy.strongest_features(np.ones((3, 2)), np.arange(3.0), k)


# ------------------------------------------------------------------ the anatomy


def test_moment_is_xt_y_with_a_column_of_ones():
    X, y = _data(3)
    design = np.column_stack([np.ones(len(y)), X])
    assert_allclose(anatomy.moment(X, y), design.T @ y)
    assert anatomy.moment(X, y)[0] == pytest.approx(y.sum())


# --------------------------------------------------------- comparing the methods


def _fits(data):
    fits, errors = {}, {}
    for method in solvers.METHODS:
        try:
            fits[method] = solvers.normal_equation(data.X, data.y, method=method)
        except solvers.SingularMatrixError as error:
            errors[method] = str(error)
    return fits, errors


@pytest.mark.parametrize("preset", ["well_conditioned", "badly_scaled", "collinear"])
@pytest.mark.parametrize("n_features", [2, 5])
def test_every_method_agrees_with_linear_regression(preset, n_features):
    data = solvers.make_dataset(preset, n_features=n_features, bias=10.0)
    fits, errors = _fits(data)
    assert not errors
    oracle = LinearRegression().fit(data.X, data.y)
    lstsq = fits["lstsq"]
    assert_allclose(lstsq.coef, oracle.coef_, rtol=1e-6)
    assert lstsq.intercept == pytest.approx(oracle.intercept_, rel=1e-9)
    checks = anatomy.check_methods(fits, lstsq, order=solvers.METHODS)
    assert [c.method for c in checks] == list(solvers.METHODS)
    assert all(c.error is None for c in checks)
    assert all(c.agreeing_digits >= 5 for c in checks)
    assert all(np.isnan(c.correct_digits) for c in checks)  # nothing certified
    assert all(
        c.weight_norm == pytest.approx(np.linalg.norm(lstsq.weights), rel=1e-6)
        for c in checks
    )


def test_digits_at_risk_follow_the_method_on_nearly_collinear_data():
    data = solvers.make_dataset("collinear", n_features=2)
    fits, _ = _fits(data)
    checks = {c.method: c for c in anatomy.check_methods(fits, fits["lstsq"])}
    # Forming XᵀX squares κ(X): twice the digits at risk of the SVD methods.
    kappa = np.linalg.cond(fits["lstsq"].scaled)
    assert checks["solve"].digits_at_risk == pytest.approx(2 * np.log10(kappa))
    assert checks["lstsq"].digits_at_risk == pytest.approx(np.log10(kappa))
    assert checks["inv"].digits_at_risk == checks["solve"].digits_at_risk


@pytest.mark.parametrize(("preset", "n_features"), [("duplicated", 2), ("wide", 6)])
def test_singular_data_reports_the_failures_and_the_minimum_norm_solution(
    preset, n_features
):
    data = solvers.make_dataset(preset, n_features=n_features)
    fits, errors = _fits(data)
    assert set(errors) == {"solve", "inv"}
    checks = anatomy.check_methods(fits, fits["lstsq"], errors, solvers.METHODS)
    failed = [c for c in checks if c.error]
    assert [c.method for c in failed] == ["solve", "inv"]
    assert all(
        math.isnan(c.agreeing_digits) and math.isnan(c.weight_norm) for c in failed
    )
    minimum_norm = np.linalg.pinv(np.column_stack([np.ones(len(data.y)), data.X]))
    expected = minimum_norm @ data.y
    assert checks[2].weight_norm == pytest.approx(np.linalg.norm(expected), rel=1e-8)


def test_check_methods_needs_every_listed_method():
    data = solvers.make_dataset()
    fits, _ = _fits(data)
    with pytest.raises(ValueError, match="neither in fits nor in errors"):
        anatomy.check_methods(fits, fits["lstsq"], order=("solve", "qr"))


def test_summary_names_the_target_as_given():
    X, y = np.arange(6.0).reshape(3, 2), np.array([1.0, 2.0, 4.0])
    assert anatomy.summary_statistics(X, y, ("a", "b")).names == ("a", "b", "y")
    named = anatomy.summary_statistics(X, y, ("a", "b"), "price")
    assert named.names == ("a", "b", "price")
