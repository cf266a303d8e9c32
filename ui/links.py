"""Lesson links: a URL that reopens the current page with the current settings."""

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui import compute, dataset
from ui.controls import view_settings
from ui.descent_controls import LEARNING_RATE


def lesson_url(url_path: str) -> str:
    """The full link to this view (relative when the browser's URL is unknown)."""
    query = urlencode(view_settings())
    base = f"/{url_path}"
    if st.context.url:
        parts = urlsplit(st.context.url)
        base = f"{parts.scheme}://{parts.netloc}/{url_path}"
    return f"{base}?{query}" if query else base


def lesson_link_box(url_path: str, where=st) -> None:
    """Show the lesson link with a copy button, for a teacher to share."""
    with where.expander(":material/link: Copy lesson link"):
        st.caption("Opens this page with every setting you chose.")
        st.code(lesson_url(url_path), language=None, wrap_lines=True)


def prepared_lessons() -> None:
    """Links to three gradient descent lessons on the sidebar's data settings: a
    round bowl, a badly scaled valley, and a learning rate that diverges. Their
    learning rates are computed from each dataset's stability limit."""
    if not dataset.is_generated():
        st.caption("These are prepared for generated data: choose it as the source.")
        return
    st.markdown(
        "Each opens the gradient descent page with its settings in the URL. To "
        "share your own view, use *Copy lesson link* in the sidebar of any page."
    )
    limits = {}
    for preset in ("well_conditioned", "badly_scaled"):
        data = compute.dataset(**{**dataset.settings(), "preset": preset})
        limits[preset] = compute.descent(data.X, data.y, max_iter=1).stability_limit
    round_eta = LEARNING_RATE.below(limits["well_conditioned"] / 2)
    crawl_eta = LEARNING_RATE.below(limits["badly_scaled"] / 2)
    too_large = LEARNING_RATE.above(limits["well_conditioned"])
    lessons = (
        (
            f"Round bowl: η = {round_eta:g} walks straight to w*",
            {
                "preset": dataset.PRESET.format("well_conditioned"),
                "lr": f"{round_eta:g}",
            },
        ),
        (
            f"Badly scaled: a long valley where the safe η = {crawl_eta:g} crawls",
            {"preset": dataset.PRESET.format("badly_scaled"), "lr": f"{crawl_eta:g}"},
        ),
        (
            f"Diverging: η = {too_large:g} is above 2/λ_max = "
            f"{limits['well_conditioned']:.3g}",
            {
                "preset": dataset.PRESET.format("well_conditioned"),
                "lr": f"{too_large:g}",
            },
        ),
    )
    for label, params in lessons:
        st.page_link(
            "pages/gradient_descent.py",
            label=label,
            query_params={**dataset.link_settings(), **params},
            icon=":material/link:",
        )
