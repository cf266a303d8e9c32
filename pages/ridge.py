"""Ridge regularization: a penalty λ‖w‖² shrinks the weights and makes XᵀX + λL
solvable even when XᵀX is singular."""

import math

import streamlit as st

from figures import data as data_figures
from figures import descent as descent_figures
from figures import ridge as figures
from solvers import distances, excess_cost
from solvers.regularization import judge_normal_equation
from ui.frame import charts, compute, dataset, ending, navigation
from ui.frame.controls import Choice, Toggle, choice, log_options, toggle
from ui.frame.weights import side_by_side, weight_names
from ui.quiz import predict

navigation.start_page(
    __file__,
    "Ridge regularization",
    "Add a penalty λ‖w‖² to the squared error and the normal equation becomes "
    "**(XᵀX + λL) w = Xᵀy**. As λ grows the weights shrink toward 0, and the matrix "
    "is invertible even when XᵀX is not. Gradient descent on the same penalized "
    "cost walks to the same weights.",
)

LAM = Choice(
    "lam",
    "Penalty λ",
    (0, *(int(v) if v.is_integer() else v for v in log_options(-3, 4))),
    10,
    help="0 is the plain normal equation; each step multiplies λ by 2 to 2.5.",
)
PENALIZE_B = Toggle(
    "penalize_b",
    "Penalize the intercept too (L = I)",
    help="The wrong way, on purpose: see below what it does to the intercept.",
)

data = dataset.current()
presenter = dataset.presenter()
X, y = data.X, data.y
known = dataset.is_generated()
truth = data.intercept_true if known else None
names = weight_names(X.shape[1])
slider, switch = st.columns([2, 1], vertical_alignment="bottom")
lam = choice(LAM, slider, widget="select_slider")
penalize_b = toggle(PENALIZE_B, switch)
predicting = predict.switch(switch)

L = "I" if penalize_b else r"\operatorname{diag}(0, 1, \dots, 1)"
# Full-size fractions: 1/(2n) in text style is unreadable on a projector.
st.latex(
    (r"\Large " if presenter else r"\large ")
    + rf"\mathbf w_\lambda = (X^\top X + \lambda L)^{{-1}} X^\top \mathbf y, \quad "
    rf"L = {L}, \quad J(\mathbf w) = \frac{{1}}{{2n}}\lVert \mathbf y - X\mathbf w"
    rf"\rVert^2 + \frac{{\lambda}}{{2n}}\,\mathbf w^\top L\, \mathbf w"
)
st.markdown(
    "X's first column is all ones, so w₀ is the intercept b. The **0 in L's corner** "
    "leaves b unpenalized: b only sets the level of the predictions, and pulling it "
    "toward 0 would favour predictions near y = 0, which nothing in the data asks for."
)
if penalize_b:
    st.warning("L = I penalizes b too: the wrong choice, kept to show why (below).")

fit, note = compute.ridge_fit(X, y, lam, penalize_intercept=penalize_b)
if predicting:
    unpenalized, _ = compute.ridge_fit(X, y, 0, penalize_intercept=penalize_b)
    questions = predict.ridge_questions(fit, unpenalized, lam)
    if not predict.ask(questions, f"ridge-{data.preset}-{lam}-{penalize_b}"):
        ending.stop()
path = compute.ridge_path(X, y, penalize_intercept=penalize_b)
if note:
    st.info(note, icon=":material/info:")
axes = (0, 1) if len(names) == 2 else (1, 2)
surface = compute.penalized_surface(
    X, y, lam, fit.weights, axes, penalize_intercept=penalize_b, path=path.weights
)
left, right = st.columns(2, gap="large")
charts.show(
    charts.figure(
        figures.coefficient_path, path, fit, names=names[1:], presenter=presenter
    ),
    key="path",
    summary=figures.describe_coefficient_path(path, fit, names[1:]),
    where=left,
)
charts.show(
    charts.figure(
        figures.penalized_contours, surface, path, fit, names=names, presenter=presenter
    ),
    key="contour",
    summary=figures.describe_penalized_contours(surface, path, fit, names),
    where=right,
)
if len(names) > 3:
    right.caption("The other weights are held at the ridge optimum.")

st.subheader("Same weights by gradient descent?")
result = compute.ridge_descent(
    X, y, lam, penalize_intercept=penalize_b, standardize=True, max_iter=5000
)
stalled = (
    f"Stopped at {result.n_iter} steps: at λ = {lam:g} the cost has a long, nearly "
    "flat valley, and descent crawls along its floor. A larger λ lifts it."
)
ended = descent_figures.describe_outcome(result)
st.caption(
    f"{stalled if result.status == 'max_iter' else ended} Automatic "
    f"learning rate η = {result.learning_rate:.3g}, features standardized."
)
side_by_side(
    result.weights,
    fit.weights,
    iterative_name="gradient descent (ridge)",
    closed_form_name="closed form (ridge)",
    n_iter=result.n_iter,
)
with st.expander("How close after t steps"):
    history, hessian = result.weights_history, fit.gram / len(y)
    gaps = excess_cost(history, fit.weights, hessian)
    lengths = distances(history, fit.weights)
    charts.show(
        charts.figure(
            descent_figures.convergence_chart, gaps, lengths, presenter=presenter
        ),
        key="convergence",
        summary=descent_figures.describe_convergence(gaps, lengths),
    )

st.subheader("Why L has a 0 in the corner")
free, _ = compute.ridge_fit(X, y, lam, penalize_intercept=False)
shrunk, _ = compute.ridge_fit(X, y, lam, penalize_intercept=True)
text, chart = st.columns([2, 3], gap="large")
for cell, name, shown in zip(
    text.columns(2), ("L = diag(0,1,…,1)", "L = I"), (free, shrunk), strict=True
):
    cell.markdown(f"**{name}**")
    cell.metric("intercept b", f"{shown.intercept:.4g}")
    cell.metric("training MSE", f"{shown.mse:.4g}")
text.markdown(
    f"At λ = {lam:g}, penalizing the intercept moves it from {free.intercept:.4g} "
    f"to {shrunk.intercept:.4g}: the whole fit sinks toward y = 0 and the training "
    f"MSE goes from {free.mse:.4g} to {shrunk.mse:.4g}. Add a constant to every y "
    "and the unpenalized intercept moves with it, the penalized one lags behind: "
    "the fit would depend on where zero happens to be on the y scale. (Even "
    "unpenalized, b moves with λ: it takes up what the shrinking slopes no longer "
    "explain, tending to the mean of y.)"
)
paths = {
    name: compute.ridge_path(X, y, penalize_intercept=penalized)
    for name, penalized in (("L = diag(0,1,…,1)", False), ("L = I", True))
}
charts.show(
    charts.figure(
        figures.intercept_chart,
        paths,
        current_lam=lam,
        truth=truth,
        presenter=presenter,
    ),
    key="intercept",
    summary=figures.describe_intercept(paths, truth=truth),
    where=chart,
)

st.subheader("When XᵀX is (nearly) singular")
plain, failure = compute.ridge_fit(X, y, 0, penalize_intercept=False)
verdict = judge_normal_equation(plain, refused=failure is not None)
show = {"singular": st.error, "unstable": st.warning, "fine": st.info}[verdict.status]
show(figures.describe_verdict(verdict, failure), icon=":material/functions:")
if verdict.status == "fine":
    st.markdown("Pick the *collinear* or *duplicated* dataset to see ridge rescue it.")
else:
    table = {"weight": names, "λ = 0": plain.weights, f"λ = {lam:g}": fit.weights}
    truths = {"true": [truth, *data.coef_true]} if known else {}
    st.dataframe(table | truths, hide_index=True)
    if known and data.preset in ("collinear", "duplicated"):
        st.caption(data_figures.describe_dataset(data))
    if lam == 0:
        st.info("Move λ above 0: any λ > 0 makes XᵀX + λL invertible.")
    elif note:
        st.warning(f"λ = {lam:g} is not enough for these columns: move it up.")
    elif math.isfinite(fit.condition_number):
        st.success(
            f"Ridge with λ = {lam:g}: cond(XᵀX + λL) = {fit.condition_number:.3g}, "
            "a reliable solve. Any λ > 0 makes XᵀX + λL invertible."
        )
    else:
        st.success(
            f"Ridge with λ = {lam:g}: on centred, scaled columns the system has "
            f"cond {fit.scaled_condition_number:.3g}, a reliable solve (the raw "
            "XᵀX + λL is singular to working precision: the columns' scales "
            "differ too much)."
        )
st.caption(figures.describe_conditioning(path))
charts.show(
    charts.figure(figures.condition_chart, path, current_lam=lam, presenter=presenter),
    key="condition",
    summary=figures.describe_condition(path),
)

ending.end_page()
