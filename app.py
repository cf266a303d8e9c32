"""The frame: page setup, the shared dataset controls, and navigation. No maths."""

import contextlib

import streamlit as st

from ui import controls, dataset, links, navigation, presenter

st.set_page_config(
    page_title="Normal equation vs gradient descent",
    page_icon=":material/functions:",
    layout="wide",
)
controls.start_run()
# Navigation first: widgets created before st.navigation() get IDs that change
# between a page's first run and the next, which would drop a first upload.
page = navigation.navigation()
dataset.sidebar()
presenter.switch()
notes = st.container()  # above the page, filled once the page's controls are read
# A page that cannot go on says why and stops; the frame still draws its part.
with contextlib.suppress(navigation.PageStopped):
    page.run()
controls.show_url_notes(notes)
links.lesson_link_box(page.url_path, st.sidebar)
