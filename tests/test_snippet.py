"""The reproduce-in-Python script, run in a subprocess, prints the app's weights."""

import re
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

from solvers import gradient_descent, make_dataset, normal_equation
from ui.snippet import reproduce_script


def _settings(preset, **overrides):
    settings = {
        "preset": preset,
        "n_samples": 80,
        "n_features": 3,
        "n_informative": None,
        "noise": 5.0,
        "bias": 10.0,
        "effective_rank": None,
        "random_state": 7,
    }
    return {**settings, **overrides}


def _printed(output, label):
    line = next(line for line in output.splitlines() if line.startswith(label))
    return np.array(
        [
            float(v)
            for v in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", line.split(":", 1)[1])
        ]
    )


@pytest.mark.parametrize(
    ("preset", "options"),
    [
        ("well_conditioned", {"learning_rate": 0.1, "max_iter": 2000}),
        ("badly_scaled", {"learning_rate": 0.3, "max_iter": 2000, "standardize": True}),
        (
            "collinear",
            {
                "learning_rate": 0.2,
                "max_iter": 3000,
                "momentum": 0.5,
                "standardize": True,
            },
        ),
    ],
)
def test_script_prints_the_apps_weights(preset, options, tmp_path):
    settings = _settings(preset)
    data = make_dataset(**settings)
    start = np.array([1.0, -2.0, 3.0, 0.5])
    run = gradient_descent(data.X, data.y, init=start, **options)
    script = tmp_path / "reproduce.py"
    script.write_text(reproduce_script(settings, options, start))
    output = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert_allclose(
        _printed(output, "normal equation"),
        normal_equation(data.X, data.y).weights,
        rtol=1e-8,
    )
    assert_allclose(_printed(output, "gradient descent"), run.weights, rtol=1e-8)
