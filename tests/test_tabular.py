"""Tests for tables: CSV bytes to X and y, and one clear message per problem."""

import gzip
import importlib.util
import io
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

import tables
from tables import TableError, read_csv, select
from tables import reading as tabular_reading


def kinds(problems) -> list[str]:
    return [problem.kind for problem in problems]


# ---------------------------------------------------------------- a good file

KNOWN = b"size,rooms,label,price\n50,2,a,150\n80,3,b,240.5\n120,4,c,-3e2\n"


def test_known_csv_gives_exactly_the_expected_X_and_y():
    table = read_csv(KNOWN)
    assert table.columns == ("size", "rooms", "label", "price")
    assert table.numeric == ("size", "rooms", "price")
    assert table.non_numeric == ("label",)
    target = tables.default_target(table)
    features = tables.default_features(table, target)
    assert (target, features) == ("price", ["size", "rooms"])
    selection = select(table, target, features)
    assert_array_equal(selection.X, [[50.0, 2.0], [80.0, 3.0], [120.0, 4.0]])
    assert_array_equal(selection.y, [150.0, 240.5, -300.0])
    assert selection.X.dtype == selection.y.dtype == np.float64
    assert selection.X.flags.c_contiguous
    assert selection.feature_names == ("size", "rooms")
    assert selection.n_dropped == 0
    assert selection.notes == ()


def test_columns_are_taken_in_the_chosen_order():
    selection = select(read_csv(KNOWN), "size", ["price", "rooms"])
    assert_array_equal(selection.X, [[150.0, 2.0], [240.5, 3.0], [-300.0, 4.0]])
    assert_array_equal(selection.y, [50.0, 80.0, 120.0])


@settings(max_examples=25, deadline=None)
@given(
    n_rows=st.integers(2, 40),
    n_columns=st.integers(2, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_numeric_table_round_trips_through_csv(n_rows, n_columns, seed):
    rng = np.random.default_rng(seed)
    values = rng.standard_normal((n_rows, n_columns)) * 10.0 ** rng.integers(-3, 6)
    frame = pd.DataFrame(values, columns=[f"c{j}" for j in range(n_columns)])
    content = frame.to_csv(index=False, float_format="%.17g").encode()
    table = read_csv(content)
    target = tables.default_target(table)
    selection = select(table, target, tables.default_features(table, target))
    assert_array_equal(selection.X, values[:, :-1])
    assert_array_equal(selection.y, values[:, -1])


def test_real_data_becomes_a_dataset_with_unknown_truth_and_the_headers_as_names():
    selection = select(read_csv(KNOWN), "price", ["size", "rooms"])
    data = tables.to_dataset(selection, preset="upload", description="mine")
    assert_array_equal(data.X, selection.X)
    assert_array_equal(data.y, selection.y)
    assert data.coef_true.shape == (2,)
    assert np.isnan(data.coef_true).all()
    assert np.isnan(data.intercept_true)
    assert data.feature_names == ("size", "rooms")
    assert (data.preset, data.description) == ("upload", "mine")
    assert "unknown" in tables.upload_description(selection)


# ---------------------------------------------------------------- CSV dialects


def test_semicolons_with_decimal_commas_are_read_as_numbers():
    table = read_csv("größe;preis\n1,5;2\n2,5;3,25\n".encode("cp1252"))
    assert table.numeric == ("größe", "preis")
    assert_array_equal(table.values.to_numpy(), [[1.5, 2.0], [2.5, 3.25]])


def test_excel_sep_line_tabs_and_utf16_are_understood():
    assert read_csv(b"sep=;\na;b\n1;2\n3;4\n").numeric == ("a", "b")
    table = read_csv("a\tb\n1\t2\n3\t4\n".encode("utf-16"))
    assert_array_equal(table.values.to_numpy(), [[1.0, 2.0], [3.0, 4.0]])


def test_blank_and_repeated_names_are_made_unique_with_a_note():
    table = read_csv(b"a,a,,b\n1,2,3,4\n5,6,7,8\n")
    assert table.columns == ("a", "a (2)", "column 3", "b")
    assert "renamed" in kinds(table.notes)


def test_a_header_of_numbers_is_flagged():
    assert "numeric_header" in kinds(read_csv(b"1,2\n3,4\n5,6\n").notes)


# ---------------------------------------------------------------- one problem each


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf\n"])
def test_empty_file(content):
    with pytest.raises(TableError, match="empty") as error:
        read_csv(content)
    assert error.value.problem.kind == "empty"


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"%PDF-1.7\n", "PDF"),
        (b"a,b\n1,2\x00\x003\n4,5\n", "NUL"),
        (bytes(range(256)) * 4, "not a text file"),
    ],
)
def test_binary_file_renamed_csv(content, what):
    with pytest.raises(TableError, match=what) as error:
        read_csv(content)
    assert error.value.problem.kind == "binary"
    assert "Save as" in str(error.value)


def test_lines_of_different_lengths_name_the_line():
    with pytest.raises(TableError, match="line 3 has 3 values but the header has 2"):
        read_csv(b"a,b\n1,2\n3,4,5\n")


def test_non_numeric_columns_are_listed_and_left_out():
    table = read_csv(b"city,size,when,price\nOslo,50,May,150\nRome,80,June,240\n")
    assert table.numeric == ("size", "price")
    assert table.non_numeric == ("city", "when")
    (note,) = table.notes
    assert note.kind == "non_numeric"
    assert "“city” (e.g. “Oslo”)" in note.message
    assert "“when” (e.g. “May”)" in note.message
    assert "city" not in tables.default_features(table, "price")


def test_a_mostly_numeric_column_with_one_word_is_non_numeric_and_shows_the_word():
    table = read_csv(b"x,y\n1,2\n2,three\n3,4\n")
    assert table.non_numeric == ("y",)
    assert "“three”" in table.notes[0].message


def test_no_numeric_column_at_all_is_fatal():
    with pytest.raises(TableError, match="No column holds only numbers") as error:
        read_csv(b"name,town\nAda,Paris\nBob,Rome\n")
    assert "“name”" in str(error.value)
    assert error.value.problem.kind == "no_numeric"


def test_missing_values_are_counted_and_stop_the_fit_unless_dropped():
    content = b"a,b,y\n1,,3\n2,5,6\n,8,9\n4,11,\n5,14,15\n"
    table = read_csv(content)
    assert tables.missing_counts(table, ["a", "b", "y"]).to_dict() == {
        "a": 1,
        "b": 1,
        "y": 1,
    }
    assert tables.incomplete_rows(table, ["a", "b", "y"]) == 3
    with pytest.raises(TableError, match=r"3 value\(s\) are missing") as error:
        select(table, "y", ["a", "b"])
    assert "3 of the 5 rows" in str(error.value)
    assert "Drop rows with missing values" in str(error.value)
    assert "2 complete rows" in str(error.value)

    kept = select(table, "y", ["a", "b"], drop_missing=True)
    assert_array_equal(kept.X, [[2.0, 5.0], [5.0, 14.0]])
    assert_array_equal(kept.y, [6.0, 15.0])
    assert kept.n_dropped == 3
    assert "dropped" in kinds(kept.notes)


def test_missing_values_outside_the_chosen_columns_do_not_matter():
    table = read_csv(b"a,b,y\n1,,3\n2,5,6\n3,8,10\n")
    assert select(table, "y", ["a"]).n_dropped == 0


@pytest.mark.parametrize("token", ["inf", "-inf", "Infinity", "NaN", "NA", ""])
def test_non_finite_values_count_as_missing(token):
    table = read_csv(f"a,y\n1,2\n2,{token}\n3,5\n4,7\n".encode())
    assert table.numeric == ("a", "y")
    with pytest.raises(
        TableError, match=r"1 value\(s\) are missing or not a finite number"
    ):
        select(table, "y", ["a"])
    assert_array_equal(select(table, "y", ["a"], drop_missing=True).y, [2.0, 5.0, 7.0])


def test_constant_columns_are_named_and_left_out_by_default():
    table = read_csv(b"a,ones,b,y\n1,1,5,3\n2,1,3,6\n3,1,8,10\n4,1,1,11\n")
    assert table.constant == ("ones",)
    assert tables.default_features(table, "y") == ["a", "b"]
    chosen = select(table, "y", ["a", "ones"])
    (note,) = chosen.notes
    assert note.kind == "constant"
    assert "“ones”" in note.message
    assert "singular" in note.message


def test_a_constant_target_is_not_the_default_and_is_explained():
    table = read_csv(b"a,b,zero\n1,2,0\n2,1,0\n3,5,0\n")
    assert tables.default_target(table) == "b"
    assert "constant_target" in kinds(select(table, "zero", ["a"]).notes)


def test_header_without_rows_and_a_single_row():
    with pytest.raises(TableError, match="no data rows"):
        read_csv(b"a,b\n")
    with pytest.raises(TableError, match="single data row") as error:
        read_csv(b"a,b\n1,2\n")
    assert error.value.problem.kind == "one_row"


def test_one_complete_row_left_after_dropping_is_too_few():
    table = read_csv(b"a,y\n1,\n2,5\n,7\n")
    with pytest.raises(TableError, match="Only 1 complete row"):
        select(table, "y", ["a"], drop_missing=True)


def test_more_features_than_rows_explains_p_greater_than_n_and_suggests_ridge():
    header = ",".join(f"x{j}" for j in range(6))
    rows = "\n".join(
        ",".join(str((i * 7 + j * 3) % 11) for j in range(6)) for i in (1, 2, 3, 4)
    )
    table = read_csv(f"{header}\n{rows}\n".encode())
    selection = select(table, "x5", ["x0", "x1", "x2", "x3", "x4"])
    wide = next(note for note in selection.notes if note.kind == "wide")
    assert "p = 5 features but only n = 4 rows" in wide.message
    assert "Ridge" in wide.message


def test_as_many_rows_as_unknowns_is_not_wide():
    table = read_csv(b"a,b,y\n1,2,3\n2,1,5\n4,4,1\n")
    assert "wide" not in kinds(select(table, "y", ["a", "b"]).notes)


@pytest.mark.parametrize(
    ("target", "features", "match"),
    [
        ("price", [], "No feature column is chosen"),
        ("price", ["size", "price"], "also chosen as a feature"),
        ("price", ["label"], "not a numeric column"),
        ("nope", ["size"], "not a numeric column"),
        ("price", ["size", "size"], "chosen twice"),
    ],
)
def test_impossible_column_choices(target, features, match):
    with pytest.raises(TableError, match=match):
        select(read_csv(KNOWN), target, features)


# ---------------------------------------------------------------- size limits


def test_a_million_columns_is_refused_from_the_header_alone(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("the whole file was parsed")

    monkeypatch.setattr(pd, "read_csv", no_parsing)
    monkeypatch.setattr(tabular_reading.csv, "reader", no_parsing)
    header = b",".join(b"c%d" % j for j in range(1_000_000))
    with pytest.raises(TableError, match="1,000,000 columns") as error:
        read_csv(header + b"\n" + b"1," * 999_999 + b"1\n")
    assert error.value.problem.kind == "too_many_columns"
    assert str(tables.MAX_COLUMNS) in str(error.value)


def test_quoted_commas_do_not_count_as_columns():
    names = ",".join(f'"name, {j}"' for j in range(tables.MAX_COLUMNS))
    values = ",".join("1" for _ in range(tables.MAX_COLUMNS))
    table = read_csv(f"{names}\n{values}\n{values}\n".encode())
    assert len(table.columns) == tables.MAX_COLUMNS
    with pytest.raises(TableError, match="501 columns"):
        read_csv(f"{names},x\n{values},1\n".encode())


def test_too_many_cells_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(tabular_reading, "MAX_CELLS", 100)
    monkeypatch.setattr(pd, "read_csv", None)  # never reached
    with pytest.raises(TableError, match="more than the 100 values") as error:
        read_csv(b"a,b\n" + b"1,2\n" * 51)
    assert error.value.problem.kind == "too_many_cells"


def test_just_under_the_cell_limit_is_read(monkeypatch):
    monkeypatch.setattr(tabular_reading, "MAX_CELLS", 100)
    assert read_csv(b"a,b\n" + b"1,2\n" * 50).n_rows == 50


# ---------------------------------------------------------------- hostile headers


HOSTILE = (
    b'"=HYPERLINK(""http://evil.example"",""click"")",<script>alert(1)</script>,'
    b"**bold** [x](http://e.com) $x^2$,y\n1,2,3,4\n2,3,5,7\n3,5,4,6\n"
)


def test_formulas_and_html_in_headers_are_kept_as_plain_text():
    table = read_csv(HOSTILE)
    names = (
        '=HYPERLINK("http://evil.example","click")',
        "<script>alert(1)</script>",
        "**bold** [x](http://e.com) $x^2$",
    )
    assert table.numeric == (*names, "y")
    assert select(table, "y", list(names)).feature_names == names


def test_long_or_multiline_names_are_shortened_in_messages():
    name = "a\nvery " + "long " * 30
    table = read_csv(f'"{name}",y\nfoo,2\nbar,4\n'.encode())
    (note,) = table.notes
    assert "\n" not in note.message
    assert "“a very long long" in note.message
    assert "long long long long long long long long long" not in note.message
    assert table.non_numeric == (name.strip(),)


# ---------------------------------------------------------------- shipped samples


CSV_SAMPLES = [k for k, s in tables.SAMPLES.items() if s.file.endswith(".csv")]
NIST_SAMPLES = [k for k in tables.SAMPLES if k not in CSV_SAMPLES]


@pytest.mark.parametrize("key", NIST_SAMPLES)
def test_nist_samples_carry_their_certified_weights(key):
    data = tables.load_sample(key)
    assert data.certified.shape == (data.X.shape[1] + 1,)
    assert np.isfinite(data.X).all() and np.isfinite(data.y).all()
    assert len(data.feature_names) == data.X.shape[1]
    assert data.preset == key and f"{len(data.y)} " in data.description


@pytest.mark.parametrize("key", CSV_SAMPLES)
def test_shipped_samples_are_small_clean_tables(key):
    sample = tables.SAMPLES[key]
    path = tables.DATA_DIR / sample.file
    assert path.stat().st_size < 100_000
    table = read_csv(path.read_bytes())
    assert table.notes == ()
    assert table.non_numeric == table.constant == ()
    data = tables.load_sample(key)
    assert np.isfinite(data.X).all() and np.isfinite(data.y).all()
    assert data.feature_names == tuple(c for c in table.columns if c != sample.target)
    assert np.isnan(data.coef_true).all()
    assert data.preset == key
    assert f"{len(data.y)} " in data.description


def test_diabetes_sample_is_scikit_learns_raw_data():
    folder = resources.files("sklearn.datasets") / "data"
    with gzip.open(folder / "diabetes_data_raw.csv.gz") as file:
        X = np.loadtxt(io.BytesIO(file.read()))
    with gzip.open(folder / "diabetes_target.csv.gz") as file:
        y = np.loadtxt(io.BytesIO(file.read()))
    data = tables.load_sample("diabetes")
    assert_array_equal(data.X, X)
    assert_array_equal(data.y, y)


def test_house_prices_sample_is_reproduced_by_its_script():
    spec = importlib.util.spec_from_file_location(
        "make_samples", tables.DATA_DIR / "make_samples.py"
    )
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    rows = make_samples.house_prices()
    data = tables.load_sample("house_prices")
    assert_array_equal(data.X[:, 0], [size for size, _ in rows])
    assert_array_equal(data.y, [price for _, price in rows])
    assert data.feature_names == ("size_m2",)


def test_numbers_with_thousands_separators_are_numbers():
    table = tables.read_csv(b'area,price\n"1,000",5\n"12,345.5",7\n20,9\n')
    assert table.numeric == ("area", "price")
    assert table.values["area"].tolist() == [1000.0, 12345.5, 20.0]
    assert any("thousands separators" in note.message for note in table.notes)
    # Not every comma is a thousands separator: these stay text.
    for cell in ('"1,2,3"', '"12,34"', '"1,000,00"'):
        table = tables.read_csv(f"id,b\n{cell},5\n7,7\n".encode())
        assert table.numeric == ("b",), cell


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_a_byte_order_mark_is_text(encoding):
    table = tables.read_csv("x,y\n1,2\n3,4.5\n5,6\n".encode(encoding))
    assert table.numeric == ("x", "y")
    assert table.values["y"].tolist() == [2.0, 4.5, 6.0]


def test_a_line_longer_than_the_header_is_refused_not_cut():
    # pandas would keep the first three values of line 2 and drop the rest.
    with pytest.raises(TableError, match="line 2 has more values than the header's 3"):
        read_csv(b"a,b,y\n1,2,3,4,5\n2,3,5\n4,1,6\n")
