"""Tests for solvers.datasets: bit-for-bit parity with scikit-learn, and the presets."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.datasets import make_regression as sk_make_regression

from solvers.datasets import PRESETS, Dataset, make_dataset, make_regression


def assert_identical(ours, theirs):
    """Same number of outputs, same shapes, same bits."""
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        assert np.array_equal(a, b)


def assert_parity(ours, theirs, effective_rank):
    """Bit-identical where only the random generator is involved; with an
    effective rank, X comes out of a QR factorization, whose last bits depend on
    the LAPACK build (numpy and scipy may bundle different ones), so there the
    arrays agree to a few units in the last place instead."""
    if effective_rank is None:
        assert_identical(ours, theirs)
        return
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, np.abs(b).max()))


# ---------------------------------------------------------------- make_regression

# The paths where a port goes wrong: one sample, one feature, more informative
# features than features, several targets, p > n, a rank-1 and a full-rank low-rank
# matrix, no shuffle, no coef, the largest seed.
HARD_CASES = [
    dict(n_samples=1, n_features=1, n_informative=1),
    dict(n_samples=5, n_features=1, n_informative=10, noise=2.0, bias=-3.5),
    dict(n_samples=1, n_features=4, n_informative=2, n_targets=3),
    dict(n_samples=20, n_features=60, n_informative=10, shuffle=False),
    dict(n_samples=50, n_features=20, n_targets=2, effective_rank=1, tail_strength=0.0),
    dict(n_samples=60, n_features=40, effective_rank=30, tail_strength=1.0),
    dict(n_samples=30, n_features=3, effective_rank=5, coef=False, noise=2.0),
    dict(n_samples=30, n_features=3, n_informative=3, random_state=2**32 - 1),
]


@pytest.mark.parametrize("kwargs", HARD_CASES, ids=str)
def test_make_regression_matches_sklearn_on_the_hard_paths(kwargs):
    kwargs = {"coef": True, "random_state": 7, **kwargs}
    ours, theirs = make_regression(**kwargs), sk_make_regression(**kwargs)
    assert_parity(ours, theirs, kwargs.get("effective_rank"))


@settings(max_examples=60, deadline=None, database=None)
@given(
    random_state=st.integers(0, 2**32 - 1),
    n_samples=st.integers(1, 40),
    n_features=st.integers(1, 40),
    n_informative=st.integers(0, 50),
    n_targets=st.integers(1, 3),
    effective_rank=st.none() | st.integers(1, 20),
    tail_strength=st.sampled_from([0.0, 0.25, 1.0]),
    noise=st.sampled_from([0.0, 0.1, 10.0]),
    bias=st.sampled_from([0.0, 1.0, -50.0]),
    shuffle=st.booleans(),
    coef=st.booleans(),
)
def test_make_regression_matches_sklearn(**kwargs):
    ours, theirs = make_regression(**kwargs), sk_make_regression(**kwargs)
    assert_parity(ours, theirs, kwargs["effective_rank"])


def test_defaults_match_sklearn():
    ours, theirs = make_regression(random_state=3), sk_make_regression(random_state=3)
    assert_identical(ours, theirs)


@pytest.mark.parametrize("effective_rank", [None, 4])
def test_random_state_instance_is_consumed_like_sklearn(effective_rank):
    ours, theirs = np.random.RandomState(5), np.random.RandomState(5)
    kwargs = dict(n_samples=20, n_features=6, effective_rank=effective_rank, noise=1.0)
    assert_parity(
        make_regression(**kwargs, random_state=ours),
        sk_make_regression(**kwargs, random_state=theirs),
        effective_rank,
    )
    assert ours.uniform() == theirs.uniform()


def test_random_state_none_uses_global_generator():
    np.random.seed(11)  # noqa: NPY002 - the legacy global generator is under test
    ours = make_regression(10, 3, random_state=None)
    np.random.seed(11)  # noqa: NPY002
    assert_identical(ours, sk_make_regression(10, 3, random_state=None))


def test_shapes_are_squeezed_like_sklearn():
    X, y, coef = make_regression(7, 3, n_targets=2, coef=True, random_state=0)
    assert (X.shape, y.shape, coef.shape) == ((7, 3), (7, 2), (3, 2))
    X, y, coef = make_regression(7, 3, coef=True, random_state=0)
    assert (y.shape, coef.shape) == ((7,), (3,))
    assert len(make_regression(7, 3, random_state=0)) == 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(n_samples=0), "n_samples must be an int >= 1"),
        (dict(n_samples=True), "n_samples must be an int"),
        (dict(n_features=2.5), "n_features must be an int >= 1"),
        (dict(n_informative=-1), "n_informative must be an int >= 0"),
        (dict(n_targets=0), "n_targets must be an int >= 1"),
        (dict(bias=np.nan), "bias must be a finite number"),
        (dict(bias="1"), "bias must be a finite number"),
        (dict(effective_rank=0), "effective_rank must be an int >= 1 or None"),
        (dict(effective_rank=2.0), "effective_rank must be an int"),
        (dict(tail_strength=1.5), "tail_strength must be .* between 0.0 and 1.0"),
        (dict(noise=-1.0), "noise must be a finite number >= 0"),
        (dict(noise=np.inf), "noise must be a finite number"),
        (dict(shuffle="yes"), "shuffle must be True or False"),
        (dict(coef=1), "coef must be True or False"),
        (dict(random_state="seed"), "random_state must be None, an int"),
        (dict(random_state=-1), "random_state must be None, an int"),
        (dict(random_state=2**32), "random_state must be None, an int"),
    ],
)
def test_make_regression_rejects_what_sklearn_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_regression(**kwargs)
    with pytest.raises((ValueError, TypeError)):  # sklearn: TypeError for a bool
        sk_make_regression(**kwargs)


# ------------------------------------------------------------------- make_dataset


def design(X):
    return np.column_stack([np.ones(len(X)), X])


def test_presets_are_listed_in_display_order():
    assert list(PRESETS) == [
        "well_conditioned",
        "badly_scaled",
        "collinear",
        "valley",
        "duplicated",
        "wide",
    ]


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_fields(preset):
    data = make_dataset(preset, n_samples=40, n_features=3, bias=2.0)
    n = 1 if preset == "wide" else 40
    assert isinstance(data, Dataset)
    assert data.X.shape == (n, 3)
    assert data.y.shape == (n,)
    assert data.coef_true.shape == (3,)
    assert data.intercept_true == 2.0
    assert isinstance(data.intercept_true, float)
    assert data.feature_names == ("x1", "x2", "x3")
    assert data.preset == preset
    assert data.description == ""  # generated: `figures.data` tells its story
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.preset = "other"


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("n_features", [2, 5])
def test_noiseless_targets_follow_the_true_model(preset, n_features):
    data = make_dataset(preset, n_features=n_features, noise=0.0, bias=-7.0)
    assert_allclose(
        data.y, data.X @ data.coef_true + data.intercept_true, rtol=1e-10, atol=1e-9
    )


@pytest.mark.parametrize("preset", ["well_conditioned", "badly_scaled", "collinear"])
def test_noise_level_survives_the_preset(preset):
    data = make_dataset(preset, n_samples=2000, n_features=2, noise=10.0)
    residual = data.y - data.X @ data.coef_true - data.intercept_true
    assert 9.0 < residual.std() < 11.0


def test_well_conditioned_is_plain_make_regression():
    data = make_dataset(n_samples=30, n_features=4, noise=3.0, bias=1.0, random_state=9)
    expected = make_regression(
        30, 4, n_informative=4, noise=3.0, bias=1.0, coef=True, random_state=9
    )
    assert_identical((data.X, data.y, data.coef_true), expected)


def test_n_informative_sets_the_number_of_nonzero_coefficients():
    data = make_dataset(n_features=6, n_informative=2)
    assert np.count_nonzero(data.coef_true) == 2
    assert np.count_nonzero(make_dataset(n_features=6).coef_true) == 6


def test_badly_scaled_stretches_x1_and_keeps_y():
    plain = make_dataset("well_conditioned", n_features=3, random_state=4)
    scaled = make_dataset("badly_scaled", n_features=3, random_state=4)
    assert np.array_equal(scaled.X[:, 0], 100 * plain.X[:, 0])
    assert np.array_equal(scaled.X[:, 1:], plain.X[:, 1:])
    assert scaled.coef_true[0] == plain.coef_true[0] / 100
    assert np.array_equal(scaled.y, plain.y)
    ratio = scaled.X[:, 0].std() / scaled.X[:, 1].std()
    assert 50 < ratio < 200


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_collinear_is_ill_conditioned_but_full_rank(seed):
    data = make_dataset("collinear", n_samples=100, random_state=seed)
    A = design(data.X)
    assert np.linalg.cond(A.T @ A) > 1e6
    assert np.linalg.matrix_rank(A) == 3
    assert 0 < np.abs(data.X[:, 1] - data.X[:, 0]).max() < 0.01


@pytest.mark.parametrize("n_features", [2, 4])
def test_duplicated_is_exactly_rank_deficient(n_features):
    data = make_dataset("duplicated", n_features=n_features)
    assert np.array_equal(data.X[:, 1], data.X[:, 0])
    assert np.linalg.matrix_rank(design(data.X)) == n_features
    assert np.linalg.matrix_rank(data.X) == n_features - 1


@pytest.mark.parametrize(
    ("n_samples", "n_features", "expected_n"),
    [(100, 2, 1), (100, 3, 1), (100, 10, 5), (100, 41, 20), (3, 10, 3)],
)
def test_wide_has_more_features_than_samples(n_samples, n_features, expected_n):
    data = make_dataset("wide", n_samples=n_samples, n_features=n_features)
    assert data.X.shape == (expected_n, n_features)
    assert data.X.shape[1] > data.X.shape[0]


@pytest.mark.parametrize("preset", PRESETS)
def test_same_seed_same_data(preset):
    a = make_dataset(preset, n_features=4, random_state=21)
    b = make_dataset(preset, n_features=4, random_state=21)
    c = make_dataset(preset, n_features=4, random_state=22)
    for field in ("X", "y", "coef_true"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(preset="nope"), "preset must be one of 'well_conditioned', "),
        (dict(preset=["wide"]), "preset must be one of"),
        (dict(n_samples=0), "n_samples must be an int >= 1"),
        (dict(n_features=0), "n_features must be an int >= 1"),
        (dict(n_features=2.0), "n_features must be an int >= 1"),
        (dict(n_informative=-1), "n_informative must be an int >= 0 or None"),
        (dict(n_informative=3), "n_informative must be at most n_features=2"),
        (dict(noise=-0.5), "noise must be a finite number >= 0"),
        (dict(noise=np.nan), "noise must be a finite number"),
        (dict(bias=np.inf), "bias must be a finite number"),
        (dict(effective_rank=0), "effective_rank must be an int >= 1 or None"),
        (dict(random_state=None), "random_state must be an int between 0 and"),
        (dict(random_state=-1), "random_state must be an int between 0 and"),
        (dict(random_state=np.random.RandomState(0)), "random_state must be an int"),
        (dict(preset="collinear", n_features=1), "'collinear' preset needs n_featu"),
        (dict(preset="duplicated", n_features=1), "'duplicated' preset needs n_fea"),
        (dict(preset="wide", n_features=1), "'wide' preset needs n_features >= 2"),
    ],
)
def test_make_dataset_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(**kwargs)


@pytest.mark.parametrize("seed", range(6))
def test_the_valley_is_stretched_and_tilted_against_the_axes(seed):
    data = make_dataset("valley", n_features=3, random_state=seed)
    hessian = design(data.X).T @ design(data.X) / len(data.y)
    curvatures, axes = np.linalg.eigh(hessian[1:3, 1:3])  # the (x1, x2) bowl
    assert 50 <= curvatures[1] / curvatures[0] <= 500
    angles = np.degrees(np.arccos(np.abs(axes[0])))  # each axis against x1's
    assert ((angles >= 20) & (angles <= 70)).all(), angles
    # y still follows the true weights.
    fitted = data.X @ data.coef_true + data.intercept_true
    assert np.std(data.y - fitted) < 20
