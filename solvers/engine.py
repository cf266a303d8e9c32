"""What the browser's engine (`static/descent_engine.js`) needs to re-run every
method on the bowl itself: the quadratic in its eigenbasis, the rows for SGD,
and every constant the methods and their stopping rules use, taken from here so
that nothing is typed twice.

The engine runs the same updates as `solvers.iterative` with the stopping rules
of `solvers.descent._follow`; tests/test_engine_js.py writes fixtures with
these functions and the Python solvers and checks the engine against them
under Node.
"""

import base64

import numpy as np

from solvers.compare import REACH
from solvers.descent import BLOW_UP, DEFAULT_TOL, Quadratic, hessian_eigen
from solvers.iterative import DECAY_EPOCHS, SCHEDULES

METHODS = ("gradient_descent", "newton", "conjugate_gradient", "sgd")


def constants() -> dict:
    """The numbers every method's run shares: stopping rules, SGD's decay, and
    the race's yardstick (`solvers.compare.REACH`)."""
    return {
        "tol": DEFAULT_TOL,
        "blow_up": BLOW_UP,
        "decay_epochs": DECAY_EPOCHS,
        "schedules": list(SCHEDULES),
        "methods": list(METHODS),
        "reach": REACH,
    }


def problem_payload(
    problem: Quadratic,
    *,
    rows: bool = False,
    eigen: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict:
    """The quadratic J(w) = ½wᵀHw − bᵀw + yᵀy/(2n) of `problem` for the browser.

    Parameters
    ----------
    problem : Quadratic
    rows : bool
        Also send the design's rows, y and the penalty (SGD samples rows; the
        deterministic methods need only the eigenbasis).
    eigen : (eigenvalues, eigenvectors), optional
        `hessian_eigen(problem)`, when the caller has it already.

    Returns
    -------
    dict
        ``k`` parameters, ``n`` samples, ``eigenvalues`` μ (ascending) and
        ``eigenvectors`` V (row-major float64, base64: exact and a third of
        JSON's size) with H = V diag(μ) Vᵀ, ``moment`` Dᵀy, ``y_sq`` yᵀy, and
        with `rows`: ``design`` (n × k, base64), ``target`` y and ``penalty``.
    """
    eigenvalues, eigenvectors = hessian_eigen(problem) if eigen is None else eigen
    payload = {
        "k": int(problem.n_params),
        "n": int(problem.n_samples),
        "eigenvalues": eigenvalues.tolist(),
        "eigenvectors": to_base64(eigenvectors),
        "moment": problem.moment.tolist(),
        "y_sq": float(problem.y_sq),
    }
    if rows:
        payload["design"] = to_base64(problem.design)
        payload["target"] = to_base64(problem.target)
        payload["penalty"] = problem.penalty.tolist()
    return payload


def to_base64(values: np.ndarray) -> str:
    """A float64 array, row by row, as base64 of its little-endian bytes."""
    data = np.ascontiguousarray(values, dtype="<f8").tobytes()
    return base64.b64encode(data).decode("ascii")
