"""Reading the bytes of a CSV file into a table of numbers, and saying plainly what
stands in the way (a binary file, odd delimiters, too many cells, …).

Pure pandas and numpy, no streamlit. Every message is plain text that may quote the
file's own column names, so whoever shows it must escape it (a header can be
``=HYPERLINK(...)`` or ``<script>``).
"""

import csv
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

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


def read_csv(content: bytes) -> Table:
    """Read CSV bytes into a Table, refusing early what is not a usable CSV.

    Raises
    ------
    TableError
        Empty, binary or unreadable file; too many columns or cells; fewer than two
        data rows; no numeric column.
    """
    # One line ending: old Macs wrote CR alone, Windows CR LF.
    text = _decode(content).replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
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
    grouped = []
    for name in columns:
        column = frame[name]
        as_numbers = _thousands(column)
        if as_numbers is not None:
            frame[name] = column = as_numbers
            grouped.append(name)
        if column.isna().all():
            non_numeric.append(name)
            examples.append(f"{quote(name)} (empty)")
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(
            column
        ):
            numeric.append(name)
        else:
            non_numeric.append(name)
            examples.append(f"{quote(name)} (e.g. {quote(_first_text(column))})")
    notes = []
    if renamed:
        notes.append(
            Problem(
                "renamed",
                f"Blank or repeated column names were made unique: {names(renamed)}.",
            )
        )
    if grouped:
        notes.append(
            Problem(
                "thousands",
                f"Numbers written with thousands separators (1,000) were read as "
                f"numbers in {names([quote(n) for n in grouped], quoted=True)}.",
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
    numbers = frame[numeric].to_numpy(dtype=np.float64, copy=True)
    numbers[~np.isfinite(numbers)] = np.nan  # inf counts as missing
    values = pd.DataFrame(numbers, columns=numeric, index=frame.index)
    constant = tuple(name for name in numeric if values[name].nunique() <= 1)
    return Table(
        values=values,
        columns=columns,
        numeric=tuple(numeric),
        non_numeric=tuple(non_numeric),
        constant=constant,
        notes=tuple(notes),
    )


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
    utf16 = _utf16_without_bom(head)
    if utf16:
        try:
            return content.decode(utf16)
        except UnicodeDecodeError:
            pass
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


def _utf16_without_bom(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for text saved as UTF-16 without its byte-order
    mark: mostly ASCII, so one byte of every pair is NUL, and always the same one."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


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


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")


def _thousands(column: pd.Series) -> pd.Series | None:
    """A text column of numbers such as 1,000 or 12,345.6 (and plain ones) as
    numbers; None when it is anything else."""
    if pd.api.types.is_numeric_dtype(column):
        return None
    values = column.dropna().astype(str).str.strip()
    if values.empty:
        return None
    grouped = values.str.fullmatch(_GROUPED.pattern)
    if not grouped.any() or not (grouped | values.str.fullmatch(_PLAIN.pattern)).all():
        return None
    return pd.to_numeric(column.astype("string").str.strip().str.replace(",", ""))


def _first_text(column: pd.Series) -> str:
    """The first value of a column that is not a number."""
    values = column.dropna().astype(str)
    bad = values[~values.map(_is_number)]
    return (bad if len(bad) else values).iloc[0]


def _header(text: str, sep: str) -> list[str]:
    """The first record's fields, refusing a huge header before pandas sees it."""
    line = _first_line(text)
    if line.count(sep) + 1 > MAX_COLUMNS and '"' not in line:
        raise _too_many_columns(line.count(sep) + 1)
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    except csv.Error as error:  # e.g. a name longer than csv.field_size_limit()
        raise TableError(
            "unreadable",
            f"The header line cannot be read as column names ({error}). The first "
            "line of a CSV file should hold short names separated by commas.",
        ) from error
    if len(header) > MAX_COLUMNS:
        raise _too_many_columns(len(header))
    return [name.strip() for name in header]


def _parse(text: str, sep: str, decimal: str = ".") -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            # pandas would drop a long line's extra values with only a warning.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(text),
                sep=sep,
                decimal=decimal,
                index_col=False,
                skipinitialspace=True,
                low_memory=False,
            )
    except pd.errors.ParserWarning as error:
        n_names = len(_header(text, sep))
        rows = csv.reader(io.StringIO(text), delimiter=sep)
        long = (k for k, row in enumerate(rows, 1) if len(row) > n_names)
        where = f"line {line}" if (line := next(long, None)) else "a line"
        raise TableError(
            "unreadable",
            f"This file cannot be read as a table: {where} has more values than "
            f"the header's {n_names} names. Every line of a CSV file needs "
            "the same number of comma-separated values as the header.",
        ) from error
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
    except (ValueError, OverflowError):
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


def quote(text: str, limit: int = 40) -> str:
    """A name for a message: on one line, at most `limit` characters, in quotes."""
    flat = " ".join(str(text).split())
    return f"“{flat[: limit - 1]}…”" if len(flat) > limit else f"“{flat}”"


def names(items, *, quoted: bool = False, limit: int = 8) -> str:
    """At most `limit` names for a message, quoted unless `quoted` says they are."""
    shown = [item if quoted else quote(item) for item in list(items)[:limit]]
    more = len(list(items)) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
