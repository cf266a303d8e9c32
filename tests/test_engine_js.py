"""The browser's engine (static/descent_engine.js) against the Python solvers: this
test writes fixtures (problem payloads from solvers.engine, runs of every
method from solvers.descent, SampleOrder streams) and runs tests/js under
`node --test`, which re-runs each method in JavaScript and compares every step.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from solvers import conjugate_gradient, engine, gradient_descent, newton
from solvers.compare import steps_to_reach
from solvers.descent import BLOW_UP, DEFAULT_TOL, descent_quadratic, stability_bound
from solvers.iterative import SampleOrder, step_size
from solvers.linear import ridge

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")


def _data(seed: int, n_samples: int, n_features: int):
    """Correlated features on different scales: a stretched, tilted bowl."""
    rng = np.random.default_rng(seed)
    mixing = np.eye(n_features) + 0.6 * rng.standard_normal((n_features,) * 2)
    X = rng.standard_normal((n_samples, n_features)) @ mixing + 1.5
    y = X @ rng.standard_normal(n_features) + rng.standard_normal(n_samples)
    return X, y


def _case(name, method, solver, X, y, settings, *, lam=0.0, fit_intercept=True):
    problem = descent_quadratic(X, y, lam=lam, fit_intercept=fit_intercept)
    start = np.linspace(-2.0, 3.0, problem.n_params)
    run = solver(X, y, init=start, lam=lam, fit_intercept=fit_intercept)
    optimum = ridge(X, y, lam, fit_intercept=fit_intercept).weights
    path = run.weights_history if fit_intercept else run.weights_history[:, 1:]
    return {
        "name": name,
        "method": method,
        "problem": engine.problem_payload(problem, rows=method == "sgd"),
        "settings": settings,
        "start": start.tolist(),
        "optimum": (optimum if fit_intercept else optimum[1:]).tolist(),
        "axes": [0, 1],
        "expected": {
            "path": path.tolist(),
            "grad_norms": run.grad_norm_history.tolist(),
            "status": run.status,
            "n_iter": run.n_iter,
            "reach": steps_to_reach(path, optimum if fit_intercept else optimum[1:]),
        },
    }


def fixtures() -> dict:
    """Every method, with and without an intercept and a penalty."""
    X, y = _data(0, 80, 4)
    wide_X, wide_y = _data(1, 30, 5)
    runs = []
    for learning_rate, momentum, nesterov in (
        (0.05, 0.0, False),
        (0.05, 0.8, False),
        (0.05, 0.8, True),
    ):

        def descent(
            X,
            y,
            learning_rate=learning_rate,
            momentum=momentum,
            nesterov=nesterov,
            **kw,
        ):
            return gradient_descent(
                X,
                y,
                learning_rate=learning_rate,
                momentum=momentum,
                nesterov=nesterov,
                max_iter=150,
                **kw,
            )

        settings = {
            "learningRate": learning_rate,
            "momentum": momentum,
            "nesterov": nesterov,
            "maxIter": 150,
        }
        name = f"descent η={learning_rate} β={momentum}" + (
            " Nesterov" if nesterov else ""
        )
        runs.append(_case(name, "gradient_descent", descent, X, y, settings))
        runs.append(
            _case(
                name + " λ=3, no intercept",
                "gradient_descent",
                descent,
                X,
                y,
                settings,
                lam=3.0,
                fit_intercept=False,
            )
        )
    runs.append(
        _case(
            "diverging descent",
            "gradient_descent",
            lambda X, y, **kw: gradient_descent(
                X, y, learning_rate=5.0, max_iter=400, **kw
            ),
            X,
            y,
            {"learningRate": 5.0, "momentum": 0.0, "nesterov": False, "maxIter": 400},
        )
    )
    runs.append(_case("Newton", "newton", newton, X, y, {"maxIter": 1}))
    runs.append(_case("Newton λ=2", "newton", newton, X, y, {"maxIter": 1}, lam=2.0))
    runs.append(
        _case(
            "conjugate gradient, κ ≈ 290",
            "conjugate_gradient",
            lambda X, y, **kw: conjugate_gradient(X, y, max_iter=12, **kw),
            X,
            y,
            {"maxIter": 12},
        )
    )
    ill = _case(
        "conjugate gradient, n = 6p, κ ≈ 2600",
        "conjugate_gradient",
        lambda X, y, **kw: conjugate_gradient(X, y, max_iter=12, **kw),
        wide_X,
        wide_y,
        {"maxIter": 12},
    )
    # Its last step divides residuals already 10⁸ times smaller than at the
    # start, where the two languages' rounding differs in the 8th digit.
    ill["tolerance"] = 1e-7
    runs.append(ill)
    for schedule in ("constant", "decaying"):
        for momentum in (0.0, 0.5):

            def sgd(X, y, schedule=schedule, momentum=momentum, **kw):
                return gradient_descent(
                    X,
                    y,
                    learning_rate=0.02,
                    batch_size=7,
                    schedule=schedule,
                    momentum=momentum,
                    tol=0,
                    max_iter=60,
                    random_state=11,
                    **kw,
                )

            settings = {
                "learningRate": 0.02,
                "momentum": momentum,
                "maxIter": 60,
                "batchSize": 7,
                "schedule": schedule,
                "seed": 11,
            }
            runs.append(
                _case(
                    f"SGD {schedule} β={momentum}", "sgd", sgd, X, y, settings, lam=1.0
                )
            )
    sample_orders = []
    for seed in (0, 1, 42, 2**31 + 5, 2**32 - 1, -3):
        order = SampleOrder(seed)
        outputs = [order.next_uint32() for _ in range(20)]
        sample_orders.append(
            {
                "seed": seed,
                "outputs": outputs,
                "permutation": order.permutation(37).tolist(),
            }
        )
    limits = [
        {
            "mu_max": mu,
            "momentum": b,
            "nesterov": nest,
            "limit": stability_bound(mu, b, nest),
        }
        for mu in (0.3, 7.0)
        for b in (0.0, 0.9)
        for nest in (False, True)
    ]
    step_sizes = [
        {
            "learning_rate": 0.1,
            "step": t,
            "decay_steps": 22.0,
            "schedule": s,
            "rate": step_size(0.1, t, 22.0, s),
        }
        for t in (0, 5, 1000)
        for s in ("constant", "decaying")
    ]
    return {
        "constants": engine.constants(),
        "runs": runs,
        "sample_orders": sample_orders,
        "limits": limits,
        "step_sizes": step_sizes,
    }


def test_the_fixtures_cover_every_status_and_method():
    made = fixtures()
    assert {run["method"] for run in made["runs"]} == set(engine.METHODS)
    statuses = {run["expected"]["status"] for run in made["runs"]}
    assert statuses == {"converged", "max_iter", "diverged"}
    assert made["constants"]["tol"] == DEFAULT_TOL
    assert made["constants"]["blow_up"] == BLOW_UP


@pytest.mark.skipif(NODE is None and not os.environ.get("CI"), reason="no node")
def test_the_browser_engine_retraces_every_solver_under_node(tmp_path):
    assert NODE, "Node is needed (CI installs Debian's nodejs)"
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(fixtures()), encoding="utf-8")
    module = tmp_path / "descent_engine.mjs"  # an ES module whatever Node's version
    shutil.copy(ROOT / "static" / "descent_engine.js", module)
    result = subprocess.run(
        [NODE, "--test", str(ROOT / "tests" / "js" / "engine.test.mjs")],
        env={
            **os.environ,
            "ENGINE_FIXTURES": str(path),
            "ENGINE_MODULE": module.as_uri(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
