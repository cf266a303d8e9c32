"""A "reproduce in Python" script: a student's starting point for a notebook.

It regenerates the dataset with scikit-learn's make_regression (which our generator
reproduces exactly, seed for seed), then computes both solutions in plain numpy,
with the solvers' own stopping rules (`solvers.descent.BLOW_UP`, `DEFAULT_TOL`).
"""

from solvers import datasets
from solvers.descent import BLOW_UP, DEFAULT_TOL

_TEMPLATE = '''\
"""Normal equation vs gradient descent, as in the lesson ({preset}, seed {seed}).

Needs numpy and scikit-learn.
"""
import numpy as np
from sklearn.datasets import make_regression

rng = np.random.RandomState({seed})
X, y, coef = make_regression(
    n_samples={n_samples}, n_features={n_features}, n_informative={n_informative},
    bias={bias!r}, noise={noise!r}, effective_rank={effective_rank!r}, coef=True,
    random_state=rng,
)
X, y, coef = X.reshape({n_samples}, {n_features}), y.reshape({n_samples}), coef.ravel()
{preset_lines}
# The normal equation on the design matrix [1, X] (the ones carry the intercept).
Z = np.column_stack([np.ones(len(y)), X])
w_normal = np.linalg.lstsq(Z, y, rcond=None)[0]  # = solve(ZᵀZ, Zᵀy) when invertible

# Gradient descent on J(w) = ||y - Zw||² / (2n).
standardize = {standardize!r}
mean = X.mean(axis=0) if standardize else np.zeros(X.shape[1])
scale = X.std(axis=0) if standardize else np.ones(X.shape[1])
scale[scale == 0] = 1.0
S = np.column_stack([np.ones(len(y)), (X - mean) / scale])
start = {start}
w = np.concatenate([[start[0] + start[1:] @ mean], start[1:] * scale])
learning_rate, momentum, velocity = {learning_rate!r}, {momentum!r}, np.zeros_like(w)
cost = lambda w: (S @ w - y) @ (S @ w - y) / (2 * len(y))  # noqa: E731
first_cost = cost(w)
first_norm = np.linalg.norm(S.T @ (S @ w - y) / len(y))
for step in range({max_iter}):
    velocity = momentum * velocity - learning_rate * S.T @ (S @ w - y) / len(y)
    w = w + velocity
    if not np.isfinite(cost(w)) or cost(w) > {blow_up!r} * first_cost:
        print("gradient descent diverged: lower the learning rate")
        break
    if np.linalg.norm(S.T @ (S @ w - y) / len(y)) <= {tol!r} * first_norm:
        break
w_descent = np.concatenate([[w[0] - (w[1:] / scale) @ mean], w[1:] / scale])

np.set_printoptions(precision=10)
print("normal equation: ", w_normal)
print("gradient descent:", w_descent)
'''


def reproduce_script(settings: dict, options: dict, start) -> str:
    """The script for generated data with `settings` (`solvers.make_dataset`
    arguments) and a full-batch descent with `options`, starting at `start`
    ([intercept, coef…] in original units)."""
    n_features = settings["n_features"]
    n_samples = datasets.preset_n_samples(
        settings["preset"], settings["n_samples"], n_features
    )
    return _TEMPLATE.format(
        preset=settings["preset"],
        seed=settings["random_state"],
        n_samples=n_samples,
        n_features=n_features,
        n_informative=settings["n_informative"] or n_features,
        bias=float(settings["bias"]),
        noise=float(settings["noise"]),
        effective_rank=settings["effective_rank"],
        preset_lines=datasets.preset_script(settings["preset"]),
        standardize=bool(options.get("standardize", False)),
        start=f"np.array({[float(v) for v in start]!r})",
        learning_rate=float(options["learning_rate"]),
        momentum=float(options.get("momentum", 0.0)),
        max_iter=int(options["max_iter"]),
        tol=float(options.get("tol", DEFAULT_TOL)),
        blow_up=BLOW_UP,
    )
