"""The gradient descent page's explanation of the bowl: J, its Hessian H, H's
eigenvalues μ, and what they mean for η, computed on the page's data."""

import numpy as np
import pandas as pd
import streamlit as st

import solvers
from figures.descent import describe_outcome, describe_stall
from solvers.descent import curvature_range, stability_bound, stability_formula
from ui.frame import compute, presenter
from ui.frame.weights import weight_names


def explain(data: solvers.Dataset, *, standardize: bool, player: bool = True) -> None:
    """J defined, H and its eigenvalues, why a large feature stretches the bowl,
    and what the eigenvalues say about η.

    It depends on the data and the scaling only, never on η, β, the steps or
    the start, so it sits outside the gradient descent page's fragment: a move
    on the player does not redraw it. `player`: the descent player is on the
    page (not in step-by-step mode), so its charts can be pointed to."""
    # The same cached decomposition the player draws with.
    eigenvalues, _, diagonal = compute.curvatures(
        data.X, data.y, standardize=standardize
    )
    mu_min, mu_max = curvature_range(eigenvalues)
    plain_formula = stability_formula(0.0, nesterov=False)
    plain_limit = stability_bound(mu_max, 0.0, nesterov=False)
    st.header("Why the path has this shape")
    st.markdown(
        "Gradient descent here minimizes the mean squared error, and every step "
        "uses its gradient:"
    )
    st.latex(
        r"J(w) = \frac{1}{2n}\lVert y - Xw\rVert^2, \qquad"
        r" \nabla J(w) = \frac{1}{n}X^\top (Xw - y), \qquad"
        r" H = \nabla^2 J = \frac{1}{n}X^\top X"
    )
    st.markdown(
        "(with a ridge penalty λ, H gains λL/n). The Hessian H is the same at "
        "every point, so J is a bowl with elliptical contours. Its own axes are "
        "the eigenvectors of H and the curvature along each axis is an eigenvalue "
        "**μ** of H. This app writes μ for them, because λ is the ridge penalty; "
        "the normal-equation page shows the eigenvalues of XᵀX itself, which are "
        "n·μ. The chart shows a 2-D slice of the bowl (the other weights held at "
        "w*): its dashed axes are the slice's, and their curvatures, labelled "
        "there, always lie between μ_min and μ_max."
    )
    where = "standardized features" if standardize else "the features as given"
    cols = st.columns(4)
    cols[0].metric("Steepest curvature μ_max", f"{mu_max:.4g}")
    cols[1].metric("Flattest curvature μ_min", f"{mu_min:.4g}")
    cols[2].metric("Stretch κ = μ_max/μ_min", f"{mu_max / mu_min:.3g}")
    cols[3].metric(
        f"Stability limit {plain_formula}",
        f"{plain_limit:.4g}",
        help=f"2/{mu_max:.4g} = {plain_limit:.4g}, without momentum; momentum β "
        "raises the limit (the message under the chart gives it for your β).",
    )
    st.caption(f"On {where}, n = {len(data.y)} samples.")

    names = weight_names(data.X.shape[1])
    st.subheader("A ×100 feature makes a ×10⁴ steeper wall")
    st.markdown(
        "Along a single weight w_j the curvature is H_jj = (1/n) Σᵢ x_ij², the mean "
        "of the feature's squares. Multiply a feature by 100 and that mean grows "
        "10⁴ times: the bowl's wall in that direction is 10⁴ times steeper, while "
        "η must stay below 2/μ_max for the steepest wall. In every flatter "
        "direction those safe steps are tiny, so descent crawls. Standardizing "
        "makes every feature's H_jj equal to 1; the bowl is then round only if "
        "the features are uncorrelated (correlated ones still stretch it: κ "
        "above)."
    )
    table = pd.DataFrame({"curvature H_jj": diagonal}, index=names)
    if presenter.active():  # HTML, so presenter mode's larger fonts apply
        st.table(table.style.format("{:.4g}"))
    else:
        st.dataframe(
            table,
            column_config={
                "curvature H_jj": st.column_config.NumberColumn(format="%.4g")
            },
            width="content",
        )
    steep, flat = int(np.argmax(diagonal[1:])) + 1, int(np.argmin(diagonal[1:])) + 1
    # (an all-zero feature has no curvature at all: no ratio to tell)
    if diagonal[flat] > 0 and diagonal[steep] > 100 * diagonal[flat]:
        ratio = diagonal[steep] / diagonal[flat]
        st.markdown(
            f"Here {names[steep]}'s feature is about ×{np.sqrt(ratio):.3g} the size "
            f"of {names[flat]}'s, so its wall is ×{ratio:.3g} steeper."
        )

    best = 2 / (mu_max + mu_min)
    where_shown = (
        "the second chart beside the bowl"
        if player
        else "a chart beside the bowl when step-by-step mode is off"
    )
    st.markdown(
        f"**Steps for each η** ({where_shown}) counts the steps "
        "until the error has shrunk a million times along every axis of the bowl, "
        "from these eigenvalues. Without momentum the fewest steps are at "
        f"η = 2/(μ_max+μ_min) = {best:.3g}; at or above the limit no number of "
        "steps is enough."
    )


def limit_formula(run: solvers.DescentResult) -> str:
    """The stability limit with the μ_max it is computed from, e.g. "2/1.174"."""
    mu_max = f"{run.max_curvature:.4g}"
    if run.momentum:
        return f"2(1 + {run.momentum:g})/{mu_max}"
    return f"2/{mu_max}"


def outcome_message(run: solvers.DescentResult) -> None:
    """How the run ended (`outcome`), in a box coloured by its status, with the
    stability limit it ran under."""
    limit = (
        f"Stability limit for this data: {run.stability_formula} = "
        f"{limit_formula(run)} = **{run.stability_limit:.4g}**"
    )
    message = outcome(run)
    if run.status == "converged":
        st.success(f"{message} {limit}.", icon=":material/check_circle:")
    elif run.status == "diverged":
        st.error(message, icon=":material/error:")
    else:
        st.warning(f"{message} {limit}.", icon=":material/hourglass_bottom:")


def outcome(run: solvers.DescentResult) -> str:
    """What happened to the run, in words, with advice only for settings that
    are not already on (never "standardize" to a standardized run)."""
    stalled = (
        run.status == "max_iter"
        and run.learning_rate < run.stability_limit
        and not run.minibatch  # a mini-batch's jitter is no stall
    )
    if not stalled:
        return describe_outcome(run)
    return describe_stall(run, unit="step")
