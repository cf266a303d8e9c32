"""A Streamlit session without a browser: opens a lesson link and changes widgets
over `/_stcore/stream` with the messages Streamlit's own frontend sends, so that
a load test or a test of a deployment costs the server what a student costs it
and no more. `tests/browser/test_gradient_descent_browser.py` checks it message
for message against Chromium's frames.

    async with Session(base_url) as tab:
        first = await tab.open("gradient_descent?lr=0.5")  # GET, then WebSocket
        moved = await tab.update("descent", json={"settings": {"learningRate": 0.4}})

What the frontend does and this does too: fetch the page (keeping its cookies for
the WebSocket), then a first `rerun_script` with the link's
query string and page name and no widget state; then, for every change, a
`rerun_script` with the page's script hash, the state of every widget on the
page (its default, or the value the server set, or the one changed; not those in
a closed popover, which the frontend has not mounted) and the
hashes of the large messages it holds (those used in the last
`global.maxCachedMessageAge` runs), which the server then sends as references. A
message referred to by hash is looked up in that cache. A change to a widget drawn
inside a fragment (`st.fragment`) asks for a rerun of that fragment alone, and the
widgets outside it keep their state.
"""

import asyncio
import json as jsonlib
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from google.protobuf.message import Message
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect


@dataclass
class Run:
    """What one script run sent back, from the request to `script_finished`."""

    seconds: float
    messages: int
    bytes: int
    status: str
    errors: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # bytes of each message

    @property
    def finished(self) -> bool:
        """The run (of the page or of a fragment) ended normally."""
        return self.status in {
            "FINISHED_SUCCESSFULLY",
            "FINISHED_FRAGMENT_RUN_SUCCESSFULLY",
        }

    alerts: list[str] = field(default_factory=list)  # st.info/warning/error texts


def kind_of(msg: ForwardMsg) -> str:
    """The message's type, with a delta's element type: "delta:new_element:slider"."""
    kind = msg.WhichOneof("type")
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        kind = f"delta:{delta}"
        if delta == "new_element":
            kind += ":" + msg.delta.new_element.WhichOneof("type")
    return kind


def _chosen(proto) -> int | None:
    try:
        return proto.default if proto.HasField("default") else None
    except ValueError:  # not optional in this proto
        return proto.default


def changed_state(widget_id: str, **value) -> WidgetState:
    """A widget's state as the frontend sends it after a change: one field of
    `WidgetState`, e.g. ``double_value=0.5``, ``double_array_value=[50]``,
    ``json_value="{...}"``, or a message for a message field."""
    state = WidgetState(id=widget_id)
    ((name, given),) = value.items()
    target = getattr(state, name)
    if isinstance(given, Message):
        target.CopyFrom(given)
    elif hasattr(target, "data"):  # an array field
        target.data.extend(given)
    else:
        setattr(state, name, given)
    return state


def widget_state(element) -> WidgetState | None:
    """The state the frontend reports for a widget element as the server drew it
    (its default, or the value the server set), or None for an element that is
    not a widget or reports nothing until it is used (buttons, downloads, a
    custom component before it sets its state)."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    wid = getattr(proto, "id", "")
    if not wid:
        return None
    state = WidgetState(id=wid)
    set_value = getattr(proto, "set_value", False)
    if kind == "slider" and proto.type == proto.SELECT_SLIDER:
        # Sent as the options' labels, as the frontend does (not indices).
        if set_value and proto.raw_value:
            labels = list(proto.raw_value)
        else:
            indices = proto.value if set_value else proto.default
            labels = [proto.options[int(i)] for i in indices]
        state.string_array_value.data.extend(labels)
    elif kind == "slider":
        values = proto.value if set_value else proto.default
        state.double_array_value.data.extend(values)
    elif kind == "checkbox":
        state.bool_value = proto.value if set_value else proto.default
    elif kind in ("selectbox", "radio"):  # sent as the option's label
        if set_value and proto.raw_value:
            state.string_value = proto.raw_value
        elif (index := _chosen(proto)) is not None:
            state.string_value = proto.options[index]
        else:
            return None
    elif kind == "number_input":
        value = proto.value if set_value else proto.default
        if proto.data_type == proto.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    else:
        return None
    return state


class Session:
    """One browser tab's Streamlit session over a WebSocket (see the module's
    docstring). `base_url` is the app's http(s) address.

    Attributes
    ----------
    widgets : dict
        Widget id → the state the next rerun reports, for the widgets the last
        run drew (the frontend forgets the others).
    components : dict
        Id → the data (JSON text) of the custom components the last run drew;
        they report a state only once they have set one (`update(key,
        json=...)`).
    cookies : dict
        The browser's cookies for the app (pass a closed tab's to reopen the
        link as a reload would).
    fragments : dict
        Widget (or component) id → the fragment it was drawn in, for those drawn
        inside one: a change to it reruns only that fragment.
    sent, runs : list
        Every BackMsg sent, and what each script run sent back.
    """

    def __init__(
        self, base_url: str, *, timeout: float = 60, cookies: dict | None = None
    ):
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.base_url = base_url.rstrip("/")
        self.stream_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.stream_url += "/_stcore/stream"
        self.timeout = timeout
        self.widgets: dict[str, WidgetState] = {}
        self.components: dict[str, object] = {}
        self.fragments: dict[str, str] = {}
        self._fragment_blocks: dict[tuple[int, ...], str] = {}  # path → fragment
        self._ran: set[str] = set()  # the fragments the current run draws in
        self.cache: dict[str, ForwardMsg] = {}
        self._used: dict[str, int] = {}  # hash → the run that last used it
        self._max_age = 2  # runs; the server's global.maxCachedMessageAge
        self.page_script_hash = ""
        self.session_id = ""
        self.query_string = ""
        self.page_name = ""
        self.cookies: dict[str, str] = dict(cookies or {})
        self.sent: list[BackMsg] = []
        self.runs: list[Run] = []
        self.document_headers: dict[str, str] = {}
        self.stream_headers: dict[str, str] = {}
        self._ws = None

    async def __aenter__(self) -> "Session":
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            await self._ws.close()

    def _fetch_document(self, link: str) -> None:
        """GET the page as a browser's visit does, keeping its cookies (a load
        balancer's affinity, Streamlit's XSRF token) for the WebSocket."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(f"{self.base_url}/{link}")
        if self.cookies:
            request.add_header("Cookie", self._cookie_header())
        with opener.open(request, timeout=self.timeout) as reply:
            reply.read()
            self.document_headers = {k.lower(): v for k, v in reply.headers.items()}
            self._keep_cookies(reply.headers)

    def upload(self, name: str, content: bytes) -> int:
        """PUT a file to this session's upload storage as the frontend's file
        uploader does (with the XSRF token Streamlit's health check sets); the
        HTTP status (204 when stored). Blocking: call it in a thread."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        if "_streamlit_xsrf" not in self.cookies:
            request = urllib.request.Request(f"{self.base_url}/_stcore/health")
            request.add_header("Cookie", self._cookie_header())
            with opener.open(request, timeout=self.timeout) as reply:
                for cookie in reply.headers.get_all("Set-Cookie") or []:
                    key, _, value = cookie.split(";", 1)[0].partition("=")
                    self.cookies.setdefault(key.strip(), value)
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        request = urllib.request.Request(
            f"{self.base_url}/_stcore/upload_file/{self.session_id}/{uuid.uuid4()}",
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""),
                "Cookie": self._cookie_header(),
            },
        )
        try:
            with opener.open(request, timeout=self.timeout) as reply:
                self._keep_cookies(reply.headers)
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    def _keep_cookies(self, headers) -> None:
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            if "max-age=0" in cookie.lower():  # cleared
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def _connect(self, link: str) -> None:
        await asyncio.to_thread(self._fetch_document, link)
        # The frontend asks for the "streamlit" subprotocol (the header's
        # further entries carry an XSRF token and a session to resume).
        self._ws = await connect(
            self.stream_url,
            subprotocols=["streamlit"],
            additional_headers={"Cookie": self._cookie_header()}
            if self.cookies
            else None,
            max_size=None,
            open_timeout=self.timeout,
        )
        self.stream_headers = {
            k.lower(): v for k, v in self._ws.response.headers.raw_items()
        }

    def _context(self) -> ContextInfo:
        return ContextInfo(
            timezone="UTC",
            timezone_offset=0,
            locale="en-US",
            url=f"{self.base_url}/{self.page_name}",
            is_embedded=False,
            color_scheme="light",
        )

    async def open(self, link: str) -> Run:
        """Open `link` ("page?query", relative to the app) as a first visit."""
        page, _, query = link.partition("?")
        self.page_name, self.query_string = page.strip("/"), query
        await self._connect(link)
        state = ClientState(
            query_string=query, page_name=self.page_name, context_info=self._context()
        )
        state.widget_states.SetInParent()
        return await self._rerun(state)

    async def update(self, key: str, *, json: dict | None = None, **value) -> Run:
        """Change the widget whose key is `key` and rerun, as the frontend does
        after a user's change: `update("n", double_array_value=[50])`, or for a
        custom component `update("descent", json={...})` (its whole state)."""
        ids = sorted(
            {w for w in (*self.widgets, *self.components) if w.endswith(f"-{key}")}
        )
        if len(ids) != 1:
            raise KeyError(f"{len(ids)} widgets with the key {key!r} on the page")
        if json is not None:
            value = {"json_value": jsonlib.dumps(json, separators=(",", ":"))}
        state = changed_state(ids[0], **value)
        self.widgets[state.id] = state
        return await self.rerun(fragment_id=self.fragments.get(state.id, ""))

    def component(self, key: str) -> object:
        """The data the server sent the custom component whose key is `key`."""
        (data,) = [d for c, d in self.components.items() if c.endswith(f"-{key}")]
        return jsonlib.loads(data or "null")

    async def rerun(self, fragment_id: str = "") -> Run:
        """Rerun the page (or only the fragment `fragment_id`) with every widget's
        state, as the frontend does."""
        state = ClientState(
            query_string=self.query_string,
            page_script_hash=self.page_script_hash,
            fragment_id=fragment_id,
            cached_message_hashes=list(self.cache),  # in the order received
            context_info=self._context(),
        )
        state.widget_states.widgets.extend(self.widgets.values())
        return await self._rerun(state)

    async def _rerun(self, state: ClientState) -> Run:
        msg = BackMsg(rerun_script=state)
        self.sent.append(msg)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        run = Run(0.0, 0, 0, "")
        drawn: dict[str, tuple[WidgetState, bool]] = {}
        hidden: list[tuple[int, ...]] = []  # popovers: closed until clicked
        before = self.components
        self.components = {}
        # The fragments this run draws in: the one asked for, or one a widget's
        # callback named (`st.rerun(key)`), as their elements arrive.
        self._ran = {state.fragment_id} - {""}
        async with asyncio.timeout(self.timeout):
            while True:
                payload = await self._ws.recv()
                run.messages += 1
                run.bytes += len(payload)
                run.sizes.append(len(payload))
                fwd = ForwardMsg()
                fwd.ParseFromString(payload)
                if fwd.WhichOneof("type") == "ref_hash":
                    fwd = self.cache[fwd.ref_hash]
                    self._used[fwd.hash] = len(self.runs)
                elif fwd.metadata.cacheable:
                    self.cache[fwd.hash] = fwd
                    self._used[fwd.hash] = len(self.runs)
                run.kinds.append(kind_of(fwd))
                if self._read(fwd, run, drawn, hidden):
                    break
        run.seconds = time.perf_counter() - start
        self.runs.append(run)
        # The frontend forgets a message no run has used for max_age runs.
        for digest in [
            h for h, r in self._used.items() if len(self.runs) - r > self._max_age
        ]:
            del self.cache[digest], self._used[digest]
        # As the frontend: a value the server set wins, a widget's state lives
        # on while it is drawn, a new widget starts at what the server drew,
        # and widgets (and components) the run did not draw are forgotten.
        kept = {w: s for w, s in self.widgets.items() if w in self.components}
        if run.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY":
            # A fragment's run redraws only its fragments: what is outside stays.
            def outside(widget: str) -> bool:
                return self.fragments.get(widget) not in self._ran

            self.components = {
                **{w: d for w, d in before.items() if outside(w)},
                **self.components,
            }
            kept |= {w: s for w, s in self.widgets.items() if outside(w)}
        for wid, (state, set_by_server) in drawn.items():
            kept[wid] = state if set_by_server else self.widgets.get(wid, state)
        self.widgets = kept
        return run

    def _read(self, fwd: ForwardMsg, run: Run, drawn: dict, hidden: list) -> bool:
        """Take in one message; True at the end of the run."""
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            self.session_id = fwd.new_session.initialize.session_id
            self.page_script_hash = fwd.new_session.page_script_hash
            self._max_age = fwd.new_session.config.max_cached_message_age
        elif kind == "navigation":
            self.page_script_hash = fwd.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = fwd.page_info_changed.query_string
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "add_block":
            if fwd.delta.add_block.WhichOneof("type") == "popover":
                hidden.append(tuple(fwd.metadata.delta_path))
            if fwd.delta.fragment_id:  # what a fragment draws in a container
                self._fragment_blocks[tuple(fwd.metadata.delta_path)] = (
                    fwd.delta.fragment_id
                )
                self._ran.add(fwd.delta.fragment_id)
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            what = element.WhichOneof("type")
            path = tuple(fwd.metadata.delta_path)
            if any(path[: len(block)] == block for block in hidden):
                return False  # in a closed popover: not mounted, no state
            if what == "exception":
                run.errors.append(element.exception.message)
            elif what == "alert":
                run.alerts.append(element.alert.body)
            fragment = fwd.delta.fragment_id or next(
                (
                    f
                    for block, f in self._fragment_blocks.items()
                    if path[: len(block)] == block
                ),
                "",
            )
            if fragment:
                self._ran.add(fragment)
                if hasattr(getattr(element, what), "id"):
                    self.fragments[getattr(element, what).id] = fragment
            if what == "bidi_component":
                component = element.bidi_component
                # Decoded when asked for (`component`): a load test reads one.
                self.components[component.id] = component.json
            elif (state := widget_state(element)) is not None:
                drawn[state.id] = (state, getattr(element, what).set_value)
        elif kind == "script_finished":
            run.status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            # A run that ends to rerun (st.rerun) is followed by that rerun.
            return run.status != "FINISHED_EARLY_FOR_RERUN"
        return False
