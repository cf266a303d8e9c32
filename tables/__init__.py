"""Tables of data from outside the app: a user's CSV file (reading.py), the choice
of X and y among its columns (columns.py), and the tables shipped in data/
(samples.py). Pure pandas and numpy, no streamlit; ui/frame/upload.py shows them."""

from tables.columns import (
    Selection,
    default_features,
    default_target,
    incomplete_rows,
    missing_counts,
    select,
    to_dataset,
    upload_description,
)
from tables.reading import (
    MAX_CELLS,
    MAX_COLUMNS,
    Problem,
    Table,
    TableError,
    names,
    quote,
    read_csv,
)
from tables.samples import DATA_DIR, SAMPLES, Sample, load_sample

__all__ = [
    "DATA_DIR",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "SAMPLES",
    "Problem",
    "Sample",
    "Selection",
    "Table",
    "TableError",
    "default_features",
    "default_target",
    "incomplete_rows",
    "load_sample",
    "missing_counts",
    "names",
    "quote",
    "read_csv",
    "select",
    "to_dataset",
    "upload_description",
]
