"""Streamlit glue shared by every page: navigation, the shared controls, cached
solver calls and error messages. Pages import from here; the maths stays in
`solvers` and the drawing in `figures`."""
