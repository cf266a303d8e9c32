"""The page registry and the page preamble every page starts with."""

import runpy
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


@dataclass(frozen=True)
class PageSpec:
    """One page: its script under pages/, title, icon and a one-line summary."""

    script: str
    title: str
    icon: str
    summary: str = ""

    @property
    def url_path(self) -> str:
        """The page's URL path, which Streamlit derives from the script name."""
        return self.script.removeprefix("pages/").removesuffix(".py")


_APP = Path(__file__).resolve().parents[1] / "app.py"

PAGES = (
    PageSpec("pages/overview.py", "Start here", ":material/school:"),
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
        "pages/theory.py",
        "Derivations",
        ":material/menu_book:",
        "Calculus, geometry and projection: three roads to the normal equation, "
        "and a quiz.",
    ),
)


def navigation() -> st.navigation:
    """The app's navigation, the first page being the default."""
    pages = [
        st.Page(spec.script, title=spec.title, icon=spec.icon, default=i == 0)
        for i, spec in enumerate(PAGES)
    ]
    return st.navigation(pages, position="sidebar")


class PageStopped(Exception):
    """Raised by `stop`: the page has said why it cannot go on."""


def stop() -> None:
    """End the page here, like st.stop(), but let app.py's frame finish: after
    st.stop() nothing more can be drawn, not even the sidebar's lesson link."""
    raise PageStopped


def start_page(title: str, lede: str) -> None:
    """Title and one-paragraph introduction; every page calls this first.

    A folder named pages/ also makes Streamlit serve its scripts in the legacy
    multipage mode until app.py has called st.navigation once in the process; a
    deep link as the very first visit after a server start would then run the page
    alone, without app.py's frame. Leaving that mode and running app.py in its
    place (which runs this page in its frame) fixes that within the same run, so
    nothing the user sent, such as a button click, is lost to a rerun.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(_APP), run_name="__main__")
        st.stop()
    st.title(title)
    st.markdown(lede)
