"""What a browser sends over the session's WebSocket, checked before Streamlit
stores it.

Streamlit keeps every widget state a client sends and deserializes it at the
start of the next run, before the page's script. A state its widget cannot take
(invalid JSON in a component's state, a string for a slider, one number for a
range) raises there, and again on every run after it, until a reload: one forged
message makes a session unusable. `StreamGuard` sits in front of
``/_stcore/stream`` (as `ui.server.routing` does for paths) and drops such a state from
the `rerun_script` message that carries it, so the widget keeps its value; a
message the frontend never sends in viewer mode (``clear_cache``, which empties
every student's caches at once, and ``set_run_on_save``) is dropped whole.

A widget's kind is learned from the elements the server itself sends (its id is
the same in every session of the process): a state must arrive in the value
field its widget reads, with the right number of values. Every state is also
checked on its own: numbers finite, JSON strict (no NaN or Infinity, nested at
most `MAX_JSON_DEPTH` deep) and at most `MAX_STATE_BYTES` in all. The frame
itself is bounded by ``server.maxWidgetStateSize`` (.streamlit/config.toml).

Used by app.py, which hands `StreamGuard` to `st.App`.
"""

import json
import logging
import math
from collections import OrderedDict

import streamlit as st
from google.protobuf.message import DecodeError

# The wire protocol between Streamlit's frontend and server: what this module
# checks (tests/test_no_private_api.py allows these two modules).
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "/_stcore/stream"
MAX_STATE_BYTES = 64 * 1024  # one widget's state; the lesson's are < 1 kB
MAX_JSON_DEPTH = 16
DROPPED_MESSAGES = frozenset({"clear_cache", "set_run_on_save"})
# The value field(s) each widget kind's state arrives in, as the frontend sends.
VALUE_FIELDS = {
    "slider": ("double_array_value",),
    "select_slider": ("string_array_value",),  # a slider element of that type
    "selectbox": ("string_value",),
    "radio": ("string_value",),
    "multiselect": ("string_array_value",),
    "checkbox": ("bool_value",),
    "number_input": ("int_value", "double_value"),
    "text_input": ("string_value",),
    "text_area": ("string_value",),
    "file_uploader": ("file_uploader_state_value",),
    "button": ("trigger_value",),
    "download_button": ("trigger_value",),
    "bidi_component": ("json_value",),
}
_KNOWN_WIDGETS = 4096  # ids remembered per process (a lesson has ~100)
_WIDGET_MARK = b"$$ID-"  # every widget id has it: other messages are not parsed
_LOG = logging.getLogger(__name__)


class WidgetKinds:
    """Widget id → (value fields, number of values or None), learned from the
    server's own messages; the oldest forgotten beyond `size`."""

    def __init__(self, size: int = _KNOWN_WIDGETS):
        self._kinds: OrderedDict[str, tuple[tuple[str, ...], int | None]] = (
            OrderedDict()
        )
        self._size = size

    def learn(self, payload: bytes) -> None:
        """Take in one ForwardMsg as sent: a widget element adds its id."""
        if _WIDGET_MARK not in payload:
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except DecodeError:  # never break the server's own message
            return
        if msg.WhichOneof("type") != "delta":
            return
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind not in VALUE_FIELDS:
            return
        proto = getattr(element, kind)
        count = None
        if kind == "slider":  # a select_slider too, which sends its labels
            count = len(proto.default)
            if proto.type == proto.SELECT_SLIDER:
                kind = "select_slider"
        self._kinds[proto.id] = (VALUE_FIELDS[kind], count)
        self._kinds.move_to_end(proto.id)
        while len(self._kinds) > self._size:
            self._kinds.popitem(last=False)

    def get(self, widget_id: str):
        return self._kinds.get(widget_id)


def problem(state, kinds: WidgetKinds) -> str | None:
    """Why the widget state `state` (a WidgetState proto) must not be stored, or
    None when it may."""
    if state.ByteSize() > MAX_STATE_BYTES:
        return "too large"
    field = state.WhichOneof("value")
    known = kinds.get(state.id)
    if known is not None and field is not None:  # None: cleared, the default
        fields, count = known
        if field not in fields:
            return f"{field} for a widget that reads {' or '.join(fields)}"
        if count is not None and len(getattr(state, field).data) != count:
            return f"{len(getattr(state, field).data)} values, not {count}"
    if field == "double_value" and not math.isfinite(state.double_value):
        return "not a finite number"
    if field == "double_array_value" and not all(
        math.isfinite(v) for v in state.double_array_value.data
    ):
        return "not finite numbers"
    if field in ("json_value", "json_trigger_value"):
        return json_problem(getattr(state, field))
    return None


def json_problem(text: str) -> str | None:
    """Why `text` is not JSON a browser's JSON.stringify could have written (NaN,
    Infinity, invalid, nested deeper than `MAX_JSON_DEPTH`), or None."""
    try:
        value = json.loads(text, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return "not strict JSON"
    if _depth(value) > MAX_JSON_DEPTH:
        return "nested too deep"
    return None


def _refuse(constant: str):
    raise ValueError(f"{constant} is not JSON")


def _depth(value) -> int:
    """How many lists and objects nest in `value` (0 for a scalar, 1 for [])."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, depth = level.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        children = item.values() if isinstance(item, dict) else item
        if depth <= MAX_JSON_DEPTH:
            level.extend((child, depth + 1) for child in children)
    return deepest


def checked(data: bytes, kinds: WidgetKinds) -> bytes | None:
    """The BackMsg `data` as it may reach Streamlit: the same bytes, or re-encoded
    without the widget states `problem` refuses, or None to drop it whole."""
    if len(data) > _max_frame_bytes():
        return data  # Streamlit closes the connection on it, unparsed
    msg = BackMsg()
    try:
        msg.ParseFromString(data)
    except DecodeError:  # Streamlit closes the socket on it itself
        return data
    kind = msg.WhichOneof("type")
    if kind in DROPPED_MESSAGES:
        _LOG.warning("Dropped a %s message from a browser", kind)
        return None
    if kind != "rerun_script":
        return data
    states = msg.rerun_script.widget_states.widgets
    kept = []
    for state in states:
        why = problem(state, kinds)
        if why is None:
            kept.append(state)
        else:
            _LOG.warning("Dropped the state of widget %r: %s", state.id[-40:], why)
    if len(kept) == len(states):
        return data
    del states[:]
    states.extend(kept)
    return msg.SerializeToString()


def _max_frame_bytes() -> int:
    return int(st.get_option("server.maxWidgetStateSize") * 1e6)


class StreamGuard:
    """ASGI middleware: every binary frame a browser sends on the session's
    WebSocket passes `checked`; the server's frames teach it the widgets' kinds.
    Everything else goes straight through."""

    def __init__(self, app):
        self.app = app
        self.kinds = WidgetKinds()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(
            STREAM_PATH
        ):
            await self.app(scope, receive, send)
            return

        async def guarded_receive():
            while True:
                message = await receive()
                data = message.get("bytes")
                if message["type"] != "websocket.receive" or data is None:
                    return message
                data = checked(data, self.kinds)
                if data is not None:
                    return {**message, "bytes": data}

        async def learning_send(message):
            if message["type"] == "websocket.send" and message.get("bytes"):
                self.kinds.learn(message["bytes"])
            await send(message)

        await self.app(scope, guarded_receive, learning_send)
