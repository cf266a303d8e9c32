"""Write the sample tables shipped in data/; run `python data/make_samples.py`.

house_prices.csv is generated here from a fixed seed, so rerunning this script gives
the same bytes. diabetes.csv is copied from the files scikit-learn installs (needed
only to run this script; the app never imports scikit-learn).
"""

import csv
import gzip
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DIABETES_COLUMNS = (
    "age",  # years
    "sex",  # coded 1 or 2
    "bmi",  # body mass index, kg/m²
    "bp",  # average blood pressure, mm Hg
    "s1_tc",  # total serum cholesterol
    "s2_ldl",  # low-density lipoproteins
    "s3_hdl",  # high-density lipoproteins
    "s4_tch",  # total cholesterol / HDL
    "s5_ltg",  # log of serum triglycerides
    "s6_glu",  # blood sugar
    "progression",  # disease progression one year later
)


def house_prices(n_houses: int = 60, seed: int = 2024) -> list[tuple[int, int]]:
    """(living area in m², price in thousands of €) for `n_houses` made-up homes.

    Price is about 45 k€ + 3.1 k€ per m², give or take 40 k€: one feature on a
    scale (tens to hundreds of m²) far from the intercept's, as in real listings.
    """
    rng = np.random.default_rng(seed)
    size_m2 = np.round(rng.uniform(40, 220, n_houses)).astype(int)
    price_keur = np.round(45 + 3.1 * size_m2 + rng.normal(0, 40, n_houses))
    return list(zip(size_m2.tolist(), price_keur.astype(int).tolist(), strict=True))


def diabetes() -> list[list[str]]:
    """The 442 rows of scikit-learn's raw (unscaled) diabetes data and its target."""
    folder = resources.files("sklearn.datasets") / "data"
    with gzip.open(folder / "diabetes_data_raw.csv.gz", "rt") as file:
        features = [line.split() for line in file if line.strip()]
    with gzip.open(folder / "diabetes_target.csv.gz", "rt") as file:
        target = [f"{float(line):g}" for line in file if line.strip()]
    if len(features) != len(target):
        raise RuntimeError(
            "scikit-learn's diabetes features and target differ in length"
        )
    return [[*row, y] for row, y in zip(features, target, strict=True)]


def write(name: str, header, rows) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    write("house_prices.csv", ("size_m2", "price_keur"), house_prices())
    write("diabetes.csv", DIABETES_COLUMNS, diabetes())
