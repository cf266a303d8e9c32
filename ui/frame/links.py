"""Lesson links: a URL that reopens the current page with the current settings."""

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.frame.controls import view_settings


def lesson_url(url_path: str) -> str:
    """The full link to this view (relative when the browser's URL is unknown)."""
    query = urlencode(view_settings())
    base = f"/{url_path}"
    if st.context.url:
        parts = urlsplit(st.context.url)
        base = f"{parts.scheme}://{parts.netloc}/{url_path}"
    return f"{base}?{query}" if query else base


def lesson_link_box(url_path: str, where=st) -> None:
    """Show the lesson link, for a teacher to copy and share. (Markdown, not
    st.code: the code block's highlighter costs a second of the browser's time on
    every page's first load.)"""
    url = lesson_url(url_path)
    with where.expander(":material/link: Copy lesson link"):
        st.caption("Opens this page with every setting you chose.")
        # A URL from urlencode holds no backtick, so a code span shows it as is.
        st.markdown(f"[Open this view]({url})\n\n`{url}`")
