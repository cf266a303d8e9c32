"""The frame every page is drawn in, and the page registry.

The app follows Streamlit's own multipage convention: `app.py` is the first page
and every script in `pages/` is another. Each page script calls `start_page`
first and `end_page` last; between them it draws only its own content. A deep
link to any page, even as the first visit after a server start, runs that page's
script, and so its frame, with no special handling.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from solvers import timing
from ui import controls

_FRAME = "page_frame"  # session state: this run's page and its note slot

# The server runs every student's script in one process on a few cores; BLAS
# threads that wait for each other there made uploads 2-3 times slower in wall
# time (benchmarks/bench_uploads.py), so each computation gets one thread. This
# holds for the whole process from the first page on; the timing page asks for
# every core while it measures.
SERVER_BLAS_THREADS = 1
timing.limit_blas_threads(SERVER_BLAS_THREADS)  # applies at once, not only in `with`


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, title, icon and a one-line summary."""

    script: str
    title: str
    icon: str
    summary: str = ""

    @property
    def url_path(self) -> str:
        """The page's URL path, which Streamlit derives from the script name
        (empty for app.py, the first page)."""
        if self.script == "app.py":
            return ""
        return self.script.removeprefix("pages/").removesuffix(".py")


PAGES = (
    PageSpec("app.py", "Start here", ":material/school:"),
    PageSpec(
        "pages/data.py",
        "The data",
        ":material/table_chart:",
        "The generated samples, the true weights behind them, and a CSV download.",
    ),
    PageSpec(
        "pages/normal_equation.py",
        "Normal equation",
        ":material/functions:",
        "w* = (XᵀX)⁻¹Xᵀy taken apart on your data, and four ways to compute it.",
    ),
    PageSpec(
        "pages/gradient_descent.py",
        "Gradient descent",
        ":material/trending_down:",
        "The descent path animated over the cost contours: learning rate, scaling, "
        "momentum.",
    ),
    PageSpec(
        "pages/methods.py",
        "Every road to w*",
        ":material/fork_right:",
        "Newton, conjugate gradient, momentum, Nesterov and SGD racing plain "
        "gradient descent on one bowl.",
    ),
    PageSpec(
        "pages/ridge.py",
        "Ridge regularization",
        ":material/compress:",
        "(XᵀX + λL)⁻¹Xᵀy: shrinking the weights, and rescuing a singular XᵀX.",
    ),
    PageSpec(
        "pages/timing.py",
        "Why it doesn't scale",
        ":material/timer:",
        "The O(p³) solve measured live on this machine.",
    ),
    PageSpec(
        "pages/roads.py",
        "Which road, when",
        ":material/alt_route:",
        "Every road run to the same answer and timed here: where gradient descent "
        "and conjugate gradient overtake the normal equation.",
    ),
    PageSpec(
        "pages/theory.py",
        "Derivations",
        ":material/menu_book:",
        "Calculus, geometry and projection: three roads to the normal equation, "
        "and a quiz.",
    ),
)


def spec_for(script_file: str) -> PageSpec:
    """The registry entry of the page script at `script_file` (its __file__)."""
    name = Path(script_file).name
    for spec in PAGES:
        if Path(spec.script).name == name:
            return spec
    raise ValueError(f"{script_file} is not a registered page: add it to PAGES.")


def start_page(script_file: str, title: str, lede: str) -> None:
    """Draw the frame (page setup, navigation, dataset controls, presenter
    switch), then the page's title and one-paragraph introduction.

    Every page script calls this first, with its own ``__file__``.
    """
    # Imported here: the dataset and upload controls call `stop` from this module.
    from ui import accessibility, dataset, presenter

    spec = spec_for(script_file)
    st.set_page_config(
        page_title=f"{spec.title} · Normal equation vs gradient descent",
        page_icon=":material/functions:",
        layout="wide",
    )
    controls.start_run()
    accessibility.apply()
    menu = st.sidebar.container()
    st.sidebar.divider()
    dataset.sidebar()
    presenter.switch()
    # The links carry the shared settings, so the address bar of the next page
    # (and a reload of it) opens on the same data.
    shared = dataset.link_settings()
    for entry in PAGES:
        menu.page_link(
            entry.script, label=entry.title, icon=entry.icon, query_params=shared
        )
    # Above the page, filled by end_page once the page's controls are read.
    st.session_state[_FRAME] = {"spec": spec, "notes": st.container()}
    st.title(title)
    st.markdown(lede)


def end_page() -> None:
    """Finish the frame: the link's notes above the page and the lesson link in
    the sidebar. Every page script calls this last (`stop` calls it too)."""
    from ui import links  # see start_page

    frame = st.session_state.pop(_FRAME, None)
    if frame is None:  # already finished in this run
        return
    controls.show_url_notes(frame["notes"])
    if not frame.get("link_drawn"):  # by `fragment`
        links.lesson_link_box(frame["spec"].url_path, st.sidebar)


def fragment(part_of_page: Callable[[], None]) -> None:
    """Draw `part_of_page` as a fragment (`st.fragment`), with the lesson link.

    A change to a control drawn inside it (the descent player's η) reruns only
    `part_of_page`, not the whole page: the rerun that answers a move sends
    what the move changed. The lesson link in the sidebar is drawn from here,
    so that it follows such a change too (`end_page` then leaves it out).
    Everything `part_of_page` needs from the page above it comes through its
    closure, as of the last full run.
    """
    from ui import links  # see start_page

    frame = st.session_state.get(_FRAME)

    @st.fragment
    def rerun_alone() -> None:
        part_of_page()
        if frame is not None:
            links.lesson_link_box(frame["spec"].url_path, st.sidebar)
            frame["link_drawn"] = True

    rerun_alone()


def stop() -> None:
    """End the page here, after it has said why it cannot go on; the frame is
    finished first, so the sidebar still offers the lesson link."""
    end_page()
    st.stop()
