"""Ridge regularization: a penalty λ‖w‖² shrinks the weights and makes XᵀX + λL
solvable even when XᵀX is singular."""

import streamlit as st

from figures import descent as descent_figures
from figures import ridge as figures
from solvers import distances, excess_cost
from solvers.regularization import judge_normal_equation
from ui.frame import charts, compute, dataset, ending, navigation
from ui.frame.controls import Choice, Toggle, choice, log_options, toggle
from ui.frame.weights import side_by_side, weight_names
from ui.quiz import predict
from ui.ridge import penalty

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
truth = data.intercept_true if dataset.is_generated() else None
names = weight_names(X.shape[1])
slider, switch = st.columns([2, 1], vertical_alignment="bottom")
lam = choice(LAM, slider, widget="select_slider")
penalize_b = toggle(PENALIZE_B, switch)
predicting = predict.switch(switch)

st.latex((r"\Large " if presenter else r"\large ") + figures.latex_formula(penalize_b))
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
    charts.cached(
        figures.coefficient_path, path, fit, names=names[1:], presenter=presenter
    ),
    key="path",
    where=left,
)
charts.show(
    charts.cached(
        figures.penalized_contours, surface, path, fit, names=names, presenter=presenter
    ),
    key="contour",
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
        charts.cached(
            descent_figures.convergence_chart, gaps, lengths, presenter=presenter
        ),
        key="convergence",
    )

st.subheader("Why L has a 0 in the corner")
free, _ = compute.ridge_fit(X, y, lam, penalize_intercept=False)
shrunk, _ = compute.ridge_fit(X, y, lam, penalize_intercept=True)
text, chart = st.columns([2, 3], gap="large")
penalty.intercepts(free, shrunk, lam, where=text)
paths = {
    name: compute.ridge_path(X, y, penalize_intercept=penalized)
    for name, penalized in penalty.CHOICES_OF_L
}
charts.show(
    charts.cached(
        figures.intercept_chart,
        paths,
        current_lam=lam,
        truth=truth,
        presenter=presenter,
    ),
    key="intercept",
    where=chart,
)

st.subheader("When XᵀX is (nearly) singular")
plain, failure = compute.ridge_fit(X, y, 0, penalize_intercept=False)
verdict = judge_normal_equation(plain, refused=failure is not None)
penalty.rescue(verdict, failure, data, plain, fit, lam, note)
st.caption(figures.describe_conditioning(path))
charts.show(
    charts.cached(figures.condition_chart, path, current_lam=lam, presenter=presenter),
    key="condition",
)

ending.end_page()
