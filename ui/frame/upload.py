"""Where the data comes from: generated, a shipped sample, or the user's CSV file.

The file's bytes are cached by their SHA-256 digest, never by file name, so a table
is only ever shown to whoever uploaded those very bytes. Column names come from the
file: they reach markdown only through `escape`. A browser whose file this session
does not have (its replica fell) is told so (`lost_file`, the cookie
`ui.server.upload_guard` sets).
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import unquote

import streamlit as st

import solvers
import tables
from ui.frame import ending
from ui.frame.cache import memoize
from ui.frame.controls import Choice, choice, escape
from ui.server.upload_guard import LOST_FILE_COOKIE

SOURCE = Choice(
    "source",
    "Data source",
    ("generated", *(f"sample:{key}" for key in tables.SAMPLES), "upload"),
    "generated",
    {
        "generated": "Generated (known true weights)",
        **{f"sample:{k}": f"Sample: {s.title}" for k, s in tables.SAMPLES.items()},
        "upload": "Your own CSV file",
    },
    help="Generated data has true weights to compare with; a sample or your own "
    "CSV file is real data, where nobody knows them.",
)
UPLOAD = "upload_file"
TARGET = "upload_target"
FEATURES = "upload_features"
DROP_MISSING = "upload_dropna"
COLUMN_KEYS = (TARGET, FEATURES, DROP_MISSING)  # the column pickers, on every page
_FILE = "upload_content"  # the last file given, kept while another source is shown
_SET_UP_FOR = "upload_columns_for"  # digest the column pickers were set up for
_OLD_TARGET = "upload_old_target"  # the target before the user changed it


@dataclass(frozen=True)
class Upload:
    name: str
    digest: str
    content: bytes


@dataclass(frozen=True, eq=False)
class Outcome:
    """A dataset with the notes about it, or the problem that prevents it."""

    dataset: solvers.Dataset | None
    notes: tuple[tables.Problem, ...]
    error: tables.Problem | None = None


def source() -> str:
    """The chosen data source (a key of SOURCE.options)."""
    return st.session_state.get(SOURCE.key, SOURCE.default)


def source_choice() -> str:
    """The URL-bound data-source select box."""
    return choice(SOURCE)


@memoize
def _read(digest: str, _content: bytes) -> tables.Table | tables.Problem:
    """The file's table, or why there is none (cached by the bytes' digest)."""
    try:
        return tables.read_csv(_content)
    except tables.TableError as error:
        return error.problem
    except (ValueError, OverflowError, MemoryError, UnicodeError) as error:
        # Any bytes can arrive here: a parser's surprise is the file's problem,
        # said as such, not a traceback (the hostile-file corpus in tests/ has none).
        return tables.Problem(
            "unreadable",
            f"This file cannot be read as a table ({type(error).__name__}). Save "
            "it from a spreadsheet as CSV, with one header line and rows of numbers.",
        )


@memoize
def _build(
    digest: str, target: str, features: tuple, drop_missing: bool, _content: bytes
) -> Outcome:
    table = _read(digest, _content)
    if isinstance(table, tables.Problem):
        return Outcome(None, (), table)
    try:
        selection = tables.select(table, target, features, drop_missing=drop_missing)
    except tables.TableError as error:
        return Outcome(None, (), error.problem)
    description = tables.upload_description(selection)
    dataset = tables.to_dataset(selection, preset="upload", description=description)
    return Outcome(dataset, selection.notes)


@memoize
def sample(key: str) -> solvers.Dataset:
    """A shipped sample table as a Dataset."""
    return tables.load_sample(key)


def _remember() -> None:
    """Keep the file the user gave (or forget it when they remove it)."""
    file = st.session_state.get(UPLOAD)
    if file is None:
        st.session_state.pop(_FILE, None)
        return
    content = file.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    st.session_state[_FILE] = Upload(file.name, digest, content)


def _swap_target() -> None:
    """A feature chosen as the new target gives its place to the old target."""
    new, old = st.session_state[TARGET], st.session_state.get(_OLD_TARGET)
    features = st.session_state.get(FEATURES, [])
    if old is not None and new in features:
        st.session_state[FEATURES] = [old if f == new else f for f in features]
    st.session_state[_OLD_TARGET] = new


def _set_up_columns(upload: Upload, table: tables.Table) -> None:
    """Default columns for a new file; for the same file, keep the user's picks."""
    state = st.session_state
    if state.get(_SET_UP_FOR) != upload.digest or state.get(TARGET) not in (
        table.numeric
    ):
        target = tables.default_target(table)
        state[TARGET] = state[_OLD_TARGET] = target
        state[FEATURES] = tables.default_features(table, target)
        state[DROP_MISSING] = False
        state[_SET_UP_FOR] = upload.digest
    features = state.get(FEATURES, [])
    kept = [f for f in features if f in table.numeric and f != state[TARGET]]
    if kept != features:
        state[FEATURES] = kept


def sidebar(chosen: str) -> None:
    """Below the source choice: a sample's credit, or the uploader and the column
    pickers for the user's file."""
    if chosen.startswith("sample:"):
        key = chosen.removeprefix("sample:")
        data = sample(key)
        st.caption(
            f"{len(data.y)} rows. Target y: {escape(tables.SAMPLES[key].target)}. "
            f"Features x: {escape(', '.join(data.feature_names))}. "
            f"{tables.SAMPLES[key].credit}"
        )
        return
    file = st.file_uploader(
        "CSV file",
        type=["csv", "txt", "tsv"],
        key=UPLOAD,
        on_change=_remember,
        help="One header line with column names, then one row per sample. Only "
        "numeric columns are used. The file stays in your session only.",
    )
    upload = st.session_state.get(_FILE)
    if upload is None:
        limit = st.get_option("server.maxUploadSize")
        st.caption(f"Numbers only, with a header line; at most {limit} MB.")
        return
    if file is None:
        st.caption(f"Using your file {escape(upload.name)}; upload another to swap.")
    table = _read(upload.digest, upload.content)
    if isinstance(table, tables.Problem):
        # Pages that use the data say it too; some (theory, timing) do not.
        st.caption(f":material/error: {escape(table.message)}")
        return
    _set_up_columns(upload, table)
    target = st.selectbox(
        "Target y",
        table.numeric,
        key=TARGET,
        on_change=_swap_target,
        persist_state="session",
    )
    st.multiselect(
        "Features x",
        [name for name in table.numeric if name != target],
        key=FEATURES,
        persist_state="session",
    )
    if table.values.isna().to_numpy().any():
        st.checkbox(
            "Drop rows with missing values",
            key=DROP_MISSING,
            persist_state="session",
            help="Rows with an empty, non-numeric or infinite value in a chosen "
            "column are left out of the fit.",
        )
    notes = [*table.notes]
    if table.constant:
        notes.append(
            tables.Problem(
                "constant",
                f"Constant column(s) left out of the default features: "
                f"{tables.names(table.constant)}. Next to the intercept's column of "
                "ones they would make XᵀX singular.",
            )
        )
    result = outcome()
    notes.extend(result.notes)
    for note in notes:
        st.caption(f":material/warning: {escape(note.message)}")
    if result.error is not None:
        st.caption(f":material/error: {escape(result.error.message)}")


def outcome() -> Outcome | None:
    """The uploaded file's dataset or its problem; None before any file."""
    upload = st.session_state.get(_FILE)
    if upload is None:
        return None
    state = st.session_state
    return _build(
        upload.digest,
        state.get(TARGET, ""),
        tuple(state.get(FEATURES, ())),
        bool(state.get(DROP_MISSING, False)),
        upload.content,
    )


def lost_file() -> str | None:
    """The name of the file this browser uploaded before, when this session does
    not have it (its replica fell, or a reload): "" if its name is unknown; None
    otherwise."""
    if st.session_state.get(_FILE) is not None:
        return None
    name = st.context.cookies.get(LOST_FILE_COOKIE)
    if not isinstance(name, str):  # none (AppTest's context has a stand-in)
        return None
    return unquote(name).strip("-")[:120]


def current(chosen: str) -> solvers.Dataset:
    """The dataset of a sample or of the uploaded file; stops the page with the
    reason when the file cannot make one."""
    if chosen.startswith("sample:"):
        return sample(chosen.removeprefix("sample:"))
    result = outcome()
    if result is None:
        lost = lost_file()
        if lost is not None:
            st.warning(
                f"The file {escape(lost) + ' ' if lost else ''}you uploaded is no "
                "longer on the server: the server restarted, or this is a new "
                "session (a reload, another tab). The other settings are kept in "
                "the link.",
                icon=":material/cloud_off:",
            )
        st.info(
            "Upload a CSV file in the sidebar: a header line with column names, then "
            "rows of numbers. Pick the target y and the features x there, and every "
            "page runs on your data.",
            icon=":material/upload_file:",
        )
        ending.stop()
    if result.error is not None:
        st.error(escape(result.error.message), icon=":material/error:")
        ending.stop()
    return result.dataset
