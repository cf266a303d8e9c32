"""The iterative roads to w*, each defined once, as endless sequences of weights.

Every method minimizes the quadratic J(w) = ½ wᵀAw − bᵀw + const, reached only
through a gradient (or a product with A), so that `solvers.descent` (with its
histories, stopping rules and statuses) and `solvers.roads` (timed to an
accuracy, without forming XᵀX) step alike. The browser's engine
(`static/descent_engine.js`) implements the same updates, checked against fixtures
these write (tests/test_engine_js.py).

The stochastic methods draw their samples from `SampleOrder`, a small seeded
generator specified here and in the browser, so that a seed replays the same
path in both (numpy's generators cannot be reproduced in JavaScript).
"""

from collections.abc import Callable, Iterator

import numpy as np

# SGD's decaying step η₀ / (1 + t / T), T = DECAY_EPOCHS passes over the data:
# halved after that many epochs, then shrinking like 1/t, which converges (a
# faster decay stalls on a long valley before it gets there).
DECAY_EPOCHS = 20.0
SCHEDULES = ("constant", "decaying")
_MASK = 0xFFFFFFFF


def momentum_iterates(
    gradient: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray,
    learning_rate: float,
    momentum: float = 0.0,
    nesterov: bool = False,
) -> Iterator[np.ndarray]:
    """Gradient descent with heavy-ball or Nesterov momentum, from `start`.

    Heavy ball: v ← βv − η∇J(w), w ← w + v (β = 0 is plain gradient descent).
    Nesterov: the gradient is taken where the momentum is heading,
    v ← βv − η∇J(w + βv), w ← w + v.

    Yields the weights after each step. A caller that has computed the gradient
    at the weights just yielded may send it back (``generator.send``); without
    Nesterov's look-ahead it is the next step's gradient, not computed again.
    """
    weights = np.array(start, dtype=float)
    velocity = np.zeros_like(weights)
    known_gradient = None  # ∇J at `weights`, when the caller sent it
    while True:
        if nesterov:
            slope = gradient(weights + momentum * velocity)
        else:
            slope = gradient(weights) if known_gradient is None else known_gradient
        velocity = momentum * velocity - learning_rate * slope
        weights = weights + velocity
        known_gradient = yield weights


def conjugate_gradient_iterates(
    hessian_times: Callable[[np.ndarray], np.ndarray],
    rhs: np.ndarray,
    start: np.ndarray,
) -> Iterator[np.ndarray]:
    """Conjugate gradient on A w = b (A symmetric positive semidefinite), given
    v ↦ Av: each step minimizes J exactly along a direction conjugate to all the
    earlier ones, so at most as many steps as A has distinct eigenvalues reach w*
    in exact arithmetic.

    Yields the weights after each step; once the residual is exactly zero it
    yields the same weights.
    """
    weights = np.array(start, dtype=float)
    residual = rhs - hessian_times(weights)  # −∇J
    direction = residual.copy()
    residual_sq = float(residual @ residual)
    while True:
        if residual_sq == 0.0:
            yield weights
            continue
        image = hessian_times(direction)
        curvature = float(direction @ image)
        if not curvature > 0:  # a flat direction: J is no lower along it
            residual_sq = 0.0
            yield weights
            continue
        step = residual_sq / curvature
        weights = weights + step * direction
        residual = residual - step * image
        previous, residual_sq = residual_sq, float(residual @ residual)
        direction = residual + (residual_sq / previous) * direction
        yield weights


def minibatch_iterates(
    batch_gradient: Callable[[np.ndarray, np.ndarray], np.ndarray],
    n_samples: int,
    start: np.ndarray,
    learning_rate: float,
    *,
    batch_size: int,
    schedule: str = "constant",
    momentum: float = 0.0,
    random_state: int = 0,
) -> Iterator[np.ndarray]:
    """Stochastic (mini-batch) gradient descent: each epoch visits the samples
    in a new order from `SampleOrder`, `batch_size` at a time (a last partial
    batch is skipped), v ← βv − η_t ∇J_batch(w), w ← w + v.

    Parameters
    ----------
    batch_gradient : callable
        ``batch_gradient(w, rows)``: the gradient on the samples `rows`.
    n_samples : int
    start : ndarray
    learning_rate : float
        η₀.
    batch_size : int
    schedule : {"constant", "decaying"}
        "decaying": η_t = η₀ / (1 + t / T) with T = `DECAY_EPOCHS` epochs of steps.
    momentum : float
        Heavy-ball β (0: plain SGD).
    random_state : int

    Yields the weights after each step.
    """
    weights = np.array(start, dtype=float)
    velocity = np.zeros_like(weights)
    per_epoch = max(n_samples // batch_size, 1)
    decay_steps = DECAY_EPOCHS * per_epoch
    order = SampleOrder(random_state)
    t = 0
    while True:
        samples = order.permutation(n_samples)
        for first in range(0, per_epoch * batch_size, batch_size):
            rows = samples[first : first + batch_size]
            rate = step_size(learning_rate, t, decay_steps, schedule)
            velocity = momentum * velocity - rate * batch_gradient(weights, rows)
            weights = weights + velocity
            t += 1
            yield weights


def step_size(learning_rate: float, step: int, decay_steps: float, schedule: str):
    """η at step `step` (counted from 0) of a schedule."""
    if schedule == "decaying":
        return learning_rate / (1.0 + step / decay_steps)
    return learning_rate


class SampleOrder:
    """A small seeded generator of sample orders, the same in Python and in the
    browser: Mulberry32 (32-bit state, exact in both languages) and a
    Fisher–Yates shuffle.

    Parameters
    ----------
    seed : int
        Any integer; taken modulo 2³².
    """

    def __init__(self, seed: int) -> None:
        self.state = int(seed) & _MASK

    def next_uint32(self) -> int:
        """The next 32-bit output."""
        self.state = (self.state + 0x6D2B79F5) & _MASK
        z = self.state
        z = _imul(z ^ (z >> 15), z | 1)
        z ^= (z + _imul(z ^ (z >> 7), z | 61)) & _MASK
        return (z ^ (z >> 14)) & _MASK

    def permutation(self, n: int) -> np.ndarray:
        """0 … n−1 shuffled: swap item i with item ⌊u·(i+1)/2³²⌋ for i = n−1 … 1."""
        items = np.arange(n)
        for i in range(n - 1, 0, -1):
            j = (self.next_uint32() * (i + 1)) >> 32
            items[i], items[j] = items[j], items[i]
        return items


def _imul(a: int, b: int) -> int:
    """JavaScript's Math.imul: the low 32 bits of a·b."""
    return (a * b) & _MASK
