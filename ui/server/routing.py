"""What the server answers before Streamlit does: a path Streamlit cannot serve.

Streamlit's frontend takes every path for a page name, or for a base path with a
page name after it: on ``/gradient_descent/extra`` it looks for its server under
``/gradient_descent/`` and ``/gradient_descent/extra/``, finds neither and shows
"connecting" forever (streamlit/streamlit#8971: nested page paths are not
supported). Such a path is sent to its first segment instead, where the page is
found or Streamlit's own "page not found" answers with a link home.

Used by app.py, which hands `NestedPathRedirect` to `st.App`.
"""

from urllib.parse import quote

# The first segments of the server's own routes (its API, the frontend's files,
# media, components, static files): always passed through untouched.
SERVER_ROUTES = frozenset({"_stcore", "static", "media", "component", "app"})


def redirect_target(path: str, query: str = "") -> str | None:
    """Where a GET for `path` should go instead, or None to serve it as it is.

    Parameters
    ----------
    path : str
        The request's path, e.g. ``"/gradient_descent/extra"``.
    query : str
        Its query string, kept on the redirect (a lesson link's settings).

    Returns
    -------
    str or None
        ``"/gradient_descent"`` (with ``?query``) for a path of two or more
        segments outside the server's routes.
    """
    segments = [segment for segment in path.split("/") if segment]
    if (
        len(segments) < 2
        or segments[0] in SERVER_ROUTES
        or "_stcore" in segments
        or {".", ".."} & set(segments)  # traversal: the server refuses it itself
    ):
        return None
    return "/" + quote(segments[0], safe="") + (f"?{query}" if query else "")


class NestedPathRedirect:
    """ASGI middleware: a 302 to `redirect_target` for GET and HEAD requests that
    have one; everything else (the WebSocket included) goes straight through."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            query = scope.get("query_string", b"").decode("latin-1")
            target = redirect_target(scope.get("path", ""), query)
            if target is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 302,
                        "headers": [
                            (b"location", target.encode("latin-1")),
                            (b"cache-control", b"no-cache"),
                            (b"content-length", b"0"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
