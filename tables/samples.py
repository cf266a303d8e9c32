"""The tables shipped in data/ (sources and licences in data/README.md): CSV
samples, and NIST's reference datasets with their certified weights."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

import solvers
from solvers import strd
from tables.columns import default_features, select, to_dataset
from tables.reading import read_csv

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Sample:
    """A table shipped in data/ (see data/README.md for sources and licences)."""

    title: str
    file: str
    target: str
    description: str
    credit: str


SAMPLES = {
    "house_prices": Sample(
        "House size vs price",
        "house_prices.csv",
        "price_keur",
        "{n_samples} homes: living area in m² and price in thousands of €, one "
        "feature on a scale far from the intercept's (made-up but realistic "
        "numbers). Like real data it comes without the weights behind it: they "
        "are unknown here.",
        "Made-up data from `data/make_samples.py` (seeded), free to reuse.",
    ),
    "longley": Sample(
        "NIST Longley (1967): collinear economics",
        "nist/Longley.dat",
        "y",
        "{n_samples} years of US macroeconomic data (1947–1962: x1 GNP price "
        "deflator, x2 GNP, x3 unemployed, x4 armed forces, x5 population, x6 the "
        "year) against total employment: the classic test of regression software, "
        "whose six features "
        "are nearly collinear and on scales from 1 to 500,000. NIST certifies the "
        "exact least-squares weights to 15 digits, so every method's correct digits "
        "can be counted.",
        "Data and certified values: NIST Statistical Reference Datasets (StRD), "
        "Longley (1967), public domain.",
    ),
    "filip": Sample(
        "NIST Filip: a degree-10 polynomial",
        "nist/Filip.dat",
        "y",
        "{n_samples} points fitted by a polynomial of degree 10 in x (the features are "
        "x, x², …, x¹⁰): full rank, but so ill-conditioned that forming XᵀX loses "
        "every digit. NIST certifies the exact weights to 15 digits.",
        "Data and certified values: NIST Statistical Reference Datasets (StRD), "
        "Filippelli, public domain.",
    ),
    "pontius": Sample(
        "NIST Pontius: a quadratic calibration",
        "nist/Pontius.dat",
        "y",
        "{n_samples} load-cell readings against the load, fitted by a quadratic "
        "(features x and x²): easy for a careful solver, but its columns span "
        "twelve orders of magnitude. NIST certifies the exact weights.",
        "Data and certified values: NIST Statistical Reference Datasets (StRD), "
        "Pontius, public domain.",
    ),
    "norris": Sample(
        "NIST Norris: a straight line",
        "nist/Norris.dat",
        "y",
        "{n_samples} calibration measurements of ozone, fitted by a straight line: "
        "the easy case, where every method should agree with NIST's certified "
        "weights to about 12 digits or more.",
        "Data and certified values: NIST Statistical Reference Datasets (StRD), "
        "Norris, public domain.",
    ),
    "diabetes": Sample(
        "Diabetes progression",
        "diabetes.csv",
        "progression",
        "{n_samples} patients: age, sex, body mass index, blood pressure and six blood "
        "serum measurements, in their own units, against disease progression a "
        "year later (Efron et al., 2004). Real data comes with no true weights: "
        "they are unknown here.",
        "Data: Efron, Hastie, Johnstone and Tibshirani (2004), *Least Angle "
        "Regression*, as shipped with scikit-learn (BSD-3-Clause).",
    ),
}


def load_sample(key: str) -> solvers.Dataset:
    """A shipped sample as a Dataset: its target against every other column (a
    NIST reference dataset with its model's columns and certified weights)."""
    sample = SAMPLES[key]
    if sample.file.endswith(".dat"):
        return _load_certified(key, sample)
    table = read_csv((DATA_DIR / sample.file).read_bytes())
    selection = select(table, sample.target, default_features(table, sample.target))
    description = sample.description.format(n_samples=len(selection.y))
    return to_dataset(selection, preset=key, description=description)


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _load_certified(key: str, sample: Sample) -> solvers.Dataset:
    problem = strd.read_strd((DATA_DIR / sample.file).read_text(), sample.title)
    n_features = problem.X.shape[1]
    if problem.polynomial:
        powers = (f"x{k}".translate(_SUPERSCRIPTS) for k in range(2, n_features + 1))
        names = ("x", *powers)
    elif n_features == 1:
        names = ("x",)
    else:
        names = tuple(f"x{j}" for j in range(1, n_features + 1))
    return solvers.Dataset(
        X=problem.X,
        y=problem.y,
        coef_true=np.full(n_features, np.nan),
        intercept_true=float("nan"),
        feature_names=names,
        preset=key,
        description=sample.description.format(n_samples=len(problem.y)),
        certified=problem.weights,
    )
