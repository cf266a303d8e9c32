"""The descent path over the cost contours, drawn the same way wherever a page
shows a run (Start here, Gradient descent)."""

import streamlit as st

from figures import descent as figures
from ui.compute import DescentView


def show(view: DescentView, presenter: bool, key: str) -> None:
    """The animated contour chart of `view` over its two surface axes."""
    axes = list(view.surface.axes)
    st.plotly_chart(
        figures.contour_animation(
            view.surface,
            view.path[:, axes],
            view.optimum[axes],
            axis_titles=view.axis_titles,
            presenter=presenter,
        ),
        theme=None,
        key=key,
    )
