"""How closely two weight vectors agree, in the measures a student would use."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Agreement:
    """Element-wise comparison of two weight vectors.

    Attributes
    ----------
    abs_diff : ndarray of shape (n_params,)
        |a − b| per weight.
    rel_diff : ndarray of shape (n_params,)
        |a − b| / |b| per weight (a weight of b that is 0, or negligible next to
        the largest, is measured against the largest instead).
    max_rel_diff : float
        The worst single weight's relative difference.
    significant_digits : int
        How many leading significant digits the worst single weight agrees on
        (0 to 15): "agree to N digits" holds for every weight, the intercept too.
    """

    abs_diff: np.ndarray
    rel_diff: np.ndarray
    max_rel_diff: float
    significant_digits: int

    def agrees(self, digits: int = 6) -> bool:
        """True when the vectors agree to at least `digits` significant digits."""
        return self.significant_digits >= digits


def agreement(a: np.ndarray, b: np.ndarray) -> Agreement:
    """Compare weights `a` against reference weights `b`, weight by weight.

    Parameters
    ----------
    a, b : ndarray of shape (n_params,)

    Returns
    -------
    Agreement
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    abs_diff = np.abs(a - b)
    largest = np.abs(b).max() if b.size else 0.0
    # A true zero has no significant digits to agree on: measure it against the
    # vector's scale, as |a − b| / max |b|.
    scale = largest if largest > 0 else 1.0
    denominator = np.where(np.abs(b) > 1e-12 * scale, np.abs(b), scale)
    with np.errstate(invalid="ignore", over="ignore"):
        rel_diff = abs_diff / denominator
        worst = float(rel_diff.max()) if rel_diff.size else 0.0
    if not np.isfinite(worst):
        digits = 0
    elif worst == 0:
        digits = 15
    else:
        # The small allowance keeps 1e-7 (stored as 1.00…03e-7) at 7 digits.
        digits = int(np.clip(np.floor(-np.log10(worst) + 1e-9), 0, 15))
    return Agreement(abs_diff, rel_diff, worst, digits)


def distances(path: np.ndarray, optimum: np.ndarray) -> np.ndarray:
    """‖wₜ − w*‖ for every row wₜ of `path`, shape (n_steps, n_params) → (n_steps,)."""
    return np.linalg.norm(np.atleast_2d(path) - optimum, axis=1)


# The race's yardstick: steps until the distance to w* has shrunk this much.
REACH = 1e-6


def steps_to_reach(path: np.ndarray, optimum: np.ndarray, reduction: float = REACH):
    """The first step t with ‖w_t − w*‖ ≤ reduction · ‖w_0 − w*‖, or None if the
    path never gets that close (a start on w* reaches it at step 0)."""
    distance = distances(path, optimum)
    inside = np.flatnonzero(distance <= reduction * distance[0])
    return int(inside[0]) if inside.size else None


def settling_iterations(
    path: np.ndarray, target: np.ndarray, fraction: float = 0.01
) -> np.ndarray:
    """For each weight, the first iteration from which it stays within `fraction`
    of its starting distance from `target` (len(path) if it never does).

    Parameters
    ----------
    path : ndarray of shape (n_steps, n_params)
    target : ndarray of shape (n_params,)

    Returns
    -------
    ndarray of int, shape (n_params,)
    """
    error = np.abs(np.atleast_2d(path) - target)
    with np.errstate(invalid="ignore"):
        inside = error <= fraction * error[0]
    # The last step outside, plus one; reversing finds it without a Python loop.
    outside_from_end = np.argmax(~inside[::-1], axis=0)
    settled = len(error) - outside_from_end
    settled[inside.all(axis=0)] = 0
    settled[~inside[-1]] = len(error)
    return settled
