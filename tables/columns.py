"""Choosing X and y among a table's columns: defaults, missing values, and the
`solvers.Dataset` every page works on."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

import solvers
from tables.reading import Problem, Table, TableError, names, quote

# The sizes of values the app can square, sum and invert in double precision
# (largest 1.8e308, smallest normal 2.2e-308) with room for weights, costs and a
# descent that overshoots: beyond them a column is refused with a rescaling hint.
LARGEST_VALUE = 1e50
SMALLEST_SCALE = 1e-50


@dataclass(frozen=True, eq=False)
class Selection:
    """X and y taken from a Table.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    feature_names, target : the column names used
    n_dropped : int
        Rows left out because a chosen column had no finite value there.
    notes : tuple of Problem
        Warnings that do not stop the fit (constant columns, p ≥ n, ...).
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target: str
    n_dropped: int
    notes: tuple[Problem, ...]


def default_target(table: Table) -> str:
    """The last numeric column that is not constant (else the last numeric one)."""
    varying = [name for name in table.numeric if name not in table.constant]
    return (varying or list(table.numeric))[-1]


def default_features(table: Table, target: str) -> list[str]:
    """Every numeric column but the target and the constant ones."""
    return [n for n in table.numeric if n != target and n not in table.constant]


def missing_counts(table: Table, columns) -> pd.Series:
    """Missing or non-finite values per column, for the columns that have any."""
    counts = table.values[list(columns)].isna().sum()
    return counts[counts > 0]


def incomplete_rows(table: Table, columns) -> int:
    """Rows with a missing or non-finite value in one of `columns`."""
    return int(table.values[list(columns)].isna().any(axis=1).sum())


def select(
    table: Table, target: str, features, *, drop_missing: bool = False
) -> Selection:
    """Take y from the target column and X from the feature columns.

    Raises
    ------
    TableError
        Unknown or non-numeric column, no feature, the target among the features,
        missing values that are not dropped, fewer than two complete rows.
    """
    features = list(features)
    for name in (target, *features):
        if name not in table.numeric:
            raise TableError(
                "unknown_column",
                f"{quote(name)} is not a numeric column of this file. Pick another.",
            )
    if not features:
        raise TableError(
            "no_features",
            "No feature column is chosen. Pick at least one feature in the sidebar.",
        )
    if target in features:
        raise TableError(
            "target_in_features",
            f"The target {quote(target)} is also chosen as a feature: it would "
            "predict itself perfectly. Remove it from the features.",
        )
    if len(set(features)) < len(features):
        raise TableError("repeated_feature", "A feature column is chosen twice.")

    columns = [*features, target]
    counts = missing_counts(table, columns)
    n_incomplete = incomplete_rows(table, columns)
    frame = table.values[columns]
    notes = []
    if n_incomplete:
        where = names(
            [f"{quote(name)} ({count})" for name, count in counts.items()],
            quoted=True,
        )
        found = (
            f"{int(counts.sum())} value(s) are missing or not a finite number in "
            f"{n_incomplete} of the {table.n_rows} rows: {where}."
        )
        if not drop_missing:
            raise TableError(
                "missing",
                f"{found} Least squares needs a number in every cell of X and y. "
                f"Tick “Drop rows with missing values” in the sidebar to fit the "
                f"{table.n_rows - n_incomplete} complete rows, or fill in the gaps "
                "in the file.",
            )
        frame = frame.dropna()
        notes.append(
            Problem(
                "dropped",
                f"{found} Those rows are dropped; {len(frame)} rows remain.",
            )
        )
    if len(frame) < 2:
        raise TableError(
            "too_few_rows",
            f"Only {len(frame)} complete row(s) remain for these columns; a fit needs "
            "at least two. Choose other columns or fill in the gaps.",
        )

    X = np.ascontiguousarray(frame[features].to_numpy(dtype=np.float64))
    y = frame[target].to_numpy(dtype=np.float64).copy()
    for name in columns:
        _check_scale(name, frame[name].to_numpy())
    constant = [name for name in features if frame[name].nunique() <= 1]
    if constant:
        notes.append(
            Problem(
                "constant",
                f"Constant feature(s): {names(constant)}. A constant column is a "
                "multiple of the intercept's column of ones, so XᵀX is singular and "
                "the normal equation fails. Remove them from the features.",
            )
        )
    if frame[target].nunique() <= 1:
        notes.append(
            Problem(
                "constant_target",
                f"The target {quote(target)} has one value only: the best fit is "
                "that value as intercept and every weight 0.",
            )
        )
    n_samples, n_features = X.shape
    if n_features + 1 > n_samples:
        notes.append(
            Problem(
                "wide",
                f"p = {n_features} features but only n = {n_samples} rows: with the "
                f"intercept that is {n_features + 1} unknowns for {n_samples} "
                "equations, so XᵀX is singular and infinitely many weight vectors fit "
                "the rows exactly. The normal equation fails here; the Ridge "
                "regularization page shows how a penalty λ picks one answer. Or use "
                "fewer features.",
            )
        )
    return Selection(
        X=X,
        y=y,
        feature_names=tuple(features),
        target=target,
        n_dropped=table.n_rows - len(frame),
        notes=tuple(notes),
    )


def _check_scale(name: str, values: np.ndarray) -> None:
    """Refuse a column too large or too small for double precision, saying by
    which power of ten to rescale it (a change of units changes nothing else)."""
    size = float(np.max(np.abs(values)))
    if size > LARGEST_VALUE:
        verb, power = "divide", int(np.floor(np.log10(size)))
        why = (
            f"values as large as {size:.3g}; squared and summed they pass the "
            "largest number a computer's double precision holds (about 1.8e308)"
        )
    elif 0 < size < SMALLEST_SCALE:
        verb, power = "multiply", -int(np.floor(np.log10(size)))
        why = (
            f"values no larger than {size:.3g}; squared they fall below the "
            "smallest number double precision holds and become 0"
        )
    else:
        return
    raise TableError(
        "scale",
        f"The column {quote(name)} has {why}, so XᵀX cannot be formed from it. "
        f"Change its units: {verb} the column by 1e{power} in the file (the "
        "weights change by the same factor, nothing else does) and upload it again.",
    )


def to_dataset(selection: Selection, *, preset: str, description: str):
    """A `solvers.Dataset` for real data: the true weights are unknown (NaN)."""
    n_features = selection.X.shape[1]
    return solvers.Dataset(
        X=selection.X,
        y=selection.y,
        coef_true=np.full(n_features, np.nan),
        intercept_true=float("nan"),
        feature_names=selection.feature_names,
        preset=preset,
        description=description,
        target_name=selection.target,
    )


def upload_description(selection: Selection) -> str:
    """What every page says about an uploaded table (no user text in it)."""
    n_samples, n_features = selection.X.shape
    dropped = (
        f" ({selection.n_dropped} incomplete rows dropped)"
        if selection.n_dropped
        else ""
    )
    return (
        f"Your uploaded table: {n_samples} rows{dropped}, {n_features} feature "
        "column(s) and the target chosen in the sidebar. Real data comes with no true "
        "weights: they are unknown here."
    )
