"""ui.server.stream_guard: widget states Streamlit cannot take are dropped before it
stores them; the others, and other messages, pass unchanged."""

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from ui.server.stream_guard import MAX_JSON_DEPTH, WidgetKinds, checked, json_problem

SLIDER, SELECT_SLIDER, BOX, PLAYER = (f"$$ID-{i}-w" for i in "abcd")


@pytest.fixture(scope="module")
def kinds() -> WidgetKinds:
    """Learned from the server's messages, as StreamGuard does."""
    learned = WidgetKinds()
    for wid, kind, setup in [
        (SLIDER, "slider", lambda p: p.default.extend([1.0])),
        (SELECT_SLIDER, "slider", lambda p: (p.default.extend([2]), _select(p))),
        (BOX, "number_input", lambda p: None),
        (PLAYER, "bidi_component", lambda p: None),
    ]:
        msg = ForwardMsg()
        proto = getattr(msg.delta.new_element, kind)
        proto.id = wid
        setup(proto)
        learned.learn(msg.SerializeToString())
    return learned


def _select(proto):
    proto.type = proto.SELECT_SLIDER


def _rerun(*states: WidgetState) -> bytes:
    msg = BackMsg()
    msg.rerun_script.widget_states.widgets.extend(states)
    return msg.SerializeToString()


def _kept(data: bytes | None) -> list[str]:
    msg = BackMsg()
    msg.ParseFromString(data)
    return [w.id for w in msg.rerun_script.widget_states.widgets]


@pytest.mark.parametrize(
    "state",
    [
        WidgetState(id=SLIDER, string_value="50"),
        WidgetState(id=SLIDER, double_array_value={"data": [1.0, 2.0]}),
        WidgetState(id=SLIDER, double_array_value={"data": [float("nan")]}),
        WidgetState(id=SELECT_SLIDER, double_array_value={"data": [3.0]}),
        WidgetState(id=BOX, string_value="x"),
        WidgetState(id=BOX, double_value=float("inf")),
        WidgetState(id=PLAYER, json_value="{settings"),
        WidgetState(id=PLAYER, json_value='{"settings":{"learningRate":NaN}}'),
        WidgetState(id=PLAYER, json_value="[" * 50_000 + "]" * 50_000),
        WidgetState(id=PLAYER, json_value='"' + "x" * 70_000 + '"'),
        WidgetState(id="$$ID-unknown", json_value="Infinity"),
    ],
    ids=repr,
)
def test_a_state_its_widget_cannot_take_is_dropped(kinds, state):
    honest = WidgetState(id="$$ID-e-other", bool_value=True)
    assert _kept(checked(_rerun(honest, state), kinds)) == [honest.id]


@pytest.mark.parametrize(
    "state",
    [
        WidgetState(id=SLIDER, double_array_value={"data": [50.0]}),
        WidgetState(id=SELECT_SLIDER, string_array_value={"data": ["100"]}),
        WidgetState(id=BOX, int_value=7),
        WidgetState(id=BOX, double_value=7.5),
        WidgetState(id=BOX),  # cleared: the default
        WidgetState(
            id=PLAYER,
            json_value='{"settings":{"learningRate":0.5,"clickedStart":null}}',
        ),
        WidgetState(id="$$ID-unknown", string_value="anything"),
    ],
    ids=repr,
)
def test_a_state_as_the_frontend_sends_it_passes_unchanged(kinds, state):
    data = _rerun(state)
    assert checked(data, kinds) is data


def test_clear_cache_is_dropped_and_a_heartbeat_passes(kinds):
    assert checked(BackMsg(clear_cache=True).SerializeToString(), kinds) is None
    heartbeat = BackMsg(app_heartbeat=True).SerializeToString()
    assert checked(heartbeat, kinds) is heartbeat


def test_json_nesting_is_counted():
    assert json_problem("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is None
    deeper = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    assert json_problem(deeper) == "nested too deep"
