"""Presenter mode: one switch that makes the whole app readable on a projector."""

import streamlit as st

from ui.frame.controls import Toggle, toggle

PRESENTER = Toggle(
    "presenter",
    "Presenter mode",
    help="For projection: bigger text, thicker lines, charts sized for a 16:9 "
    "screen, the sidebar tucked away. It is part of the lesson link.",
)

# Streamlit sizes headings in rem but body text and widget labels in px: scale
# the root and raise those explicitly.
_ROOT_PX, _PRESENTER_ROOT_PX = 16, 21
_PROJECTOR_CSS = (
    f"<style>\nhtml {{ font-size: {_PRESENTER_ROOT_PX}px; }}\n"
    """.stMainBlockContainer { max-width: 100%; padding: 2.5rem 2.5rem 4rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"],
[data-testid="stMetricLabel"] p, [data-testid="stAlertContainer"] p
  { font-size: 1.25rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.2rem !important; }
[data-testid="stMetricValue"],
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p
  { font-size: 2.4rem !important; }
</style>
"""
)


def switch(where=st.sidebar) -> bool:
    """Render the presenter switch and apply the mode; return whether it is on."""
    on = toggle(PRESENTER, where)
    if on:
        st.set_page_config(initial_sidebar_state="collapsed")
        st.html(_PROJECTOR_CSS)
    return on


def active() -> bool:
    """Whether presenter mode is on (figures size themselves from this)."""
    return bool(st.session_state.get(PRESENTER.key, False))


def table_height(rows: int, presenter: bool, most: int = 420) -> int:
    """Pixels that show a `st.dataframe` of `rows` rows and its header whole (at
    most `most`, scaled, then it scrolls). Its rows are 35 px, and presenter
    mode's larger root font makes them taller in proportion."""
    scale = _PRESENTER_ROOT_PX / _ROOT_PX if presenter else 1
    return min(round(35 * scale * (rows + 1)) + 3, round(most * scale))
