"""NIST's Statistical Reference Datasets for linear least squares: textbook data
with certified answers, and the score of an answer against them.

Each StRD file states which of its lines hold the certified values and which the
data; the certified parameters (B0 is the intercept) have 15 significant digits.
Accuracy is McCullough's log relative error: the number of correct digits.
"""

import re
from dataclasses import dataclass

import numpy as np

_LINES = re.compile(r"(Certified Values|Data)\s+\(lines\s+(\d+)\s+to\s+(\d+)\)")
_PARAMETER = re.compile(r"^\s*B(\d+)\s+(\S+)\s+(\S+)\s*$")
_RESIDUAL_SD = re.compile(r"Residual\s+Standard Deviation\s+(\S+)")
_DIFFICULTY = re.compile(r"(Lower|Average|Higher) Level of Difficulty")
_MAX_DIGITS = 15.0  # the certified values' own precision


@dataclass(frozen=True)
class Certified:
    """A StRD problem and its certified solution.

    Attributes
    ----------
    name : str
    X : ndarray of shape (n_samples, n_features)
        The design's columns (x, or the powers x, x², … of a polynomial model).
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_features,)
        Certified coefficients B1 … Bk.
    intercept : float or None
        Certified B0; None for a model without an intercept.
    residual_sd : float
        Certified residual standard deviation.
    difficulty : str
        NIST's rating: "lower", "average" or "higher".
    polynomial : bool
        True when the columns are the powers x, x², … of one variable.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    coef: np.ndarray
    intercept: float | None
    residual_sd: float
    difficulty: str
    polynomial: bool = False

    @property
    def fit_intercept(self) -> bool:
        """Whether the model has an intercept B0."""
        return self.intercept is not None

    @property
    def weights(self) -> np.ndarray:
        """[B0, B1 … Bk], or [B1 … Bk] without an intercept."""
        if self.intercept is None:
            return self.coef
        return np.concatenate([[self.intercept], self.coef])


def read_strd(text: str, name: str) -> Certified:
    """Parse the text of a StRD linear least-squares file.

    Parameters
    ----------
    text : str
        The whole file (CRLF or LF line endings).
    name : str

    Returns
    -------
    Certified

    Raises
    ------
    ValueError
        When the text is not in the StRD layout.
    """
    lines = text.splitlines()
    spans = {kind: (int(a) - 1, int(b)) for kind, a, b in _LINES.findall(text)}
    if set(spans) != {"Certified Values", "Data"}:
        raise ValueError(f"{name}: no 'Certified Values'/'Data' line ranges found.")
    certified = lines[slice(*spans["Certified Values"])]
    parameters = {}
    for line in certified:
        match = _PARAMETER.match(line)
        if match:
            parameters[int(match[1])] = float(match[2])
    residual = _RESIDUAL_SD.search("\n".join(certified))
    difficulty = _DIFFICULTY.search(text)
    if not parameters or residual is None or difficulty is None:
        raise ValueError(f"{name}: the certified values could not be read.")
    rows = np.array(
        [[float(v) for v in line.split()] for line in lines[slice(*spans["Data"])]]
    )
    y, x = rows[:, 0], rows[:, 1:]
    slopes = sorted(k for k in parameters if k > 0)
    polynomial = x.shape[1] == 1 and len(slopes) > 1
    if polynomial:
        x = x[:, 0:1] ** np.arange(1, len(slopes) + 1)  # a polynomial model
    if x.shape[1] != len(slopes):
        raise ValueError(f"{name}: {x.shape[1]} columns for {len(slopes)} slopes.")
    return Certified(
        name=name,
        X=x,
        y=y,
        coef=np.array([parameters[k] for k in slopes]),
        intercept=parameters.get(0),
        residual_sd=float(residual[1]),
        difficulty=difficulty[1].lower(),
        polynomial=polynomial,
    )


def log_relative_error(estimate, certified) -> float:
    """McCullough's LRE, the number of correct significant digits of the worst
    entry: min over entries of −log₁₀(|estimate − certified| / |certified|),
    capped at 15 (the certified values' own precision); 0 when an entry has no
    correct digit or is not finite.

    Parameters
    ----------
    estimate, certified : array_like of shape (n_params,)

    Returns
    -------
    float
    """
    estimate = np.asarray(estimate, dtype=float)
    certified = np.asarray(certified, dtype=float)
    if estimate.shape != certified.shape:
        raise ValueError(
            f"estimate has shape {estimate.shape}, certified {certified.shape}."
        )
    if not np.isfinite(estimate).all():
        return 0.0
    with np.errstate(divide="ignore"):
        error = np.abs(estimate - certified) / np.abs(certified)
        digits = np.where(error == 0, _MAX_DIGITS, -np.log10(error))
    return float(np.clip(digits.min(), 0.0, _MAX_DIGITS))
