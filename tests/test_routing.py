"""ui.server.routing: paths Streamlit cannot serve go to their first segment."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from ui.server.routing import NestedPathRedirect, redirect_target


@pytest.mark.parametrize(
    ("path", "query", "target"),
    [
        ("/gradient_descent/extra", "", "/gradient_descent"),
        ("/gradient_descent/extra/", "lr=0.5", "/gradient_descent?lr=0.5"),
        ("/a/b/c", "", "/a"),
        ("/a b/c", "", "/a%20b"),  # ASGI paths arrive decoded
        ("/" + "x" * 50 + "/y", "", "/" + "x" * 50),
    ],
)
def test_nested_paths_go_to_their_first_segment(path, query, target):
    assert redirect_target(path, query) == target


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "",
        "/gradient_descent",
        "/gradient_descent/",
        "/_stcore/health",
        "/gradient_descent/_stcore/health",  # the frontend's probe: stays a 404
        "/static/js/main.js",
        "/media/abc.png",
        "/component/x/index.html",
        "/app/static/file.csv",
        "/../../etc/passwd",  # the server's own traversal check answers
        "/a/../b",
    ],
)
def test_the_servers_own_paths_and_single_pages_pass(path):
    assert redirect_target(path) is None


def _request(method: str, path: str, kind: str = "http"):
    """Run the middleware on one request: (what it sent, whether it passed)."""
    sent, passed = [], []

    async def app(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "method": method, "path": path, "query_string": b"x=1"}
    # In a thread of its own: a browser test before this one in the same worker
    # leaves Playwright's event loop running in this thread.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, NestedPathRedirect(app)(scope, None, send)).result()
    return sent, passed


def test_the_middleware_answers_a_get_with_a_redirect():
    sent, passed = _request("GET", "/ridge/x")
    assert not passed
    assert sent[0]["status"] == 302
    assert (b"location", b"/ridge?x=1") in sent[0]["headers"]


@pytest.mark.parametrize(
    ("method", "kind"), [("POST", "http"), ("GET", "websocket"), ("GET", "lifespan")]
)
def test_anything_else_goes_straight_through(method, kind):
    sent, passed = _request(method, "/ridge/x", kind)
    assert passed == ["/ridge/x"] and not sent
