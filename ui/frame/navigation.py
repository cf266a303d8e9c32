"""The page registry, and the start of the frame every page is drawn in.

The app follows Streamlit's own multipage convention: `app.py` is the first page
and every script in `pages/` is another. Each page script calls `start_page`
first and `ending.end_page` last (`ui/frame/ending.py`); between them it draws
only its own content. A deep link to any page, even as the first visit after a
server start, runs that page's script, and so its frame, with no special
handling.
"""

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui.frame import accessibility, controls, dataset, ending, presenter


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
    # Above the page, filled by `ending.end_page` once the page's controls are read.
    ending.remember(spec.url_path, notes=st.container())
    st.title(title)
    st.markdown(lede)
