"""Chromium's WebSocket frames, to check that the protocol-level client of the
load test (deploy/streamlit_client.py) speaks as the browser does:
`frames = Frames(page)` before the page opens, then after the clicks
`assert_client_replays(frames, server_url, link)`."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.streamlit_client import Session, kind_of


def _runs(received: list[bytes]) -> list[tuple[list[str], int]]:
    """The browser's messages split into script runs: (kinds, bytes) each, a
    message sent by reference read from the messages before it."""
    runs, kinds, size, cache = [], [], 0, {}
    for payload in received:
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "ref_hash":
            msg = cache[msg.ref_hash]
        elif msg.metadata.cacheable:
            cache[msg.hash] = msg
        kinds.append(kind_of(msg))
        size += len(payload)
        # A run that ends to rerun (st.rerun, also from a callback naming a
        # fragment) is one run with the rerun that follows, as the client counts.
        if msg.WhichOneof("type") == "script_finished" and (
            msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            runs.append((kinds, size))
            kinds, size = [], 0
    return runs


def _state(msg: BackMsg) -> dict:
    """A rerun request's fields and each widget's state, as text, the cached
    hashes sorted."""
    state = BackMsg()
    state.CopyFrom(msg)
    widgets = state.rerun_script.widget_states.widgets
    shown = {w.id.rsplit("-", 1)[-1]: str(w).replace("\n", " ") for w in widgets}
    state.rerun_script.ClearField("widget_states")
    # A set, whose order means nothing (the browser's follows its cache's).
    hashes = sorted(state.rerun_script.cached_message_hashes)
    state.rerun_script.ClearField("cached_message_hashes")
    state.rerun_script.cached_message_hashes.extend(hashes)
    return {"fields": str(state), "widgets": shown}


async def _replay(url: str, link: str, sent: list[BackMsg]) -> Session:
    """Open the link, then make each change the browser made, with the client."""
    tab = Session(url)
    async with tab:
        await tab.open(link)
        for msg in sent[1:]:
            fragments = set()
            for widget in msg.rerun_script.widget_states.widgets:
                if tab.widgets.get(widget.id) != widget:  # what the user changed
                    tab.widgets[widget.id] = widget
                    fragments.add(tab.fragments.get(widget.id, ""))
            # A change inside a fragment reruns that fragment alone.
            await tab.rerun(fragment_id=fragments.pop() if len(fragments) == 1 else "")
    return tab


class Frames:
    """The frames a tab's Streamlit WebSocket sent and received, from the moment
    it is made (before the tab opens the app)."""

    def __init__(self, page):
        self.sent: list[bytes] = []
        self.received: list[bytes] = []
        page.on("websocket", self._listen)

    def _listen(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", lambda payload: self.sent.append(payload))
            ws.on("framereceived", lambda payload: self.received.append(payload))


def assert_client_replays(frames: Frames, url: str, link: str) -> None:
    """The protocol client, opening `link` and making the changes the browser
    made, sent the same messages (every field, every widget's state, the same
    cached hashes) and was answered with the same sequence of messages, of the
    same sizes (within 2%: ids and timings differ)."""
    browser = [BackMsg.FromString(payload) for payload in frames.sent]
    assert {m.WhichOneof("type") for m in browser} == {"rerun_script"}
    assert len(browser) >= 2, "the browser made no change to replay"
    # In a thread of its own: Playwright's sync API holds this one's event loop.
    with ThreadPoolExecutor(1) as thread:
        tab = thread.submit(asyncio.run, _replay(url, link, browser)).result()
    for i, (ours, theirs) in enumerate(zip(tab.sent, browser, strict=True)):
        ours, theirs = _state(ours), _state(theirs)
        assert ours["fields"] == theirs["fields"], (i, ours["fields"], theirs["fields"])
        assert ours["widgets"].keys() == theirs["widgets"].keys()
        for key, value in theirs["widgets"].items():
            assert ours["widgets"][key] == value, key
    client = [(run.kinds, run.bytes) for run in tab.runs]
    seen = _runs(frames.received)
    for i, ((ours, _), (theirs, _)) in enumerate(zip(client, seen, strict=True)):
        assert ours == theirs, (i, ours, theirs)
    for (_, ours), (_, theirs) in zip(client, seen, strict=True):
        assert abs(ours - theirs) <= 0.02 * theirs, (ours, theirs)
