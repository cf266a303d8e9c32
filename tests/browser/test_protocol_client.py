"""The protocol-level client of the load test (tests/streamlit_client.py) speaks
as Chromium does: on the lesson link the load test opens, and one move of η on
the descent player, it sends the same messages (every field, every widget's
state, the same cached hashes) and the server answers it with the same sequence
of messages, of the same sizes, as it answered the browser."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.helpers import main_area, wait_for_app, wait_for_page
from tests.streamlit_client import Session, kind_of

LINK = "gradient_descent?lr=0.5&standardize=true"  # benchmarks/classroom.py's


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
        if msg.WhichOneof("type") == "script_finished":
            runs.append((kinds, size))
            kinds, size = [], 0
    return runs


def _state(msg: BackMsg) -> dict:
    """A rerun request's fields and each widget's state, as text."""
    state = BackMsg()
    state.CopyFrom(msg)
    widgets = state.rerun_script.widget_states.widgets
    shown = {w.id.rsplit("-", 1)[-1]: str(w).replace("\n", " ") for w in widgets}
    state.rerun_script.ClearField("widget_states")
    return {"fields": str(state), "widgets": shown}


async def _replay(url: str, sent: list[BackMsg]) -> Session:
    """Open the link, then make each change the browser made, with the client."""
    tab = Session(url)
    async with tab:
        await tab.open(LINK)
        for msg in sent[1:]:
            for widget in msg.rerun_script.widget_states.widgets:
                if tab.widgets.get(widget.id) != widget:  # what the user changed
                    tab.widgets[widget.id] = widget
            await tab.rerun()
    return tab


def test_the_client_sends_and_receives_what_chromium_does(streamlit_server, page):
    sent, received = [], []

    def listen(ws):
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framesent", lambda payload: sent.append(payload))
            ws.on("framereceived", lambda payload: received.append(payload))

    page.on("websocket", listen)
    page.goto(f"{streamlit_server}/{LINK}")
    wait_for_page(page)
    page.wait_for_function("() => window.lessonCharts && window.lessonCharts.descent")
    slider = main_area(page).locator("input[aria-label^='learning rate']")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # η 0.5 → 0.495; the server adopts it
    page.wait_for_function("() => location.search.includes('lr=0.495')")
    wait_for_app(page)

    browser = [BackMsg.FromString(payload) for payload in sent]
    assert [m.WhichOneof("type") for m in browser] == ["rerun_script"] * 2
    # In a thread of its own: Playwright's sync API holds this one's event loop.
    with ThreadPoolExecutor(1) as thread:
        tab = thread.submit(asyncio.run, _replay(streamlit_server, browser)).result()
    for ours, theirs in zip(tab.sent, browser, strict=True):
        ours, theirs = _state(ours), _state(theirs)
        assert ours["fields"] == theirs["fields"]
        assert ours["widgets"].keys() == theirs["widgets"].keys()
        for key, value in theirs["widgets"].items():
            assert ours["widgets"][key] == value, key

    client = [(run.kinds, run.bytes) for run in tab.runs]
    seen = _runs(received)
    assert [kinds for kinds, _ in client] == [kinds for kinds, _ in seen]
    for (_, ours), (_, theirs) in zip(client, seen, strict=True):
        assert abs(ours - theirs) <= 0.02 * theirs, (ours, theirs)
