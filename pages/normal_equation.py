"""The normal equation: the least-squares weights in one linear solve, taken apart."""

import streamlit as st

import solvers
from figures import normal_equation as figures
from solvers import anatomy
from ui.frame import charts, compute, dataset, ending, navigation
from ui.frame.controls import Choice, choice
from ui.frame.weights import weight_names
from ui.normal_equation import conditioning

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

fits, refusals = compute.every_method(data.X, data.y)
errors = {name: message for name, (message, _) in refusals.items()}
kinds = {kind for _, kind in refusals.values()}
reference = fits["lstsq"]  # never refuses: it works on X, not on XᵀX
shown = fits.get(method, reference)
rank_deficient = "rank_deficient" in kinds
conditioning.refused(errors, rank_deficient)

st.subheader("Read it right to left")
moment = anatomy.moment(data.X, data.y)
full_rank = reference.rank == reference.n_params
pieces = (
    (
        "**① Xᵀy** — how strongly each column of X lines up with y",
        "moment",
        charts.cached(figures.moment_chart, moment, columns, presenter=presenter),
    ),
    (
        "**② XᵀX** — how the columns of X line up with each other",
        "gram",
        charts.cached(
            figures.gram_heatmap, reference.gram, columns, presenter=presenter
        ),
    ),
    (
        "**③ (XᵀX)⁻¹** — exists only if no eigenvalue of XᵀX is 0",
        "eigenvalues",
        charts.cached(
            figures.eigenvalue_chart,
            reference.eigenvalues,
            full_rank=full_rank,
            presenter=presenter,
        ),
    ),
)
for column, (heading, key, chart) in zip(st.columns(3), pieces, strict=True):
    column.markdown(heading)
    charts.show(chart, key=key, where=column)
conditioning.health(reference, n_features + 1)

label = f"w from {shown.method}" + (" (minimum norm)" if rank_deficient else "")
label += f"; {method} refused" if method in errors else ""
known = dataset.is_generated()
beside = ", next to the weights that made the data" if known else ""
st.markdown(f"**④ w\\*** — {label}{beside}")
if n_features <= 3:
    numbers = figures.latex_solution(
        reference.gram, moment, shown.weights, rank_deficient
    )
    st.latex(big + numbers)
truth = [data.intercept_true, *data.coef_true] if known else None
charts.show(
    charts.cached(
        figures.weights_chart, shown.weights, truth, names, label, presenter=presenter
    ),
    key="weights",
)

st.subheader("Four ways to compute it")
conditioning.method_table(fits, reference, errors, data.certified, METHOD.format)
hint = data.preset != "collinear" and data.certified is None
conditioning.explain(reference, errors, rank_deficient, hint)

st.subheader(f"The fit with {shown.method}")
plot, side = st.columns([3, 1], gap="large")
side.metric(
    "Largest cos(column, y − Xw)",
    f"{shown.residual_alignment:.1e}",
    help="How far the residual y − Xw is from perpendicular to the columns of X: "
    "0 at the least-squares optimum. A cosine, so it reads the same whatever the "
    "units of the data (‖Xᵀ(y − Xw)‖ itself grows with the columns' size).",
)
side.metric("Training MSE", f"{shown.mse:.6g}")
charts.show(
    charts.cached(
        figures.fitted_model,
        data.X,
        data.y,
        shown.intercept,
        shown.coef,
        data.feature_names,
        presenter=presenter,
    ),
    key="fit",
    where=plot,
)

ending.end_page()
