"""Tests for solvers.projection and figures.projection: least squares as an
orthogonal projection. Oracles: numpy.linalg.lstsq and numpy.linalg.pinv."""

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from figures import projection as figures
from solvers.projection import (
    EXAMPLE_FEATURE,
    example_design,
    plane_patch,
    project,
    projection_scene,
    right_angle_marker,
)

seeds = st.integers(0, 2**32 - 1)


def random_problem(seed: int, n_samples: int = 3, n_columns: int = 2):
    """X with independent columns and y, both standard normal."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_samples, n_columns)), rng.standard_normal(n_samples)


# --- project: the maths ----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(seed=seeds)
def test_residual_is_orthogonal_to_both_columns(seed):
    X, y = random_problem(seed)
    result = project(X, y)
    assert np.abs(X.T @ result.residual).max() < 1e-12
    assert_allclose(result.normal_residual, X.T @ result.residual, rtol=0, atol=0)
    assert_allclose(result.y_hat + result.residual, y, rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(seed=seeds, n_samples=st.integers(2, 8), data=st.data())
def test_orthogonal_for_any_tall_shape(seed, n_samples, data):
    n_columns = data.draw(st.integers(1, n_samples))
    X, y = random_problem(seed, n_samples, n_columns)
    result = project(X, y)
    assert np.abs(X.T @ result.residual).max() < 1e-12


@settings(max_examples=100, deadline=None)
@given(seed=seeds)
def test_fitted_values_and_weights_match_lstsq(seed):
    X, y = random_problem(seed)
    oracle, *_ = np.linalg.lstsq(X, y, rcond=None)
    result = project(X, y)
    assert_allclose(result.y_hat, X @ oracle, rtol=0, atol=1e-12)
    assert_allclose(result.weights, oracle, rtol=1e-8, atol=1e-10)
    assert_allclose(X @ result.weights, result.y_hat, rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(seed=seeds)
def test_projection_matrix_is_symmetric_idempotent_and_matches_pinv(seed):
    X, y = random_problem(seed)
    P = project(X, y).projection_matrix
    assert_allclose(P @ P, P, rtol=0, atol=1e-12)
    assert_allclose(P.T, P, rtol=0, atol=1e-12)
    assert_allclose(P, X @ np.linalg.pinv(X), rtol=0, atol=1e-10)
    assert_allclose(P @ X, X, rtol=0, atol=1e-12)
    assert np.trace(P) == pytest.approx(X.shape[1])


def test_projection_matrix_gives_the_fitted_values():
    X, y = random_problem(7)
    result = project(X, y)
    assert_allclose(result.projection_matrix @ y, result.y_hat, atol=1e-12)


def test_y_in_the_plane_is_its_own_projection():
    X = example_design()
    y = X @ np.array([1.0, 1.0])
    result = project(X, y)
    assert_allclose(result.y_hat, y, atol=1e-12)
    assert_allclose(result.weights, [1.0, 1.0], atol=1e-12)
    assert np.abs(result.residual).max() < 1e-12


def test_example_design_is_a_line_fit():
    X = example_design()
    assert X.shape == (3, 2)
    assert_allclose(X[:, 0], 1.0)
    assert_allclose(X[:, 1], EXAMPLE_FEATURE)


# --- project: the errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.ones(3), np.ones(3), "2-D"),
        (
            np.eye(3)[:, :2],
            np.ones(2),
            r"y must have one value per row of X: expected shape \(3,\)",
        ),
        (np.eye(3)[:, :2], np.array([1.0, np.nan, 0.0]), "finite"),
        (np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), np.ones(3), "dependent"),
        (np.ones((2, 3)), np.ones(2), "dependent"),
    ],
)
def test_bad_input_names_the_problem(X, y, match):
    with pytest.raises(ValueError, match=match):
        project(X, y)


def test_marker_needs_two_directions():
    with pytest.raises(ValueError, match="second must be a non-zero"):
        right_angle_marker(np.zeros(3), np.ones(3), np.zeros(3), 0.1)


def test_plane_patch_needs_a_plane_in_3d():
    with pytest.raises(ValueError, match=r"shape \(3, 2\)"):
        plane_patch(np.eye(4)[:, :2], np.zeros((1, 4)))


# --- the scene: plane patch and right-angle mark -----------------------------------


@settings(max_examples=50, deadline=None)
@given(seed=seeds)
def test_plane_patch_lies_in_the_plane_and_reaches_every_point(seed):
    X, y = random_problem(seed)
    scene = projection_scene(X, y)
    P = scene.projection.projection_matrix
    grid = np.stack([scene.plane.x, scene.plane.y, scene.plane.z], axis=-1)
    points = grid.reshape(-1, 3)
    assert_allclose(points @ P, points, atol=1e-9)
    shown = np.vstack([X.T, y, scene.projection.y_hat]) @ P
    assert np.linalg.norm(shown, axis=1).max() <= scene.plane.radius


@settings(max_examples=50, deadline=None)
@given(seed=seeds)
def test_marker_is_a_right_angle_between_residual_and_plane(seed):
    X, y = random_problem(seed)
    scene = projection_scene(X, y)
    corner = scene.projection.y_hat
    along_residual = scene.marker[0] - corner
    along_plane = scene.marker[2] - corner
    size = np.linalg.norm(along_residual)
    assert size > 0
    assert np.linalg.norm(along_plane) == pytest.approx(size)
    assert along_residual @ along_plane == pytest.approx(0, abs=1e-12)
    # One leg along the residual, the other inside the plane.
    cosine = along_residual @ scene.projection.residual
    assert cosine == pytest.approx(size * np.linalg.norm(scene.projection.residual))
    P = scene.projection.projection_matrix
    assert_allclose(P @ along_plane, along_plane, atol=1e-12)
    assert_allclose(scene.marker[1] - corner, along_residual + along_plane)


def test_no_marker_when_y_is_in_the_plane():
    X = example_design()
    scene = projection_scene(X, X @ np.array([2.0, -1.0]))
    assert scene.marker is None


def test_marker_when_y_is_perpendicular_to_the_plane():
    X = example_design()
    normal = np.cross(X[:, 0], X[:, 1])
    scene = projection_scene(X, normal)
    assert_allclose(scene.projection.y_hat, 0, atol=1e-12)
    assert scene.marker is not None
    assert np.isfinite(scene.marker).all()


# --- figures -------------------------------------------------------------------------


def test_scene_figure_draws_plane_vectors_and_mark():
    X = example_design()
    y = np.array([2.0, -1.0, 3.0])
    scene = projection_scene(X, y)
    fig = figures.projection_scene(X, y, scene, presenter=True).figure
    assert isinstance(fig, go.Figure)
    kinds = [trace.type for trace in fig.data]
    assert kinds.count("surface") == 1
    assert kinds.count("cone") == 4  # x₁, x₂, y, ŷ
    lines = [t for t in fig.data if t.type == "scatter3d" and t.mode == "lines"]
    ends = {tuple(np.round([t.x[-1], t.y[-1], t.z[-1]], 9)) for t in lines}
    assert tuple(y) in ends
    assert tuple(np.round(scene.projection.y_hat, 9)) in ends
    marker = [t for t in lines if len(t.x) == 3]
    assert_allclose(
        np.column_stack([marker[0].x, marker[0].y, marker[0].z]), scene.marker
    )
    # Same scale on every axis, so that right angles look right.
    layout = fig.layout.scene
    assert layout.aspectmode == "cube"
    assert layout.xaxis.range == layout.yaxis.range == layout.zaxis.range


def test_scene_figure_without_residual_has_no_mark():
    X = example_design()
    y = X @ np.array([1.0, 1.0])
    fig = figures.projection_scene(X, y, projection_scene(X, y)).figure
    lines = [t for t in fig.data if t.type == "scatter3d" and t.mode == "lines"]
    assert not [t for t in lines if len(t.x) == 3]


def test_line_fit_shows_data_fit_and_gaps():
    X = example_design()
    y = np.array([2.0, -1.0, 3.0])
    result = project(X, y)
    fig = figures.line_fit(X[:, 1], y, result).figure
    by_name = {trace.name: trace for trace in fig.data}
    assert_allclose(by_name["data yᵢ"].y, y)
    assert_allclose(by_name["fitted ŷᵢ"].y, result.y_hat)
    line = next(t for t in fig.data if t.name.startswith("line"))
    intercept, slope = result.weights
    assert_allclose(line.y, intercept + slope * np.asarray(line.x))
