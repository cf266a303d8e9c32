"""Numbers, vectors and matrices as LaTeX, the same way on every page."""

import numpy as np


def number(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant digits, powers of ten written as ×10ⁿ;
    rounding-level values (below 10^-digits) keep only two digits."""
    if value == 0:
        return "0"
    shown = 2 if abs(value) < 10.0**-digits else digits
    text = f"{value:.{shown}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}{{\times}}10^{{{int(exponent)}}}"


def matrix(values, digits: int = 4) -> str:
    """A vector (as a column) or a matrix as a LaTeX bmatrix."""
    rows = np.atleast_2d(values).T if np.ndim(values) == 1 else np.atleast_2d(values)
    body = r" \\ ".join(" & ".join(number(v, digits) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
