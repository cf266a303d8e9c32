"""The reproduce-in-Python script, run in a subprocess, prints the app's weights."""

import re
import subprocess
import sys

import numpy as np
from numpy.testing import assert_allclose

from solvers import gradient_descent, make_dataset, normal_equation
from ui.frame.snippet import reproduce_script


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


# A preset, and the descent's settings on it.
CASES = [
    ("well_conditioned", {"learning_rate": 0.1, "max_iter": 2000}),
    ("badly_scaled", {"learning_rate": 0.3, "max_iter": 2000, "standardize": True}),
    (
        "collinear",
        {"learning_rate": 0.2, "max_iter": 3000, "momentum": 0.5, "standardize": True},
    ),
]
_RUN_EACH = (
    "import runpy, sys\n"
    "for path in sys.argv[1:]:\n"
    "    print('=== ' + path, flush=True)\n"
    "    runpy.run_path(path, run_name='__main__')\n"
)


def test_each_script_prints_the_apps_weights(tmp_path):
    """Every script runs on its own (a fresh interpreter, without the app): one
    interpreter runs them in turn, each as its own __main__."""
    start = np.array([1.0, -2.0, 3.0, 0.5])
    scripts = []
    for preset, options in CASES:
        script = tmp_path / f"reproduce_{preset}.py"
        script.write_text(reproduce_script(_settings(preset), options, start))
        scripts.append(script)
    output = subprocess.run(
        [sys.executable, "-c", _RUN_EACH, *map(str, scripts)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    ).stdout
    printed = output.split("=== ")[1:]
    assert len(printed) == len(CASES)
    for (preset, options), text in zip(CASES, printed, strict=True):
        data = make_dataset(**_settings(preset))
        run = gradient_descent(data.X, data.y, init=start, **options)
        closed_form = normal_equation(data.X, data.y).weights
        assert_allclose(_printed(text, "normal equation"), closed_form, rtol=1e-8)
        assert_allclose(_printed(text, "gradient descent"), run.weights, rtol=1e-8)
