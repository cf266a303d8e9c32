"""Iterations gradient descent needs to reach the normal equation's weights to a
relative error of 1e-6, with raw and with standardized features, on the presets.

Run from the repository root: ``python benchmarks/descent_iterations.py``.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import solvers


def iterations_to(tolerance: float, preset: str, standardize: bool) -> str:
    data = solvers.make_dataset(preset, n_samples=100, n_features=2, bias=10.0)
    optimum = solvers.normal_equation(data.X, data.y).weights
    run = solvers.gradient_descent(
        data.X, data.y, standardize=standardize, max_iter=200_000, tol=0
    )
    error = np.abs(run.weights_history - optimum).max(axis=1) / np.abs(optimum).max()
    reached = np.flatnonzero(error <= tolerance)
    return f"{reached[0]:,}" if reached.size else "> 200,000"


print("| preset | raw features | standardized |\n|---|---|---|")
for preset in ("well_conditioned", "badly_scaled", "collinear"):
    raw, scaled = (iterations_to(1e-6, preset, s) for s in (False, True))
    print(f"| {preset} | {raw} | {scaled} |")
