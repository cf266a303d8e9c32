"""Uploads a replica keeps in memory, bounded per student and per replica.

Streamlit keeps every file a session PUTs to ``/_stcore/upload_file/<session
id>/<file id>`` until the session ends: one client sending 200 files of 5 MB
under new ids held a gigabyte. The app reads one CSV at a time, so
`UploadGuard` keeps only a session's latest file: once a new one is stored, the
one before is deleted (the DELETE the frontend itself sends on a swap). Across
sessions, a new file is refused (503) while the files kept would pass
`MAX_REPLICA_BYTES`; a session's file counts until Streamlit may have freed it,
``server.disconnectedSessionTTL`` after its WebSocket closed.

A stored file also sets the cookie `LOST_FILE_COOKIE` to its name (cleared when
the student removes it), so that a new session on another replica, after its
own fell, can tell the student their file was lost (`ui.frame.upload`).

Used by app.py, which hands `UploadGuard` to `st.App`.
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import quote

import streamlit as st

# The wire protocol: the session's first message names it (ui/server/stream_guard.py).
from google.protobuf.message import DecodeError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.server.stream_guard import STREAM_PATH

UPLOAD_PATH = "/_stcore/upload_file/"
MAX_REPLICA_BYTES = 100 * 1024 * 1024  # 20 files at the 5 MB limit
LOST_FILE_COOKIE = "lesson_upload"
_FILE_NAME = re.compile(rb'filename="([^"\r\n]{0,120})"')
_KEPT_HEADERS = (b"cookie", b"x-xsrftoken", b"host", b"origin")


@dataclass
class Kept:
    """A session's latest file, and what deleting it takes."""

    file_id: str
    size: int
    headers: list
    closed_at: float | None = None  # its WebSocket's, when it closed


class UploadGuard:
    """ASGI middleware: keeps the latest upload of each session and refuses one
    that would pass the replica's cap; everything else goes straight through."""

    def __init__(self, app, max_bytes: int = MAX_REPLICA_BYTES):
        self.app = app
        self.max_bytes = max_bytes
        self.kept: dict[str, Kept] = {}

    def held(self) -> int:
        """Bytes of the files kept now (by sessions Streamlit may still hold)."""
        grace = float(st.get_option("server.disconnectedSessionTTL")) + 10
        now = time.monotonic()
        for session, kept in list(self.kept.items()):
            if kept.closed_at is not None and now - kept.closed_at > grace:
                del self.kept[session]
        return sum(kept.size for kept in self.kept.values())

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(UPLOAD_PATH):
            session, _, file_id = path.removeprefix(UPLOAD_PATH).partition("/")
            if scope["method"] == "PUT" and file_id:
                await self._put(scope, receive, send, session, file_id)
                return
            if scope["method"] == "DELETE" and file_id:
                await self._delete(scope, receive, send, session, file_id)
                return
        if scope["type"] == "websocket" and path.endswith(STREAM_PATH):
            await self._stream(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _put(self, scope, receive, send, session: str, file_id: str):
        declared = _header(scope, b"content-length")
        incoming = int(declared) if declared and declared.isdigit() else 0
        previous = self.kept.get(session)
        if self.held() - (previous.size if previous else 0) + incoming > (
            self.max_bytes
        ):
            await _answer(send, 503, b"This server holds too many files now.")
            return
        size, name, status = 0, b"", []

        async def counting_receive():
            nonlocal size, name
            message = await receive()
            body = message.get("body", b"")
            if not name:
                found = _FILE_NAME.search(body[:4096])
                name = found.group(1) if found else b""
            size += len(body)
            return message

        async def cookie_send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
                if message["status"] == 204:
                    cookie = _cookie(quote(name.decode("utf-8", "replace")) or "-")
                    headers = [*message.get("headers", []), cookie]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, counting_receive, cookie_send)
        if status != [204]:
            return
        headers = [(k, v) for k, v in scope["headers"] if k in _KEPT_HEADERS]
        self.kept[session] = Kept(file_id, size, headers)
        if previous is not None and previous.file_id != file_id:
            await self._remove(session, previous)

    async def _delete(self, scope, receive, send, session: str, file_id: str):
        kept = self.kept.get(session)
        current = kept is not None and kept.file_id == file_id

        async def clearing_send(message):
            if message["type"] == "http.response.start" and current:
                headers = [*message.get("headers", []), _cookie("", max_age=0)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, clearing_send)
        if current:
            self.kept.pop(session, None)

    async def _remove(self, session: str, kept: Kept) -> None:
        """Delete a session's older file as the frontend would (a DELETE with
        the same cookie and XSRF token), through Streamlit's own route."""
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "DELETE",
            "scheme": "http",
            "path": f"{UPLOAD_PATH}{session}/{kept.file_id}",
            "raw_path": f"{UPLOAD_PATH}{session}/{kept.file_id}".encode(),
            "query_string": b"",
            "root_path": "",
            "headers": kept.headers,
            "client": ("127.0.0.1", 0),
            "server": ("127.0.0.1", 0),
        }

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def discard(message):
            pass

        await self.app(scope, receive, discard)

    async def _stream(self, scope, receive, send):
        """Pass the WebSocket; when it closes, its session's file starts its
        countdown (and stops it if the session resumes)."""
        session = None

        async def watching_send(message):
            nonlocal session
            if session is None and message.get("bytes"):
                session = _session_named(message["bytes"])
                if session in self.kept:  # resumed
                    self.kept[session].closed_at = None
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        finally:
            if session in self.kept:
                self.kept[session].closed_at = time.monotonic()


def _session_named(payload: bytes) -> str:
    """The session id a `new_session` message names ("" for another message)."""
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except DecodeError:  # never break the server's own message
        return ""
    if msg.WhichOneof("type") != "new_session":
        return ""
    return msg.new_session.initialize.session_id


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _cookie(value: str, max_age: int | None = None) -> tuple[bytes, bytes]:
    text = f"{LOST_FILE_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"
    if max_age is not None:
        text += f"; Max-Age={max_age}"
    return (b"set-cookie", text.encode("latin-1"))


async def _answer(send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"60"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
