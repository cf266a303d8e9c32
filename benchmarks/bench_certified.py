"""Correct digits on NIST's Statistical Reference Datasets: every method of ours
beside numpy's lstsq on the raw design and scikit-learn's LinearRegression(tol=0),
scored as McCullough's log relative error against the certified values (the worst
coefficient's correct digits, 15 at most). Also the Trefethen & Bau lecture 19
problem (digits of x₁₅, whose exact value is 1). "solve, unrefined" is our solve with
its step of iterative refinement taken out: what the refinement adds.

Run from the repository root: python benchmarks/bench_certified.py
"""

import sys
import warnings
from pathlib import Path
from unittest import mock

import numpy as np
from sklearn.linear_model import LinearRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from solvers import METHODS, SingularMatrixError, linear, ridge
from solvers.strd import log_relative_error, read_strd

NIST = Path(__file__).resolve().parents[1] / "data" / "nist"
DATASETS = ("Norris", "Pontius", "NoInt1", "NoInt2", "Longley", "Filip")


UNREFINED = "solve, unrefined"


def ours(X, y, method, fit_intercept):
    if method == UNREFINED:
        # The refinement solves for the residual it is given: give it none.
        no_residual = mock.patch.object(
            linear._ScaledProblem, "normal_residual", lambda _, v: np.zeros_like(v)
        )
        with no_residual:
            return ours(X, y, "solve", fit_intercept)
    try:
        fit = ridge(X, y, 0.0, method=method, fit_intercept=fit_intercept)
    except SingularMatrixError as refused:
        return f"refused ({refused.kind.replace('_', '-')})"
    return fit.weights if fit_intercept else fit.coef


def numpy_lstsq(X, y, fit_intercept):
    design = np.column_stack([np.ones(len(y)), X]) if fit_intercept else X
    return np.linalg.lstsq(design, y, rcond=None)[0]


def sklearn(X, y, fit_intercept):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LinearRegression(fit_intercept=fit_intercept, tol=0).fit(X, y)
    coef = np.atleast_1d(model.coef_)
    return np.concatenate([[model.intercept_], coef]) if fit_intercept else coef


def score(estimate, exact) -> str:
    if isinstance(estimate, str):
        return estimate
    return f"{log_relative_error(estimate, exact):.1f}"


def main() -> None:
    methods = (UNREFINED, *METHODS)
    header = ["dataset (difficulty)", *methods, "numpy lstsq", "sklearn (tol=0)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name in DATASETS:
        problem = read_strd((NIST / f"{name}.dat").read_text(), name)
        X, y, fit = problem.X, problem.y, problem.fit_intercept
        cells = [score(ours(X, y, m, fit), problem.weights) for m in methods]
        cells += [
            score(numpy_lstsq(X, y, fit), problem.weights),
            score(sklearn(X, y, fit), problem.weights),
        ]
        print(f"| {name} ({problem.difficulty}) | " + " | ".join(cells) + " |")
    t = np.linspace(0, 1, 100)
    A = t[:, None] ** np.arange(15)
    b = np.exp(np.sin(4 * t)) / 2006.787453080206
    cells = []
    for method in methods:
        result = ours(A, b, method, False)
        cells.append(score(result if isinstance(result, str) else result[-1:], [1.0]))
    cells.append(score(numpy_lstsq(A, b, False)[-1:], [1.0]))
    cells.append(score(sklearn(A, b, False)[-1:], [1.0]))
    print("| Trefethen & Bau L19 (x₁₅) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
