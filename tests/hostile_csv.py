"""A corpus of hostile CSV files: what a user (or a prankster in the class) can
upload. Built in code so that large ones cost nothing in the repository; every
entry is deterministic. Add a file here when a new one breaks the app.
"""

import functools

import numpy as np


def _rows(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _numbers(columns: dict[str, np.ndarray]) -> bytes:
    table = np.column_stack(list(columns.values()))
    lines = [",".join(columns)] + [
        ",".join(repr(float(v)) for v in row) for row in table
    ]
    return _rows(*lines)


@functools.cache
def corpus() -> dict[str, bytes]:
    """Name → bytes of every hostile file."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(20, 3))
    good = "a,b,y", "1,2,3", "2,3,5", "4,1,6", "5,5,9"
    files = {
        # Encodings, line endings, byte-level oddities
        "empty": b"",
        "blank lines": b"   \n \n",
        "utf-8 with BOM": b"\xef\xbb\xbf" + _rows(*good),
        "utf-16 with BOM": "\n".join(good).encode("utf-16"),
        "utf-16-le without BOM": "\n".join(good).encode("utf-16-le"),
        "utf-16 odd length": "\n".join(good).encode("utf-16") + b"\x00",
        "latin-1 header": "prix,taille,é\n1,2,3\n2,3,5\n4,1,6\n".encode("latin-1"),
        "CR only (old Mac)": "\r".join(good).encode(),
        "CRLF (Windows)": "\r\n".join(good).encode(),
        "mixed line endings": b"a,b,y\r\n1,2,3\n2,3,5\r4,1,6\r\n5,5,9\n",
        "NUL byte": b"a,b,y\n1,2\x00,3\n",
        "PNG signature": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "HTML": b"<html><body><script>alert(1)</script></body></html>\n",
        "JSON": b'{"a": [1, 2, 3]}\n',
        # Structure
        "header only": b"a,b,y\n",
        "one row": b"a,b,y\n1,2,3\n",
        "ragged rows": b"a,b,y\n1,2,3,4,5\n2,3\n4,1,6\n",
        "unclosed quote": b'a,b,y\n"1,2,3\n2,3,5\n4,1,6\n',
        "doubled quotes": b'a,b,y\n"1""2",3,4\n5,6,7\n8,9,1\n',
        "newline in a name": b'"a\nb",c,y\n1,2,3\n2,3,5\n4,1,6\n',
        "only commas": b",,,\n,,,\n,,,\n",
        "duplicate names": b"a,a,y\n1,1,1\n2,2,3\n3,3,4\n5,5,2\n",
        "formula names": b'=HYPERLINK("x"),+cmd,@SUM(A1),y\n1,2,3,4\n2,3,4,6\n'
        b"3,1,2,7\n4,4,4,1\n",
        "sep= hint": b"sep=;\na;b;y\n1;2;3\n2;3;5\n4;1;6\n",
        "sep= quote": b'sep="\na"b"y\n1"2"3\n',
        "semicolons, decimal commas": b"a;b;y\n1,5;2;3\n2,5;3;5\n4,1;1;6\n",
        "tabs": b"a\tb\ty\n1\t2\t3\n2\t3\t5\n4\t1\t6\n",
        "2,000 quoted names": (
            ",".join(f'"c{i}"' for i in range(2000)) + "\n1\n"
        ).encode(),
        "500 columns, 3 rows": _rows(
            ",".join(f"c{j}" for j in range(500)),
            *(",".join(str((i * j) % 7) for j in range(500)) for i in range(3)),
        ),
        "name over the csv field limit": _rows(
            '"' + "h" * 200_000 + '",b,y', *good[1:]
        ),
        "field over the csv field limit": _rows(
            "a,b,y", "x" * 200_000 + ",1,2", *good[1:]
        ),
        "300,000 rows": b"a,y\n" + b"1,2\n" * 300_000,
        # Values
        "booleans": b"a,b,y\nTrue,1,2\nFalse,2,3\nTrue,3,5\n",
        "hexadecimal": b"a,b,y\n0x1,1,2\n0x2,2,3\n0x3,3,5\n",
        "400-digit integer": _rows("a,b,y", "9" * 400 + ",1,2", "1,2,3", "2,3,5"),
        "1e400": b"a,b,y\n1e400,1,2\n2,2,3\n3,3,5\n4,4,1\n",
        "all NaN": b"a,b,y\nnan,nan,nan\nnan,nan,nan\nnan,nan,nan\n",
        "infinities": b"a,b,y\ninf,1,2\n-inf,2,3\ninf,3,4\n",
        "constant": b"a,b,y\n1,1,1\n1,1,1\n1,1,1\n",
        "negative zeros": b"a,b,y\n-0,0,0\n0,-0,0\n-0,0,0\n",
        "collinear": b"a,b,y\n1,2,3\n2,4,5\n3,6,6\n4,8,9\n",
        "more features than rows": b"a,b,c,d,y\n1,2,3,4,5\n2,1,4,3,6\n",
        "thousands separators": b'a,b,y\n"1,000",1,2\n"2,500",2,3\n"3,100",3,5\n',
        "1e300 and 1e-300 mixed": b"a,b,y\n1e300,1,2\n1e-300,2,3\n2e300,3,5\n"
        b"3e-300,1,6\n5,5,9\n",
        "near the float limit": _numbers(
            {"a": x[:, 0] * 1e200, "b": x[:, 1], "y": x[:, 2]}
        ),
        "1e155": _numbers({"a": x[:, 0] * 1e155, "b": x[:, 1], "y": x[:, 2]}),
        "y = 1e300": _numbers({"a": x[:, 0], "b": x[:, 1], "y": x[:, 2] * 1e300}),
        "y at ±1.7e308": b"a,b,y\n1,1,1.7e308\n2,2,-1.7e308\n3,3,1.7e308\n4,1,1e308\n",
        "tiny 1e-300": _numbers({"a": x[:, 0] * 1e-300, "b": x[:, 1], "y": x[:, 2]}),
        "subnormal": b"a,y\n5e-324,1\n1e-323,2\n1.5e-323,3\n",
        # Large but allowed: the app must work, not merely refuse
        "x at 1e49, y at 1e-49": _numbers(
            {"a": x[:, 0] * 1e49, "b": x[:, 1] * 1e49, "y": x[:, 2] * 1e-49}
        ),
        "x at 1e-49, y at 1e49": _numbers(
            {"a": x[:, 0] * 1e-49, "b": x[:, 1] * 1e-49, "y": x[:, 2] * 1e49}
        ),
        "collinear at 1e40": _numbers(
            {"a": x[:, 0] * 1e40, "b": x[:, 0] * 2e40, "y": x[:, 2]}
        ),
        "1e49 next to 1e-49": _numbers(
            {"a": x[:, 0] * 1e49, "b": x[:, 1] * 1e-49, "y": x[:, 2]}
        ),
    }
    return files
