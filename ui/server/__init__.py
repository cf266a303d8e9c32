"""What runs around the page scripts in the server process: its start-up settings, and
the checks of what a browser sends (paths, WebSocket messages, uploads) before
Streamlit sees it."""
