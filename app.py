"""Start here, the app's first page: the two roads to the same weights, run live on
the current data. Run the app with `streamlit run app.py`; every other page is a
script in pages/ (see ui/frame/navigation.py)."""

import streamlit as st

from figures.data import describe_dataset
from ui.descent import player
from ui.frame import compute, dataset, ending, navigation
from ui.frame.weights import side_by_side, weight_names
from ui.start import lessons


def start_page() -> None:
    """The page itself, run on every visit and rerun."""
    navigation.start_page(
        __file__,
        "Normal equation vs gradient descent",
        "Linear regression looks for the weights w that make Xw as close as "
        "possible to y. There are two roads to them: solve one linear system **in "
        "one shot**, or **walk downhill** on the cost surface step by step. Same "
        "answer, very different journeys, and this app lets you watch both on data "
        "you control from the sidebar.",
    )

    st.header("Four lessons to open")
    lessons.prepared_lessons()

    one_shot, step_by_step = st.columns(2, gap="large")
    with one_shot, st.container(border=True):
        st.subheader(":material/functions: One shot: the normal equation")
        st.latex(r"w^* = (X^\top X)^{-1} X^\top y")
        st.markdown(
            "- exact: no learning rate, no iterations, no convergence check\n"
            "- forms the (p+1)×(p+1) matrix XᵀX (cost ∝ n·p²) and solves it "
            "(cost ∝ p³)\n"
            "- fails when XᵀX is singular (duplicated features, p > n)"
        )
    with step_by_step, st.container(border=True):
        st.subheader(":material/trending_down: Step by step: gradient descent")
        st.latex(r"w \leftarrow w - \eta\,\nabla J(w)")
        st.markdown(
            "- each step is cheap (cost ∝ n·p), but it takes many\n"
            "- needs a learning rate η: too large and it diverges\n"
            "- its path depends on feature scaling (the shape of the bowl)"
        )

    data = dataset.current()
    presenter = dataset.presenter()
    names = weight_names(data.X.shape[1])
    reference, singular_note = compute.reference_fit(data.X, data.y)
    run = compute.descent(data.X, data.y, standardize=True, max_iter=5000)

    st.header("Both roads on your data")
    st.caption(describe_dataset(data))
    if singular_note:
        st.info(singular_note, icon=":material/info:")
    axes = (0, 1) if len(names) == 2 else (1, 2)
    view = compute.descent_view(data, run, reference, axes)
    player.show(
        view, run, key="overview", presenter=presenter, max_iter=5000, explore=False
    )
    with st.container(horizontal=True, gap="large"):
        size = reference.gram.shape[0]
        st.metric("Normal equation", f"1 solve of a {size}×{size} system")
        st.metric(
            "Gradient descent",
            f"{run.n_iter} steps",
            help=f"Learning rate chosen automatically: η = {run.learning_rate:.3g} "
            "(1/μ_max on standardized features).",
        )
    side_by_side(run.weights, reference.weights, n_iter=run.n_iter)

    st.header("Where to next")
    for spec in navigation.PAGES[1:]:
        # with the shared settings (presenter mode among them), as the sidebar's
        st.page_link(
            spec.script,
            label=spec.title,
            icon=spec.icon,
            query_params=dataset.link_settings(),
        )
        st.caption(spec.summary)

    ending.end_page()


if __name__ == "__main__":  # a visit: Streamlit runs this file as a script
    start_page()
else:
    # Imported by the server `streamlit run app.py` starts, which finds this
    # st.App: the same app, with the paths Streamlit cannot serve redirected
    # before it sees them (ui/server/routing.py), and what a browser sends checked and
    # bounded first (ui/server/stream_guard.py, ui/server/upload_guard.py).
    from starlette.middleware import Middleware

    from ui.server import startup
    from ui.server.routing import NestedPathRedirect
    from ui.server.stream_guard import StreamGuard
    from ui.server.upload_guard import UploadGuard

    startup.configure_process()
    app = st.App(
        __file__,
        middleware=[
            Middleware(NestedPathRedirect),
            Middleware(StreamGuard),  # what a browser sends on its WebSocket
            Middleware(UploadGuard),  # what its uploads keep in memory
        ],
    )
