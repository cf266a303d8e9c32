"""ui.server.upload_guard: a session keeps its latest file, a replica refuses a file
past its cap, and the browser's cookie names the file it stored."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from ui.server.upload_guard import LOST_FILE_COOKIE, UploadGuard

SESSION = "0f0e0d0c-0000-4000-8000-000000000001"


class Streamlit:
    """Streamlit's upload routes, as far as the guard sees them: 204 to every
    PUT and DELETE, each one noted."""

    def __init__(self):
        self.calls = []

    async def __call__(self, scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.calls.append((scope["method"], scope["path"].rsplit("/", 1)[1]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _request(guard, method: str, file_id: str, body: bytes = b""):
    """One request through `guard`: its status and headers."""
    sent = []
    scope = {
        "type": "http",
        "method": method,
        "path": f"/_stcore/upload_file/{SESSION}/{file_id}",
        "headers": [
            (b"content-length", str(len(body)).encode()),
            (b"x-xsrftoken", b"token"),
            (b"cookie", b"_streamlit_xsrf=token"),
        ],
    }

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own (a browser test may hold this thread's event loop).
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, guard(scope, receive, send)).result()
    start = sent[0]
    return start["status"], dict(start["headers"])


def _file(name: str, size: int) -> bytes:
    head = f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'
    return head.encode() + b"x" * size


def test_a_new_file_replaces_the_last_one():
    streamlit = Streamlit()
    guard = UploadGuard(streamlit)
    status, headers = _request(guard, "PUT", "a", _file("one.csv", 100))
    assert status == 204
    assert headers[b"set-cookie"].startswith(f"{LOST_FILE_COOKIE}=one.csv;".encode())
    _request(guard, "PUT", "b", _file("two csv.csv", 100))
    # Streamlit was asked to delete "a", as the frontend does on a swap.
    assert streamlit.calls == [("PUT", "a"), ("PUT", "b"), ("DELETE", "a")]
    assert guard.kept[SESSION].file_id == "b"
    assert guard.held() < 300


def test_removing_the_file_clears_the_cookie():
    guard = UploadGuard(Streamlit())
    _request(guard, "PUT", "a", _file("one.csv", 10))
    status, headers = _request(guard, "DELETE", "a")
    assert status == 204 and b"Max-Age=0" in headers[b"set-cookie"]
    assert not guard.kept


def test_a_file_past_the_replicas_cap_is_refused():
    streamlit = Streamlit()
    guard = UploadGuard(streamlit, max_bytes=1000)
    assert _request(guard, "PUT", "a", _file("one.csv", 600))[0] == 204
    # The same session's next file replaces its last: within the cap.
    assert _request(guard, "PUT", "b", _file("two.csv", 600))[0] == 204
    guard.kept["another session"] = guard.kept.pop(SESSION)
    status, _ = _request(guard, "PUT", "c", _file("three.csv", 600))
    assert status == 503
    assert ("PUT", "c") not in streamlit.calls
