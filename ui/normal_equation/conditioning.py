"""How far the closed form can be trusted, as the normal-equation page shows it:
the condition numbers, the four methods side by side, and why they differ.

Used by pages/normal_equation.py only; the numbers all come from
`solvers.LinearFit` and `solvers.anatomy.check_methods`.
"""

import math

import numpy as np
import pandas as pd
import streamlit as st

import solvers
from solvers import anatomy


def _kappa(value: float) -> str:
    # 3 significant digits, as the ridge page writes cond(XᵀX + λL)
    return "∞" if math.isinf(value) else f"{value:.3g}"


def refused(errors: dict[str, str], rank_deficient: bool) -> None:
    """Why solve and inv refused (`errors`: method → the solver's message), and
    what lstsq and pinv do instead; nothing when every method answered."""
    if not errors:
        return
    if rank_deficient:
        headline = "XᵀX is singular for this data"
        after = (
            "lstsq and pinv still work: of the many weight vectors that fit equally "
            "well they return the shortest (the minimum-norm solution), shown below."
        )
    else:
        headline = "XᵀX is too ill-conditioned to be trusted for this data"
        after = (
            "lstsq and pinv work on X itself and still answer; the table below "
            "counts their digits."
        )
    st.error(
        f"**{headline}, so {' and '.join(errors)} refuse.**\n\n"
        f"{next(iter(errors.values()))}\n\n{after}",
        icon=":material/block:",
    )


def health(reference: solvers.LinearFit, n_params: int) -> None:
    """Four metrics: κ(XᵀX) as given and after scaling, the rank, the digits at
    risk for each kind of method."""
    raw, scaled = reference.condition_number, reference.scaled_condition_number
    normal = math.log10(scaled) if math.isfinite(scaled) else math.inf
    cells = st.columns(4)
    cells[0].metric(
        "κ(XᵀX) as given",
        _kappa(raw),
        help="μ_max / μ_min of XᵀX built from the columns as they are, the ones "
        "column included: what the textbook formula (XᵀX)⁻¹Xᵀy would face.",
    )
    cells[1].metric(
        "κ(XᵀX) scaled",
        _kappa(scaled),
        help="The same after centring the features (the intercept then follows from "
        "the means) and scaling every column to length 1. The answer does not "
        "change; the rounding errors do. Every method here solves this version.",
    )
    cells[2].metric(
        "Rank of X",
        f"{reference.rank} of {n_params}",
        help="Independent columns at working precision: below the number of "
        "unknowns, infinitely many weight vectors fit equally well.",
    )
    cells[3].metric(
        "Digits at risk",
        "all" if math.isinf(normal) else f"{normal:.1f} vs {normal / 2:.1f}",
        help="Of the ~16 significant digits a double holds, about how many rounding "
        "can wipe out: log₁₀ κ(XᵀX) for the normal equation (solve, inv), half as "
        "many for lstsq and pinv, which work on X and face only κ(X) = √κ(XᵀX).",
    )


def method_table(fits, reference, errors, certified, label) -> None:
    """One row per method: whether it answered, its digits at risk, how many
    digits it shares with lstsq and, for certified data, how many are correct."""
    checks = anatomy.check_methods(
        fits, reference, errors, order=solvers.METHODS, certified=certified
    )

    def digits(value: float) -> str:
        return "—" if math.isnan(value) else f"{value:.1f}"

    rows = []
    for check in checks:
        row = {
            "method": label(check.method),
            "status": "refused" if check.error else "answered",
            "digits at risk": digits(check.digits_at_risk).replace("inf", "all"),
            "digits shared with lstsq": digits(check.agreeing_digits),
        }
        if certified is not None:
            row["correct digits (vs NIST)"] = digits(check.correct_digits)
        row["length ‖w‖"] = "—" if check.error else f"{check.weight_norm:.6g}"
        rows.append(row)
    st.table(pd.DataFrame(rows).set_index("method"))
    st.caption(
        "Digits are those of the worst single weight, the intercept included. "
        + (
            "NIST certifies these weights to 15 digits: the last column counts "
            "the digits each method got right (McCullough's log relative error)."
            if certified is not None
            else "This data has no certified answer (the NIST samples have one): "
            "lstsq, the most careful method, is the reference."
        )
    )


def explain(reference, errors, rank_deficient: bool, hint: bool) -> None:
    """One paragraph, computed: why the methods agree or differ on this data;
    `hint` adds a pointer to the nearly collinear dataset."""
    raw, scaled = reference.condition_number, reference.scaled_condition_number
    if rank_deficient:
        st.markdown(
            f"X has rank {reference.rank} for {reference.n_params} unknowns: some "
            "column is a combination of the others, so the normal equations have "
            "infinitely many solutions and XᵀX has no inverse to pick one. lstsq and "
            "pinv never invert XᵀX: they use the SVD of X and return the solution "
            f"of smallest length, ‖w‖ = {np.linalg.norm(reference.weights):.4g}."
        )
        return
    normal, svd = math.log10(scaled), math.log10(scaled) / 2

    def lost(digits: float) -> str:
        if digits >= 16:
            return f"about {digits:.0f} digits, more than the 16 a double holds"
        return f"about {digits:.1f} of a double's 16 digits"

    text = (
        f"Centring and scaling the columns leaves the answer unchanged but takes "
        f"κ(XᵀX) from {_kappa(raw)} to {_kappa(scaled)}, so every method here works "
        "on the scaled problem. The normal equation (solve, inv) forms XᵀX; lstsq "
        "and pinv work on X itself, whose condition number is the square root, so "
        "they can lose only half as many digits to rounding: "
        + (
            f"here {lost(normal)} against {lost(svd)}."
            if normal >= 1
            else "here neither loses even one of a double's 16 digits."
        )
    )
    if errors:
        text += (
            f" {normal:.0f} digits at risk is more than a double can spare: solve and "
            f"inv refuse rather than print rounding noise, while lstsq and pinv "
            f"need only about {svd:.0f}."
        )
    elif hint:
        text += " Try the *Nearly collinear features* dataset to see the gap grow."
    st.markdown(text)
