"""The datasets' words: each preset's name and story (`figures.data`), told from
the data's own shape, and real data's own card kept as it is."""

import dataclasses

import pytest

from figures.data import PRESET_LABELS, describe_dataset, describe_preset
from solvers import PRESETS, make_dataset


def test_every_preset_has_a_name_in_display_order():
    assert tuple(PRESET_LABELS) == PRESETS
    assert all(isinstance(label, str) and label for label in PRESET_LABELS.values())


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_has_a_story(preset):
    data = make_dataset(preset, n_samples=40, n_features=3)
    text = describe_dataset(data)
    assert len(text) > 40
    assert text == describe_preset(preset, *data.X.shape)


@pytest.mark.parametrize(
    ("n_samples", "n_features", "expected_n"),
    [(100, 2, 1), (100, 10, 5), (3, 10, 3)],
)
def test_wide_data_quotes_its_own_shape(n_samples, n_features, expected_n):
    data = make_dataset("wide", n_samples=n_samples, n_features=n_features)
    text = describe_dataset(data)
    assert f"p = {n_features}" in text and f"n = {expected_n}" in text


def test_real_data_keeps_its_own_card():
    data = dataclasses.replace(make_dataset(), preset="upload", description="Mine.")
    assert describe_dataset(data) == "Mine."
