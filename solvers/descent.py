"""Gradient descent on the least-squares cost, the iterative road to the same weights.

Minimizes J(w) = 1/(2n) ‖y − Xw‖² + λ/(2n) wᵀLw (see `solvers.objective`), whose
minimizer is the closed-form ridge / normal-equation solution.
"""

import functools
import math
from dataclasses import dataclass

import numpy as np

from solvers.iterative import (
    SCHEDULES,
    conjugate_gradient_iterates,
    minibatch_iterates,
    momentum_iterates,
)
from solvers.linear import check_data, design_matrix, penalty_matrix, ridge

# A cost this many times its starting value means the iterates are running away.
BLOW_UP = 1e8
# Stop once the gradient has shrunk this much (the default of gradient_descent).
DEFAULT_TOL = 1e-10
# The mini-batch order's seed when none is given (the browser replays it).
DEFAULT_RANDOM_STATE = 0


@dataclass(frozen=True)
class Standardization:
    """Per-feature centering and scaling, and the maps between the two weight
    coordinate systems it induces.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
    scale : ndarray of shape (n_features,)
        Standard deviations, with 1 for constant features.
    """

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, X: np.ndarray, center: bool = True) -> "Standardization":
        """Means and standard deviations of the columns of X."""
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        mean = X.mean(axis=0) if center else np.zeros(X.shape[1])
        return cls(mean, scale)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Standardized features (X − mean) / scale."""
        return (X - self.mean) / self.scale

    def to_standardized(self, weights: np.ndarray) -> np.ndarray:
        """[b, c] in original units → [b + mean·c, c·scale] on standardized features."""
        weights = np.atleast_2d(weights)
        coef = weights[:, 1:]
        out = np.column_stack([weights[:, 0] + coef @ self.mean, coef * self.scale])
        return out

    def to_original(self, weights: np.ndarray) -> np.ndarray:
        """Inverse of `to_standardized`: same predictions, original feature units."""
        weights = np.atleast_2d(weights)
        coef = weights[:, 1:] / self.scale
        return np.column_stack([weights[:, 0] - coef @ self.mean, coef])


@dataclass(frozen=True)
class DescentResult:
    """What gradient descent found and how it got there.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Final weights in original feature units.
    intercept : float
    weights_history : ndarray of shape (n_iter + 1, n_params)
        [intercept, coef₁ … coef_p] at every iteration, original units (row 0 is the
        start).
    cost_history : ndarray of shape (n_iter + 1,)
        J at every iteration.
    grad_norm_history : ndarray of shape (n_iter + 1,)
        ‖∇J‖ of the full objective, in the coordinates descent ran in.
    n_iter : int
    status : {"converged", "max_iter", "diverged"}
        How the run ended (`figures.descent.describe_outcome` says it in words).
    learning_rate : float
    max_curvature : float
        Largest eigenvalue of the Hessian (XᵀX + λL)/n in the coordinates descent ran
        in; a full-batch step η is stable only while η < ``stability_limit``.
    stability_limit : float
        2(1 + momentum) / max_curvature.
    standardization : Standardization or None
        Set when descent ran on standardized features.
    momentum : float
        The momentum coefficient β the run used.
    nesterov : bool
        Momentum looked ahead (Nesterov) instead of heavy ball.
    minibatch : bool
        Each step used a mini-batch smaller than the data (so it jitters around
        the optimum instead of settling).
    method : {"gradient_descent", "newton", "conjugate_gradient"}
        Newton's and conjugate gradient's runs have no learning rate (NaN) and
        no stability limit (inf): every step is safe.
    """

    coef: np.ndarray
    intercept: float
    weights_history: np.ndarray
    cost_history: np.ndarray
    grad_norm_history: np.ndarray
    n_iter: int
    status: str
    learning_rate: float
    max_curvature: float
    stability_limit: float
    standardization: Standardization | None
    momentum: float = 0.0
    nesterov: bool = False
    minibatch: bool = False
    method: str = "gradient_descent"

    @property
    def weights(self) -> np.ndarray:
        """Final [intercept, coef₁ … coef_p]."""
        return self.weights_history[-1]

    @property
    def stability_formula(self) -> str:
        """How `stability_limit` is computed, for a label: 2/μ_max, 2(1+β)/μ_max
        with heavy-ball momentum β, 2(1+β)/((1+2β)μ_max) with Nesterov's."""
        return stability_formula(self.momentum, self.nesterov)


@dataclass(frozen=True)
class Quadratic:
    """The cost gradient descent minimizes, in the coordinates it runs in:
    J(w) = (wᵀGw − 2wᵀm + yᵀy + Σᵢ pᵢwᵢ²) / (2n), with G = DᵀD and m = Dᵀy for
    the design D (a column of ones first, then the features, standardized or not).

    Attributes
    ----------
    design : ndarray of shape (n_samples, n_params)
    gram : ndarray of shape (n_params, n_params)
        DᵀD; formed on first use.
    moment : ndarray of shape (n_params,)
    y_sq : float
    penalty : ndarray of shape (n_params,)
        The diagonal of λL, rescaled to standardized weights when standardized.
    n_samples : int
    standardization : Standardization or None
    target : ndarray of shape (n_samples,)
        y, for the gradient through D when there are no more samples than
        parameters.
    fit_intercept : bool
        D starts with a column of ones.
    """

    design: np.ndarray
    moment: np.ndarray
    y_sq: float
    penalty: np.ndarray
    n_samples: int
    standardization: "Standardization | None"
    target: np.ndarray | None = None
    fit_intercept: bool = True

    @functools.cached_property
    def gram(self) -> np.ndarray:
        return self.design.T @ self.design

    @property
    def n_params(self) -> int:
        return self.design.shape[1]

    def hessian_times(self, v: np.ndarray) -> np.ndarray:
        """Hv with H = (DᵀD + diag(penalty))/n: O(p²) through DᵀD when n > p
        (formed once), O(np) through D otherwise."""
        if self.n_samples > self.n_params:
            product = self.gram @ v
        else:
            product = self.design.T @ (self.design @ v)
        return (product + self.penalty * v) / self.n_samples

    def gradient_and_cost(self, w: np.ndarray) -> tuple[np.ndarray, float]:
        """∇J(w) = Hw − Dᵀy/n and J(w)."""
        if self.n_samples > self.n_params:
            # n∇J = Gw − m + Pw, and 2nJ = wᵀ(Gw − m + Pw) − wᵀm + yᵀy: few
            # operations, as this runs once a step
            raw_gradient = self.gram @ w - self.moment + self.penalty * w
            cost = w @ (raw_gradient - self.moment) + self.y_sq
            return raw_gradient / self.n_samples, float(cost) / (2 * self.n_samples)
        residual = self.design @ w - self.target
        cost = residual @ residual + self.penalty @ w**2
        gradient = self.design.T @ residual + self.penalty * w
        return gradient / self.n_samples, float(cost) / (2 * self.n_samples)


def descent_quadratic(
    X: np.ndarray,
    y: np.ndarray,
    *,
    lam: float = 0.0,
    standardize: bool = False,
    fit_intercept: bool = True,
) -> Quadratic:
    """The cost J that `gradient_descent` minimizes, as its quadratic's pieces.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lam, standardize, fit_intercept
        As in `gradient_descent`.
    """
    X, y = check_data(X, y)
    scaling = Standardization.fit(X, center=fit_intercept) if standardize else None
    design = design_matrix(scaling.transform(X) if scaling else X, fit_intercept)
    penalty = lam * penalty_matrix(design.shape[1], fit_intercept).diagonal()
    if scaling:
        # λ‖c‖² in original units is λ‖c_s / scale‖² on standardized weights.
        penalty[-scaling.scale.size :] /= scaling.scale**2
    return Quadratic(
        design,
        design.T @ y,
        float(y @ y),
        penalty,
        len(y),
        scaling,
        target=y,
        fit_intercept=fit_intercept,
    )


def gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    *,
    learning_rate: float | None = None,
    max_iter: int = 1000,
    tol: float = DEFAULT_TOL,
    lam: float = 0.0,
    standardize: bool = False,
    momentum: float = 0.0,
    nesterov: bool = False,
    batch_size: int | None = None,
    schedule: str = "constant",
    init: np.ndarray | None = None,
    fit_intercept: bool = True,
    random_state: int = DEFAULT_RANDOM_STATE,
) -> DescentResult:
    """Minimize J step by step: w ← w − η ∇J(w), optionally with momentum/mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    learning_rate : float, optional
        Step size η. None picks 1 / μ_max(H), safely inside the stability limit.
    max_iter : int
    tol : float
        Stop when ‖∇J(w_t)‖ ≤ tol · ‖∇J(w_0)‖. ``tol=0`` turns the test off: the
        run takes exactly ``max_iter`` steps unless it diverges (for an animation
        of a fixed length), and reports "converged" only if the last gradient is
        exactly zero.
    lam : float
        Ridge penalty λ ≥ 0, as in `solvers.ridge`.
    standardize : bool
        Descend on standardized features (round contours); weights are reported in
        original units.
    momentum : float
        Momentum coefficient β in [0, 1): v ← βv − η∇J(w), w ← w + v.
    nesterov : bool
        Take the gradient where the momentum heads, ∇J(w + βv) (Nesterov).
    batch_size : int, optional
        Samples per step; None is full batch. Mini-batches are drawn without
        replacement in an order from `solvers.iterative.SampleOrder`, a new
        order each epoch (stochastic gradient descent; no momentum).
    schedule : {"constant", "decaying"}
        Mini-batch step size: η throughout (the iterates end in a noise ball
        around w*), or η / (1 + t/T), which shrinks the ball and converges.
    init : ndarray of shape (n_params,), optional
        Start [intercept, coef…] in original units; zeros by default.
    fit_intercept : bool
    random_state : int
        Seed of the mini-batch order: the same seed replays the same path.

    Returns
    -------
    DescentResult
        Divergence is a status, not an exception.

    Notes
    -----
    ∇J(w) = (XᵀX w − Xᵀy + λLw)/n. With n > p the Gram matrix XᵀX is formed once,
    so a full-batch step costs O(p²); otherwise O(np).
    """
    X, y = check_data(X, y)
    learning_rate, max_iter, batch_size = _check_options(
        learning_rate, max_iter, tol, lam, momentum, batch_size, len(y)
    )
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}.")
    problem = descent_quadratic(
        X, y, lam=lam, standardize=standardize, fit_intercept=fit_intercept
    )
    n_samples = problem.n_samples
    scaling = problem.standardization
    design, penalty = problem.design, problem.penalty
    minibatch = batch_size < n_samples
    gram = problem.gram if n_samples > design.shape[1] else None
    max_curvature = _largest_eigenvalue(design, gram, penalty, n_samples)
    stability_limit = stability_bound(max_curvature, momentum, nesterov)
    if learning_rate is None:
        learning_rate = 1.0 / max_curvature

    w0 = _working_start(problem, init)
    if minibatch:

        def batch_gradient(w, rows):
            block = design[rows]
            return block.T @ (block @ w - y[rows]) / len(rows) + penalty * w / n_samples

        iterates = minibatch_iterates(
            batch_gradient,
            n_samples,
            w0,
            learning_rate,
            batch_size=batch_size,
            schedule=schedule,
            momentum=momentum,
            random_state=random_state,
        )
    else:
        iterates = momentum_iterates(
            lambda w: problem.gradient_and_cost(w)[0],
            w0,
            learning_rate,
            momentum,
            nesterov,
        )
    history, costs, grad_norms, t, status = _follow(
        problem, w0, iterates, max_iter=max_iter, tol=tol
    )

    weights_history = _to_original(history[: t + 1], scaling, fit_intercept)
    final = weights_history[-1]
    return DescentResult(
        coef=final[1:].copy(),
        intercept=float(final[0]),
        weights_history=weights_history,
        cost_history=costs[: t + 1],
        grad_norm_history=grad_norms[: t + 1],
        n_iter=t,
        status=status,
        learning_rate=float(learning_rate),
        max_curvature=float(max_curvature),
        stability_limit=float(stability_limit),
        standardization=scaling,
        momentum=float(momentum),
        nesterov=bool(nesterov),
        minibatch=minibatch,
    )


def _follow(problem: Quadratic, w0, iterates, *, max_iter: int, tol: float):
    """Record `iterates` from w0 with the stopping rules every method shares.

    Stops when ‖∇J(w_t)‖ ≤ tol · ‖∇J(w_0)‖ ("converged"), when the cost exceeds
    `BLOW_UP` times its start or stops being finite ("diverged"), or after
    `max_iter` steps ("max_iter"). ``tol=0`` turns the first test off (an
    animation of a fixed length), and "converged" then needs an exact zero.

    Returns
    -------
    history : ndarray of shape (n_iter + 1, n_params)
    costs, grad_norms : ndarray of shape (n_iter + 1,)
    n_iter : int
    status : str
    """
    history = np.empty((max_iter + 1, problem.n_params))
    costs = np.empty(max_iter + 1)
    grad_norms = np.empty(max_iter + 1)
    grad, costs[0] = problem.gradient_and_cost(w0)
    grad_norms[0] = np.linalg.norm(grad)
    history[0] = w0
    early_stop = tol > 0
    status, t = ("converged" if early_stop and grad_norms[0] == 0 else "max_iter"), 0
    # Plain floats and one norm per step: a step on a few weights is mostly
    # Python's overhead.
    blow_up = BLOW_UP * max(float(costs[0]), 1e-300)
    converged_norm = tol * float(grad_norms[0])
    grad = None  # the iterates take the first step's gradient themselves
    # A generator is sent the gradient at the weights it yielded last
    # (`momentum_iterates` steps with it instead of computing it again).
    send = getattr(iterates, "send", None) or (lambda _gradient: next(iterates))
    with np.errstate(over="ignore", invalid="ignore"):
        while status == "max_iter" and t < max_iter:
            t += 1
            w = send(grad)
            grad, cost = problem.gradient_and_cost(w)
            grad_norm = math.sqrt(grad @ grad)  # = np.linalg.norm(grad)
            history[t], costs[t], grad_norms[t] = w, cost, grad_norm
            if not math.isfinite(cost) or cost > blow_up:
                status = "diverged"
            elif early_stop and grad_norm <= converged_norm:
                status = "converged"
    if not early_stop and status == "max_iter" and grad_norms[t] == 0:
        status = "converged"
    return history[: t + 1], costs[: t + 1], grad_norms[: t + 1], t, status


def newton(
    X: np.ndarray,
    y: np.ndarray,
    *,
    init: np.ndarray | None = None,
    lam: float = 0.0,
    fit_intercept: bool = True,
) -> DescentResult:
    """Newton's step: w₁ = w₀ − H⁻¹∇J(w₀), from anywhere onto w* in one step.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    init : ndarray of shape (n_params,), optional
        The start [intercept, coef…]; zeros by default.
    lam : float
        Ridge penalty λ ≥ 0, as in `solvers.ridge`.
    fit_intercept : bool

    Returns
    -------
    DescentResult
        ``n_iter == 1``, ``method == "newton"``.

    Notes
    -----
    J is quadratic, so its second-order model is J itself: with ∇J(w) = Hw − b,
    H = (XᵀX + λL)/n and b = Xᵀy/n, w₀ − H⁻¹(Hw₀ − b) = H⁻¹b = (XᵀX + λL)⁻¹Xᵀy
    whatever w₀ is: Newton's one step is the normal equation. The solve uses the
    same `solvers.ridge` as the closed form.
    """
    X, y = check_data(X, y)
    _check_options(None, 1, 0.0, lam, 0.0, None, len(y))
    problem = descent_quadratic(X, y, lam=lam, fit_intercept=fit_intercept)
    start = (
        np.zeros(problem.n_params)
        if init is None
        else _check_init(init, problem.n_params)
    )
    w0 = _to_working(start[None, :], None, fit_intercept)[0]
    fit = ridge(X, y, lam=lam, fit_intercept=fit_intercept)
    target = fit.weights if fit_intercept else fit.weights[1:]
    history, costs, grad_norms, t, status = _follow(
        problem, w0, iter([target]), max_iter=1, tol=DEFAULT_TOL
    )
    return _result(problem, history, costs, grad_norms, t, status, "newton")


def conjugate_gradient(
    X: np.ndarray,
    y: np.ndarray,
    *,
    max_iter: int | None = None,
    tol: float = DEFAULT_TOL,
    lam: float = 0.0,
    init: np.ndarray | None = None,
    standardize: bool = False,
    fit_intercept: bool = True,
) -> DescentResult:
    """Conjugate gradient on the normal equations (XᵀX + λL)w = Xᵀy.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    max_iter : int, optional
        At most this many steps; by default twice the parameters (one per
        parameter is enough in exact arithmetic; rounding may need a few more).
    tol : float
        Stop when ‖∇J(w_t)‖ ≤ tol · ‖∇J(w_0)‖, as `gradient_descent` does.
    lam, init, standardize, fit_intercept
        As in `gradient_descent`.

    Returns
    -------
    DescentResult
        ``method == "conjugate_gradient"``; ``grad_norm_history`` is the
        residual ‖(XᵀX + λL)w − Xᵀy‖/n of each step.

    Notes
    -----
    CG on the Gram form Hw = b (H = (XᵀX + λL)/n, products Hv through XᵀX when
    n > p, else through X): each step minimizes J exactly along a direction
    H-conjugate to every earlier one, so it reaches w* in at most as many steps
    as H has distinct eigenvalues, p + 1 at most, in exact arithmetic. In
    floating point the directions lose conjugacy when H is ill conditioned, and
    it takes longer; its error still shrinks at least like
    2((√κ − 1)/(√κ + 1))^t.
    """
    X, y = check_data(X, y)
    _check_options(
        None, 1 if max_iter is None else max_iter, tol, lam, 0.0, None, len(y)
    )
    problem = descent_quadratic(
        X, y, lam=lam, standardize=standardize, fit_intercept=fit_intercept
    )
    max_iter = 2 * problem.n_params if max_iter is None else int(max_iter)
    start = (
        np.zeros(problem.n_params)
        if init is None
        else _check_init(init, problem.n_params)
    )
    w0 = _to_working(start[None, :], problem.standardization, fit_intercept)[0]
    iterates = conjugate_gradient_iterates(
        problem.hessian_times, problem.moment / problem.n_samples, w0
    )
    history, costs, grad_norms, t, status = _follow(
        problem, w0, iterates, max_iter=max_iter, tol=tol
    )
    return _result(problem, history, costs, grad_norms, t, status, "conjugate_gradient")


def _result(problem, history, costs, grad_norms, n_iter, status, method):
    """The `DescentResult` of a method with no learning rate (Newton, CG)."""
    scaling = problem.standardization
    weights_history = _to_original(history, scaling, problem.fit_intercept)
    final = weights_history[-1]
    return DescentResult(
        coef=final[1:].copy(),
        intercept=float(final[0]),
        weights_history=weights_history,
        cost_history=costs,
        grad_norm_history=grad_norms,
        n_iter=n_iter,
        status=status,
        learning_rate=float("nan"),
        max_curvature=float(
            _largest_eigenvalue(
                problem.design, problem.gram, problem.penalty, problem.n_samples
            )
        ),
        stability_limit=float("inf"),
        standardization=scaling,
        method=method,
    )


def _working_start(problem: Quadratic, init) -> np.ndarray:
    """The start in the coordinates the method runs in, from `init` in original
    units ([intercept, coef…], or [coef…] without an intercept), or zeros."""
    n_params = problem.n_params
    start = np.zeros(n_params) if init is None else _check_init(init, n_params)
    scaling, fit_intercept = problem.standardization, problem.fit_intercept
    return _to_working(start[None, :], scaling, fit_intercept)[0]


def _to_working(weights, scaling, fit_intercept):
    """Original-unit weights → the coordinates descent runs in."""
    if not fit_intercept:
        weights = np.column_stack([np.zeros(len(weights)), weights])
    if scaling:
        weights = scaling.to_standardized(weights)
    return weights if fit_intercept else weights[:, 1:]


def _to_original(weights, scaling, fit_intercept):
    """Working coordinates → [intercept, coef…] in original units (intercept 0 when
    there is none)."""
    if not fit_intercept:
        weights = np.column_stack([np.zeros(len(weights)), weights])
    return scaling.to_original(weights) if scaling else weights


def _check_options(learning_rate, max_iter, tol, lam, momentum, batch_size, n_samples):
    if learning_rate is not None and not (
        np.isfinite(learning_rate) and learning_rate > 0
    ):
        raise ValueError(
            f"learning_rate must be a positive number, got {learning_rate}."
        )
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number ≥ 1, got {max_iter}.")
    if not tol >= 0:
        raise ValueError(f"tol must be ≥ 0, got {tol}.")
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"lam must be a finite number ≥ 0, got {lam}.")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}.")
    if batch_size is None:
        batch_size = n_samples
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number ≥ 1, got {batch_size}.")
    return learning_rate, int(max_iter), min(int(batch_size), n_samples)


def _check_init(init, n_params):
    init = np.asarray(init, dtype=float)
    if init.shape != (n_params,) or not np.isfinite(init).all():
        raise ValueError(
            f"init must hold {n_params} finite numbers ([intercept, coef…]), got "
            f"shape {init.shape}."
        )
    return init.copy()


def _largest_eigenvalue(design, gram, penalty, n_samples) -> float:
    """μ_max of the Hessian (XᵀX + λL)/n: exact for small p, power iteration beyond."""
    hessian_times = (
        (lambda v: gram @ v + penalty * v)
        if gram is not None
        else (lambda v: design.T @ (design @ v) + penalty * v)
    )
    n_params = design.shape[1]
    if n_params <= 300:
        matrix = gram if gram is not None else design.T @ design
        return float(np.linalg.eigvalsh(matrix + np.diag(penalty))[-1] / n_samples)
    v = np.random.default_rng(0).standard_normal(n_params)
    value = 0.0
    for _ in range(100):
        v = hessian_times(v)
        previous, value = value, np.linalg.norm(v)
        v = v / value
        if abs(value - previous) <= 1e-4 * value:
            break
    # Power iteration approaches μ_max from below; a little headroom keeps the
    # default step on the safe side.
    return float(1.01 * value / n_samples)


def hessian_eigen(problem: Quadratic) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues μ₁ ≤ … ≤ μ_p of the Hessian H = (DᵀD + λL)/n of `problem` (the
    curvatures of the bowl along its own axes) and its eigenvectors, the columns of
    the second array: H = V diag(μ) Vᵀ. Rounding's tiny negative μ become 0."""
    hessian = (problem.gram + np.diag(problem.penalty)) / problem.n_samples
    values, vectors = np.linalg.eigh(hessian)
    return np.clip(values, 0.0, None), vectors


def curvature_range(eigenvalues: np.ndarray) -> tuple[float, float]:
    """(μ_min, μ_max): the flattest and the steepest curvature of the bowl, the
    flattest among the directions that curve at all (a flat one, where XᵀX is
    singular, never slows descent: it never moves there)."""
    curved = _curved(eigenvalues)
    return float(curved.min()), float(curved.max())


def _curved(eigenvalues: np.ndarray) -> np.ndarray:
    values = np.asarray(eigenvalues, dtype=float)
    return values[values > values.max() * 1e-12]


def convergence_factor(
    eigenvalues: np.ndarray,
    learning_rates: np.ndarray,
    momentum: float = 0.0,
    nesterov: bool = False,
) -> np.ndarray:
    """How much the slowest direction's error shrinks per step, for each η.

    Along an eigenvector with curvature μ, full-batch descent multiplies the
    error by the roots z of z² − (1 + β − ημ)z + β = 0 with heavy-ball momentum
    β (z = 1 − ημ without), of z² − (1 + β)(1 − ημ)z + β(1 − ημ) = 0 with
    Nesterov's. The factor is the largest |z| over all μ: below 1 the run
    converges, at or above 1 it does not.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
    learning_rates : ndarray of shape (n_rates,)
    momentum : float
    nesterov : bool

    Returns
    -------
    ndarray of shape (n_rates,)
    """
    mu = np.asarray(eigenvalues, dtype=float)[None, :]
    rates = np.asarray(learning_rates, dtype=float)[:, None]
    if nesterov:
        shrink = 1 - rates * mu
        trace, product = (1 + momentum) * shrink, momentum * shrink
    else:
        trace, product = 1 + momentum - rates * mu, momentum
    root = np.sqrt(trace.astype(complex) ** 2 - 4 * product)
    largest = np.maximum(np.abs((trace + root) / 2), np.abs((trace - root) / 2))
    return largest.max(axis=1)


def stability_bound(max_curvature: float, momentum: float, nesterov: bool) -> float:
    """The largest stable full-batch η: 2(1 + β)/μ_max with heavy ball (2/μ_max
    without momentum), 2(1 + β)/((1 + 2β)μ_max) with Nesterov's."""
    if nesterov:
        return 2 * (1 + momentum) / ((1 + 2 * momentum) * max_curvature)
    return 2 * (1 + momentum) / max_curvature


def stability_formula(momentum: float, nesterov: bool) -> str:
    """`stability_bound`'s formula, for a label."""
    if momentum == 0:
        return "2/μ_max"
    return "2(1+β)/((1+2β)μ_max)" if nesterov else "2(1+β)/μ_max"


@dataclass(frozen=True)
class BestSettings:
    """The fastest fixed settings of a method for the curvatures μ_min ≤ μ_max.

    Attributes
    ----------
    learning_rate : float
    momentum : float
    factor : float
        The error's worst shrink factor a step at these settings.
    """

    learning_rate: float
    momentum: float
    factor: float


def best_settings(eigenvalues: np.ndarray, method: str) -> BestSettings:
    """The best fixed η (and β) of plain descent, heavy ball or Nesterov.

    Parameters
    ----------
    eigenvalues : ndarray
        Curvatures of the bowl (flat ones are left out, see `curvature_range`).
    method : {"gradient_descent", "heavy_ball", "nesterov"}

    Notes
    -----
    With κ = μ_max/μ_min: plain descent η = 2/(μ_max + μ_min), factor
    (κ − 1)/(κ + 1); heavy ball η = 4/(√μ_max + √μ_min)², β = ((√κ − 1)/(√κ +
    1))², factor (√κ − 1)/(√κ + 1); Nesterov η = 4/(3μ_max + μ_min), β =
    (√(3κ + 1) − 2)/(√(3κ + 1) + 2), factor 1 − 2/√(3κ + 1) (Lessard, Recht and
    Packard 2016).
    """
    low, high = curvature_range(eigenvalues)
    kappa = high / low
    if method == "gradient_descent":
        return BestSettings(2 / (high + low), 0.0, (kappa - 1) / (kappa + 1))
    if method == "heavy_ball":
        root = np.sqrt(kappa)
        return BestSettings(
            4 / (np.sqrt(high) + np.sqrt(low)) ** 2,
            float(((root - 1) / (root + 1)) ** 2),
            float((root - 1) / (root + 1)),
        )
    if method == "nesterov":
        root = np.sqrt(3 * kappa + 1)
        return BestSettings(
            4 / (3 * high + low), float((root - 2) / (root + 2)), float(1 - 2 / root)
        )
    raise ValueError(
        f"method must be gradient_descent, heavy_ball or nesterov, got {method!r}."
    )


def steps_to_converge(
    eigenvalues: np.ndarray,
    learning_rates: np.ndarray,
    momentum: float = 0.0,
    reduction: float = 1e-6,
    nesterov: bool = False,
) -> np.ndarray:
    """Steps until the error in every direction has shrunk by `reduction`, from
    `convergence_factor` (inf where descent does not converge). Directions of zero
    curvature never shrink and are left out: descent never moves along them.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
    learning_rates : ndarray of shape (n_rates,)
    momentum : float
    reduction : float
        The fraction of the starting error left, in (0, 1).
    nesterov : bool

    Returns
    -------
    ndarray of shape (n_rates,)
    """
    factor = convergence_factor(
        _curved(eigenvalues), learning_rates, momentum, nesterov
    )
    with np.errstate(divide="ignore"):
        steps = np.ceil(np.log(reduction) / np.log(np.minimum(factor, 1.0)))
    return np.where(factor < 1, steps, np.inf)


def steps_against_momentum(
    eigenvalues: np.ndarray,
    momenta: np.ndarray,
    *,
    nesterov: bool = False,
    reduction: float = 1e-6,
    rates_per_momentum: int = 400,
) -> tuple[np.ndarray, np.ndarray]:
    """For each β, the fewest steps any fixed η needs to shrink the error by
    `reduction`, and that η (searched on a log grid up to the stability bound).

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_params,)
    momenta : ndarray of shape (n_momenta,)
        Values of β in [0, 1).
    nesterov : bool
    reduction : float
    rates_per_momentum : int
        Learning rates tried for each β, log-spaced over three decades below
        the bound.

    Returns
    -------
    steps : ndarray of shape (n_momenta,)
        inf where no η converges.
    learning_rates : ndarray of shape (n_momenta,)
    """
    _, high = curvature_range(eigenvalues)
    steps, rates = [], []
    for momentum in np.asarray(momenta, dtype=float):
        bound = stability_bound(high, momentum, nesterov)
        grid = np.geomspace(bound * 1e-3, bound, rates_per_momentum, endpoint=False)
        counts = steps_to_converge(eigenvalues, grid, momentum, reduction, nesterov)
        best = int(np.argmin(counts))
        steps.append(counts[best])
        rates.append(grid[best])
    return np.array(steps), np.array(rates)
