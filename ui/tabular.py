"""Reading a CSV file into X and y, and saying plainly what stands in the way.

Pure pandas and numpy, no streamlit. Every message is plain text that may quote the
file's own column names, so whoever shows it must escape it (a header can be
``=HYPERLINK(...)`` or ``<script>``).
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import solvers
from solvers import strd

MAX_COLUMNS = 500
MAX_CELLS = 2_000_000
_SNIFF_BYTES = 65_536
_DELIMITERS = (",", ";", "\t", "|")
_SIGNATURES = {  # file-type magic numbers, for "this is a ..., not a CSV"
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (an Excel .xlsx or OpenDocument file is one)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook",
    b"\x1f\x8b": "a gzip archive",
}
_SAVE_AS_CSV = "In your spreadsheet, use File → Save as → CSV, then upload that file."

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Problem:
    """Something about the file or the chosen columns; `message` is plain text."""

    kind: str
    message: str


class TableError(ValueError):
    """The file or the chosen columns cannot make a regression problem."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.problem = Problem(kind, message)


@dataclass(frozen=True, eq=False)
class Table:
    """A CSV file's numeric columns, read and checked.

    Attributes
    ----------
    values : DataFrame of shape (n_rows, n_numeric)
        The numeric columns as float64; NaN where a value is missing or not finite.
    columns : tuple of str
        Every column name, in file order (blank names and repeats made unique).
    numeric, non_numeric, constant : tuple of str
        The numeric columns; the others (left out); numeric ones with one value.
    notes : tuple of Problem
        What was noticed while reading that does not stop anything.
    """

    values: pd.DataFrame
    columns: tuple[str, ...]
    numeric: tuple[str, ...]
    non_numeric: tuple[str, ...]
    constant: tuple[str, ...]
    notes: tuple[Problem, ...]

    @property
    def n_rows(self) -> int:
        return len(self.values)


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
        "are unknown (NaN) here.",
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
        "they are unknown (NaN) here.",
        "Data: Efron, Hastie, Johnstone and Tibshirani (2004), *Least Angle "
        "Regression*, as shipped with scikit-learn (BSD-3-Clause).",
    ),
}


def read_csv(content: bytes) -> Table:
    """Read CSV bytes into a Table, refusing early what is not a usable CSV.

    Raises
    ------
    TableError
        Empty, binary or unreadable file; too many columns or cells; fewer than two
        data rows; no numeric column.
    """
    text = _decode(content).lstrip("\r\n")
    if not text.strip():
        raise TableError(
            "empty",
            "The file is empty. Choose a CSV file with a header line and rows of "
            "numbers.",
        )
    sep, text = _delimiter(text)
    header = _header(text, sep)
    n_lines = text.count("\n") + (not text.endswith("\n")) - 1
    if n_lines * len(header) > MAX_CELLS:
        raise _too_many_cells(n_lines, len(header))
    frame = _parse(text, sep)
    if sep != "," and _n_numeric(frame) < frame.shape[1]:
        comma = _parse(text, sep, decimal=",")  # 1,5 for 1.5 with ; or tab
        frame = comma if _n_numeric(comma) > _n_numeric(frame) else frame
    if frame.size > MAX_CELLS:
        raise _too_many_cells(*frame.shape)
    columns, renamed = _unique_names(header)
    if len(columns) != frame.shape[1]:  # the csv module and pandas disagree
        columns, renamed = _unique_names([str(name) for name in frame.columns])
    frame.columns = list(columns)
    if len(frame) == 0:
        raise TableError(
            "no_rows",
            "The file has a header line but no data rows below it. Add at least two "
            "rows of numbers.",
        )
    if len(frame) == 1:
        raise TableError(
            "one_row",
            "The file has a single data row. A straight line needs at least two "
            "points, and every extra feature needs one more row: add rows.",
        )

    numeric, non_numeric, examples = [], [], []
    for name in columns:
        column = frame[name]
        if column.isna().all():
            non_numeric.append(name)
            examples.append(f"{_quote(name)} (empty)")
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(
            column
        ):
            numeric.append(name)
        else:
            non_numeric.append(name)
            examples.append(f"{_quote(name)} (e.g. {_quote(_first_text(column))})")
    notes = []
    if renamed:
        notes.append(
            Problem(
                "renamed",
                f"Blank or repeated column names were made unique: {names(renamed)}.",
            )
        )
    if non_numeric:
        notes.append(
            Problem(
                "non_numeric",
                f"{len(non_numeric)} column(s) hold text or nothing, not numbers, "
                f"and are left out: {names(examples, quoted=True)}. Only numeric "
                "columns can be features or the target.",
            )
        )
    if not numeric:
        raise TableError(
            "no_numeric",
            "No column holds only numbers, so there is nothing to fit. "
            f"{notes[-1].message} Is this a CSV file with one header line and numbers "
            "below it?",
        )
    if all(_is_number(name) for name in header):
        notes.append(
            Problem(
                "numeric_header",
                "The first line, used as column names, holds only numbers: does the "
                "file lack a header line? Its first data row may be missing.",
            )
        )
    values = frame[numeric].astype(np.float64)
    values = values.where(np.isfinite(values))  # inf counts as missing
    constant = tuple(name for name in numeric if values[name].nunique() <= 1)
    return Table(
        values=values,
        columns=columns,
        numeric=tuple(numeric),
        non_numeric=tuple(non_numeric),
        constant=constant,
        notes=tuple(notes),
    )


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
                f"{_quote(name)} is not a numeric column of this file. Pick another.",
            )
    if not features:
        raise TableError(
            "no_features",
            "No feature column is chosen. Pick at least one feature in the sidebar.",
        )
    if target in features:
        raise TableError(
            "target_in_features",
            f"The target {_quote(target)} is also chosen as a feature: it would "
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
            [f"{_quote(name)} ({count})" for name, count in counts.items()],
            quoted=True,
        )
        found = (
            f"{int(counts.sum())} value(s) are missing or not finite (e.g. inf) in "
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
                f"The target {_quote(target)} has one value only: the best fit is "
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
        "weights: they are unknown (NaN) here."
    )


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


# ------------------------------------------------------------------ reading


def _decode(content: bytes) -> str:
    """Bytes to text; binary files are refused by their signature or NUL bytes."""
    for signature, kind in _SIGNATURES.items():
        if content.startswith(signature):
            raise TableError(
                "binary", f"This file is {kind}, not a CSV text file. {_SAVE_AS_CSV}"
            )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = content[:_SNIFF_BYTES]
    controls = sum(head.count(bytes([c])) for c in (*range(9), 11, 12, *range(14, 32)))
    if b"\x00" in head or controls > 0.01 * len(head):
        raise TableError(
            "binary",
            "This is not a text file (it contains binary bytes such as NUL), so not "
            f"a CSV file. {_SAVE_AS_CSV}",
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _first_line(text: str) -> str:
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def _delimiter(text: str) -> tuple[str, str]:
    """The separator and the text without Excel's "sep=;" line if it has one; else
    the most frequent of , ; tab | on the first line (a comma if none)."""
    line = _first_line(text)
    hint = re.fullmatch(r"sep=(.)", line.strip())
    if hint:
        return hint.group(1), text[text.find("\n") + 1 :]
    counts = {sep: line.count(sep) for sep in _DELIMITERS}
    best = max(counts, key=counts.get)
    return (best if counts[best] else ","), text


def _first_text(column: pd.Series) -> str:
    """The first value of a column that is not a number."""
    values = column.dropna()
    bad = values[pd.to_numeric(values, errors="coerce").isna()]
    return str((bad if len(bad) else values).iloc[0])


def _header(text: str, sep: str) -> list[str]:
    """The first record's fields, refusing a huge header before pandas sees it."""
    line = _first_line(text)
    if line.count(sep) + 1 > MAX_COLUMNS and '"' not in line:
        raise _too_many_columns(line.count(sep) + 1)
    header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    if len(header) > MAX_COLUMNS:
        raise _too_many_columns(len(header))
    return [name.strip() for name in header]


def _parse(text: str, sep: str, decimal: str = ".") -> pd.DataFrame:
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=sep,
            decimal=decimal,
            index_col=False,
            skipinitialspace=True,
            low_memory=False,
        )
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        reason = str(error).strip().splitlines()[-1]
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", reason)
        if found:
            expected, line, saw = found.groups()
            reason = f"line {line} has {saw} values but the header has {expected}"
        raise TableError(
            "unreadable",
            f"This file cannot be read as a table: {reason}. Every line of a CSV "
            "file needs the same number of comma-separated values as the header.",
        ) from error


def _n_numeric(frame: pd.DataFrame) -> int:
    return sum(pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns)


def _unique_names(header: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Blank names become "column k", repeats get " (2)"; also list the changes."""
    names, seen, renamed = [], set(), []
    for k, raw in enumerate(header, start=1):
        name = raw or f"column {k}"
        base, copy = name, 2
        while name in seen:
            name, copy = f"{base} ({copy})", copy + 1
        if name != raw:
            renamed.append(name)
        seen.add(name)
        names.append(name)
    return tuple(names), renamed


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _too_many_columns(n_columns: int) -> TableError:
    return TableError(
        "too_many_columns",
        f"The header line has {n_columns:,} columns; this app reads at most "
        f"{MAX_COLUMNS}. Keep the columns you need and upload that file.",
    )


def _too_many_cells(n_rows: int, n_columns: int) -> TableError:
    return TableError(
        "too_many_cells",
        f"About {n_rows:,} rows × {n_columns:,} columns is more than the "
        f"{MAX_CELLS:,} values this app reads. Upload a sample of the rows.",
    )


# ------------------------------------------------------------------ messages


def _quote(text: str, limit: int = 40) -> str:
    """A name for a message: on one line, at most `limit` characters, in quotes."""
    flat = " ".join(str(text).split())
    return f"“{flat[: limit - 1]}…”" if len(flat) > limit else f"“{flat}”"


def names(items, *, quoted: bool = False, limit: int = 8) -> str:
    """At most `limit` names for a message, quoted unless `quoted` says they are."""
    shown = [item if quoted else _quote(item) for item in list(items)[:limit]]
    more = len(list(items)) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
