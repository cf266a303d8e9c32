"""URL-bound widgets: every setting that shapes a view lives in the page's link.

Each control is declared once (key = URL parameter, limits, default). On the first
run of a session its value is read from the URL, validated and clamped to the
widget's limits, with a visible note when the link asked for something else, so a
hand-edited link never crashes the app nor starts a ten-minute job.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

_NOTES = "url_notes"
_EXPECTED = "url_expected"  # values the first run must end with, by key
_PENDING = "url_pending"  # values for the next run to set, by key
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation
_AUTOLINK = re.compile(r"(://|@|(?i:www)\.)")  # GFM links URLs even when escaped
# Every control rendered in this run, by key (public: tests walk it).
RENDERED = "rendered_controls"


@dataclass(frozen=True)
class Number:
    """A numeric setting shown as a slider (or a number box)."""

    key: str
    label: str
    min_value: float
    max_value: float
    default: float
    step: float = 1
    help: str | None = None
    box: bool = False

    @property
    def integer(self) -> bool:
        return all(float(v).is_integer() for v in (self.min_value, self.step))

    def parse(self, raw: str):
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError
        clamped = min(max(value, self.min_value), self.max_value)
        clamped = round(clamped) if self.integer else clamped
        return self.cast(clamped), clamped != value

    def cast(self, value):
        """`value` as this control holds it: int for a whole-number control."""
        return round(float(value)) if self.integer else float(value)


@dataclass(frozen=True)
class Choice:
    """One of a fixed list of options (a select box, radio or log-scale slider)."""

    key: str
    label: str
    options: tuple
    default: object
    labels: dict | None = None
    help: str | None = None

    def parse(self, raw: str):
        # Streamlit writes an option's label into the URL; a key is accepted too.
        for option in self.options:
            if raw in (self.format(option), str(option)):
                return option, False
        if not all(isinstance(o, int | float) for o in self.options):
            raise ValueError
        value = float(raw)
        if not math.isfinite(value) or value < 0:
            raise ValueError
        for option in self.options:
            if option == value:  # "100.0" or "1e2" for the option 100
                return option, False
        # A number between the options snaps to the nearest one (log scale).
        positive = [o for o in self.options if o > 0]
        if value == 0 or not positive:
            raise ValueError
        return min(positive, key=lambda o: abs(math.log(o / value))), True

    def above(self, value: float):
        """The smallest numeric option above `value` (the largest if none is)."""
        larger = [o for o in self.options if o > value]
        return min(larger) if larger else max(self.options)

    def below(self, value: float):
        """The largest numeric option below `value` (the smallest if none is)."""
        smaller = [o for o in self.options if o < value]
        return max(smaller) if smaller else min(self.options)

    def format(self, option) -> str:
        if self.labels:
            return self.labels.get(option, str(option))
        return f"{option:g}" if isinstance(option, float) else str(option)


@dataclass(frozen=True)
class Toggle:
    """An on/off setting."""

    key: str
    label: str
    default: bool = False
    help: str | None = None

    def parse(self, raw: str):
        lowered = raw.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError
        return lowered in ("true", "1"), False


@dataclass(frozen=True)
class Point:
    """Two numbers, such as a start point clicked on a chart; None when unset.
    In a URL: ``x,y``."""

    key: str
    label: str
    limit: float
    default: None = None
    help: str | None = None

    def parse(self, raw: str):
        parts = raw.split(",")
        if len(parts) != 2:
            raise ValueError
        values = [float(part) for part in parts]
        if not all(math.isfinite(v) for v in values):
            raise ValueError
        clamped = tuple(min(max(v, -self.limit), self.limit) for v in values)
        return clamped, list(clamped) != values

    def format(self, value) -> str:
        return ",".join(f"{v:g}" for v in value)


def log_options(low: int, high: int) -> tuple[float, ...]:
    """1-2-5 steps from 10^low up to 10^high: a log-scale slider's options."""
    steps = (float(f"{m}e{e}") for e in range(low, high) for m in (1, 2, 5))
    return (*steps, float(f"1e{high}"))


def number(spec: Number, where=st):
    """Render a URL-bound slider (or number box) for `spec` and return its value."""
    if spec.box:
        # A whole-number box is a float box showing no decimals: Streamlit parses
        # a float box's link value safely ("inf" falls back to the default), but
        # its integer parsing raises on "inf" or "1e309" before any check of ours.
        value = where.number_input(
            spec.label,
            min_value=float(spec.min_value),
            max_value=float(spec.max_value),
            value=float(_start(spec)),
            step=float(spec.step),
            format="%.0f" if spec.integer else None,
            key=spec.key,
            help=spec.help,
            bind="query-params",
        )
        return _settle(spec, spec.cast(value))
    value = where.slider(
        spec.label,
        min_value=spec.cast(spec.min_value),
        max_value=spec.cast(spec.max_value),
        value=spec.cast(_start(spec)),
        step=spec.cast(spec.step),
        key=spec.key,
        help=spec.help,
        bind="query-params",
    )
    return _settle(spec, value)


def choice(spec: Choice, where=st, widget: str = "selectbox"):
    """Render a URL-bound selectbox, radio or select_slider and return the option."""
    render: Callable = getattr(where, widget)
    start = _start(spec)
    if widget == "select_slider":
        kwargs = {"value": start}
    else:
        kwargs = {"index": spec.options.index(start)}
        if widget == "radio":
            kwargs["horizontal"] = True
    value = render(
        spec.label,
        options=spec.options,
        format_func=spec.format,
        key=spec.key,
        help=spec.help,
        bind="query-params",
        **kwargs,
    )
    return _settle(spec, value)


def toggle(spec: Toggle, where=st) -> bool:
    """Render a URL-bound toggle and return its state."""
    value = where.toggle(
        spec.label,
        value=_start(spec),
        key=spec.key,
        help=spec.help,
        bind="query-params",
    )
    return _settle(spec, value)


def held(spec):
    """The value of a setting that a chart's own controls change (see `hold`),
    read from the URL once per session like a widget's, and kept in the URL."""
    first = _first_read(spec)
    if first is not None:
        st.session_state[spec.key] = first[1]
    value = st.session_state.get(spec.key, spec.default)
    _to_url(spec, value)
    return value


def hold(spec, value) -> None:
    """Set a `held` setting (from a chart's callback) and its URL parameter."""
    if isinstance(spec, Number):
        low, high = spec.cast(spec.min_value), spec.cast(spec.max_value)
        value = min(max(spec.cast(value), low), high)
    elif isinstance(spec, Point) and value is not None:
        value, _ = spec.parse(spec.format(value))  # clamped, as a link would be
    st.session_state[spec.key] = value
    _to_url(spec, value)


def _to_url(spec, value) -> None:
    text = None if value == spec.default else _text(spec, value)
    if text is None:
        if spec.key in st.query_params:
            del st.query_params[spec.key]
    elif st.query_params.get(spec.key) != text:
        st.query_params[spec.key] = text


def _text(spec, value) -> str:
    """A setting's value as its URL parameter."""
    if isinstance(spec, Choice | Point):
        return spec.format(value)
    return _serialize(value)


def start_run() -> None:
    """Forget the controls rendered by the previous run (call first in app.py)."""
    st.session_state[RENDERED] = {}


def view_settings() -> dict[str, str]:
    """URL parameters for every control rendered in this run that is not at its
    default: the settings a lesson link must carry to reopen this view."""
    params = {}
    for key, spec in st.session_state.get(RENDERED, {}).items():
        value = st.session_state.get(key, spec.default)
        if value != spec.default:
            params[key] = _text(spec, value)
    return params


def show_url_notes(where=st) -> None:
    """Say which values of the link were changed to fit the controls' limits."""
    for note in st.session_state.pop(_NOTES, []):
        where.info(note, icon=":material/link:")


def _start(spec):
    """The value to create the control with: always its default, so the URL keeps
    any other value, and so an early click can never reset it to its minimum.

    Streamlit's URL binding seeds a valid value itself. A value it would reject
    (out of range, between options, malformed) is read here once per session:
    clamped or snapped into the widget's session state, with a note.
    """
    first = _first_read(spec)
    # Streamlit binds options by their label ("Badly scaled feature"): a key
    # ("badly_scaled"), a clamped or rounded number is set here instead, and
    # written back into the link, so that the binding, the note and the address
    # bar all say the value used (the binding would read "1.5" as 1, and drop a
    # value it rejects from the address bar).
    if first is not None and first[0] != _text(spec, first[1]):
        st.session_state[spec.key] = first[1]
        st.session_state.setdefault(_EXPECTED, {})[spec.key] = first[1]
    # A value the URL binding got wrong on the first run (see `_settle`).
    pending = st.session_state.get(_PENDING, {}).pop(spec.key, None)
    if pending is not None:
        st.session_state[spec.key] = pending
    return spec.default


def _settle(spec, value):
    """After the widget: on a link's first run Streamlit's URL binding seeds the
    widget itself and reads "1.5" as 1, against the note's 2. Such a value is
    corrected on a rerun (`needs_rerun`), where the checked value wins. (The
    address bar keeps the link's text: Streamlit refuses to set a bound
    parameter from code.)"""
    expected = st.session_state.get(_EXPECTED, {}).pop(spec.key, None)
    if expected is not None and value != expected:
        st.session_state.setdefault(_PENDING, {})[spec.key] = expected
    return value


def needs_rerun() -> bool:
    """Whether a link's value must be corrected by one more run (`_settle`)."""
    return bool(st.session_state.get(_PENDING))


def _first_read(spec):
    """Register `spec` as rendered in this run; the first time in a session, also
    return the link's (raw, checked value) for it, or None if the link has none."""
    st.session_state.setdefault(RENDERED, {})[spec.key] = spec
    seen = f"url_read_{spec.key}"
    if seen in st.session_state:
        return None
    st.session_state[seen] = True
    raw = st.query_params.get(spec.key)
    return None if raw is None else (raw, _from_url(spec, raw))


def escape(text: str) -> str:
    """Text from outside (a link's value, a file's column name) shown literally by
    st.markdown: every ASCII punctuation mark backslash-escaped, so no markdown,
    HTML, LaTeX or link can form, and a zero-width space inside "://", "www." and
    "@" so no bare URL turns into a link."""
    text = " ".join(str(text).split())
    text = _AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\u200b" + m.group(1)[-1], text)
    return _MARKDOWN.sub(r"\\\1", text)


def _from_url(spec, raw: str):
    """The URL's value if valid (clamped to the limits), else the default, noting
    any change."""
    try:
        value, changed = spec.parse(raw)
    except (ValueError, OverflowError):
        _note(
            f"The link's value “{_shown(raw)}” for **{spec.label}** is not valid; "
            f"using the default {spec.default}."
        )
        return spec.default
    if changed:
        _note(
            f"The link set **{spec.label}** = “{_shown(raw)}”; using {value} instead."
        )
    return value


def _shown(raw: str, limit: int = 60) -> str:
    """A link's raw value as inert text, cut to `limit` characters."""
    cut = raw if len(raw) <= limit else raw[:limit] + "…"
    return escape(cut)


def _serialize(value) -> str:
    """A value as it appears in a URL."""
    return str(value).lower() if isinstance(value, bool) else f"{value}"


def _note(message: str) -> None:
    st.session_state.setdefault(_NOTES, []).append(message)
