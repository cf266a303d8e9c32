"""The normal equation: the least-squares weights in one linear solve, taken apart."""

import pandas as pd
import streamlit as st

import solvers
from figures import normal_equation as figures
from solvers import anatomy
from ui import compute, dataset, navigation
from ui.controls import Choice, choice
from ui.weights import weight_names

navigation.start_page(
    __file__,
    "Normal equation",
    "Setting the gradient of the squared error to zero gives a linear system, the "
    "*normal equations* XᵀX w = Xᵀy. Solving it gives the best weights in one shot: "
    "no learning rate, no iterations. Below, the formula is taken apart on the "
    "current data, and solved four ways to see which ways are numerically safe.",
)

METHOD = Choice(
    "method",
    "Solve it with",
    solvers.METHODS,
    "solve",
    {
        "solve": "solve  (XᵀX w = Xᵀy)",
        "inv": "inv  ((XᵀX)⁻¹ · Xᵀy)",
        "lstsq": "lstsq  (SVD of X)",
        "pinv": "pinv  (X⁺ y)",
    },
    help="The numpy.linalg routine that computes w*; the table below compares all.",
)

data = dataset.current()
presenter = dataset.presenter()
n_samples, n_features = data.X.shape
names = weight_names(n_features)
columns = ["1", *data.feature_names]  # the columns of X

big = r"\Large " if presenter else r"\large "
st.latex(
    big + r"w^* = (X^\top X)^{-1}\, X^\top y, \qquad X = \big[\,\mathbf{1}\;\; x_1\;"
    rf"\cdots\; x_p\,\big] \in \mathbb{{R}}^{{{n_samples}\times{n_features + 1}}}"
)
st.caption("The column of ones carries the intercept b, the first weight of w*.")
method = choice(METHOD, widget="radio")

fits, errors = {}, {}
for name in solvers.METHODS:
    try:
        fits[name] = compute.closed_form(data.X, data.y, method=name)
    except solvers.SingularMatrixError as error:
        errors[name] = str(error)
reference = fits["lstsq"]  # never raises: it works on X, not on XᵀX
shown = fits.get(method, reference)
singular = bool(errors)
if singular:
    st.error(
        f"**XᵀX cannot be inverted for this data, so {' and '.join(errors)} "
        f"fail.**\n\n{next(iter(errors.values()))}\n\nlstsq and pinv still work: "
        "of the many weight vectors that fit equally well they return the shortest "
        "(the minimum-norm solution), shown below.",
        icon=":material/block:",
    )

st.subheader("Read it right to left")
moment = anatomy.moment(data.X, data.y)
charts = {
    "moment": figures.moment_chart(moment, columns, presenter=presenter),
    "gram": figures.gram_heatmap(reference.gram, columns, presenter=presenter),
    "eigenvalues": figures.eigenvalue_chart(reference.eigenvalues, presenter=presenter),
}
headings = (
    "**① Xᵀy** — how strongly each column of X lines up with y",
    "**② XᵀX** — how the columns of X line up with each other",
    "**③ (XᵀX)⁻¹** — exists only if no eigenvalue of XᵀX is 0",
)
for column, heading, (key, fig) in zip(
    st.columns(3), headings, charts.items(), strict=True
):
    column.markdown(heading)
    column.plotly_chart(fig, theme=None, key=key)
cond, rank = reference.condition_number, reference.rank
digits = anatomy.digits_at_risk(cond)
health = st.columns(3)
health[0].metric("Condition number of XᵀX", f"{cond:.3g}".replace("inf", "∞"))
health[1].metric("Rank of XᵀX", f"{rank} of {n_features + 1}")
health[2].metric("Digits at risk (log₁₀ cond)", f"{digits:.1f}".replace("inf", "all"))

label = f"w from {shown.method}" + (" (minimum norm)" if singular else "")
label += f"; {method} failed" if method in errors else ""
known = dataset.is_generated()
beside = ", next to the weights that made the data" if known else ""
st.markdown(f"**④ w\\*** — {label}{beside}")
if n_features <= 3:
    numbers = figures.latex_solution(reference.gram, moment, shown.weights, singular)
    st.latex(big + numbers)
truth = [data.intercept_true, *data.coef_true] if known else None
fig = figures.weights_chart(shown.weights, truth, names, label, presenter=presenter)
st.plotly_chart(fig, theme=None, key="weights")

st.subheader("Four ways to compute it")
checks = anatomy.check_methods(fits, reference, errors, order=solvers.METHODS)
st.table(
    pd.DataFrame(
        [
            {
                "method": METHOD.format(c.method),
                "‖Xᵀ(y − Xw)‖, 0 at the optimum": f"{c.normal_residual:.3e}",
                "max |w − w_lstsq|": f"{c.max_diff:.3e}",
                "length ‖w‖": f"{c.weight_norm:.6g}",
                "status": "fails: XᵀX is singular" if c.error else "ok",
            }
            for c in checks
        ]
    )
    .set_index("method")
    .replace("nan", "—"),
)
if singular:
    st.markdown(
        f"XᵀX has rank {rank} for {n_features + 1} unknowns, so the normal equations "
        "have infinitely many solutions and no inverse to pick one. lstsq and pinv "
        "never invert XᵀX: they use the SVD of X and return the solution of smallest "
        f"length, ‖w‖ = {checks[solvers.METHODS.index('lstsq')].weight_norm:.4g}."
    )
else:
    inv, solve = fits["inv"].normal_residual, fits["solve"].normal_residual
    hint = " Try the *Nearly collinear features* dataset to see the gap grow."
    st.markdown(
        f"cond(XᵀX) = {cond:.3g}: a rounding error can be magnified that many times, "
        f"so up to {digits:.1f} of the 16 digits a float carries are at risk. "
        "`solve` and `inv` both form XᵀX, whose condition number is the square of "
        "X's; `inv` then multiplies by an explicitly computed inverse: its residual "
        f"here is {inv:.2e} against {solve:.2e} for `solve`. `lstsq` and `pinv` work "
        "on X itself (SVD) and never form XᵀX."
        + ("" if data.preset == "collinear" else hint)
    )

st.subheader(f"The fit with {shown.method}")
plot, side = st.columns([3, 1], gap="large")
side.metric("‖Xᵀ(y − Xw)‖", f"{shown.normal_residual:.3e}")
side.metric("Training MSE", f"{shown.mse:.6g}")
fig = figures.fitted_model(
    data.X, data.y, shown.intercept, shown.coef, data.feature_names, presenter=presenter
)
plot.plotly_chart(fig, theme=None, key="fit")

navigation.end_page()
