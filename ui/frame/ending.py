"""The end of the frame every page is drawn in: the notes on the link's values
above the page and the lesson link in the sidebar, whether the page ends, stops
early (bad input, a question to answer first) or reruns a fragment alone.

The dataset and upload controls stop a page from here, and `navigation` starts
it; this module imports neither, so the frame has no import cycle.
"""

from collections.abc import Callable

import streamlit as st

from ui.frame import controls, links

_FRAME = "page_frame"  # session state: this run's page and its note slot


def remember(url_path: str, *, notes) -> None:
    """Keep this run's page (its URL path) and the place above it for the
    link's notes, for `end_page` (`navigation.start_page` calls this)."""
    st.session_state[_FRAME] = {"url_path": url_path, "notes": notes}


def end_page() -> None:
    """Finish the frame: the link's notes above the page and the lesson link in
    the sidebar. Every page script calls this last (`stop` calls it too)."""
    frame = st.session_state.pop(_FRAME, None)
    if frame is None:  # already finished in this run
        return
    controls.show_url_notes(frame["notes"])
    if not frame.get("link_drawn"):  # by `fragment`
        links.lesson_link_box(frame["url_path"], st.sidebar)


def fragment(part_of_page: Callable[[], None], *, key: str | None = None) -> None:
    """Draw `part_of_page` as a fragment (`st.fragment`), with the lesson link.

    A change to a control drawn inside it (the descent player's η) reruns only
    `part_of_page`, not the whole page: the rerun that answers a move sends
    what the move changed. The lesson link in the sidebar is drawn from here,
    so that it follows such a change too (`end_page` then leaves it out).
    Everything `part_of_page` needs from the page above it comes through its
    closure, as of the last full run. With `key`, a widget's callback elsewhere
    on the page can rerun it alone too (`st.rerun(key)`).
    """
    frame = st.session_state.get(_FRAME)

    @st.fragment(key=key)
    def rerun_alone() -> None:
        part_of_page()
        if frame is not None:
            links.lesson_link_box(frame["url_path"], st.sidebar)
            frame["link_drawn"] = True

    rerun_alone()


def stop() -> None:
    """End the page here, after it has said why it cannot go on; the frame is
    finished first, so the sidebar still offers the lesson link."""
    end_page()
    st.stop()
