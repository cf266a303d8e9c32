"""URL-bound widgets: every setting that shapes a view lives in the page's link.

Each control is declared once (key = URL parameter, limits, default). A value the
URL brings (a shared link, a page link, an edited address) is read, validated and
clamped to the widget's limits, with a visible note when the link asked for
something else, so a hand-edited link never crashes the app nor starts a
ten-minute job. Every run then writes the value in use back into the address bar
(in the link's own words: option keys, not labels), so a reload or a bookmark
reopens the same view.

Streamlit's own ``bind="query-params"`` is not used: it binds options by their
label, drops a value it rejects from the address bar, and reads "1.5" as 1,
while a bound parameter cannot be corrected from code.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

_NOTES = "url_notes"
_WRITTEN = "url_written"  # each parameter as this session last wrote it, by key
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
        # Links carry an option's key; its label (older links) is accepted too.
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
        # A whole-number box is a float box showing no decimals (the value is
        # cast back to int).
        value = where.number_input(
            spec.label,
            min_value=float(spec.min_value),
            max_value=float(spec.max_value),
            value=float(_start(spec)),
            step=float(spec.step),
            format="%.0f" if spec.integer else None,
            key=spec.key,
            help=spec.help,
        )
        return _in_url(spec, spec.cast(value))
    value = where.slider(
        spec.label,
        min_value=spec.cast(spec.min_value),
        max_value=spec.cast(spec.max_value),
        value=spec.cast(_start(spec)),
        step=spec.cast(spec.step),
        key=spec.key,
        help=spec.help,
    )
    return _in_url(spec, value)


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
        **kwargs,
    )
    return _in_url(spec, value)


def toggle(spec: Toggle, where=st) -> bool:
    """Render a URL-bound toggle and return its state."""
    value = where.toggle(
        spec.label,
        value=_start(spec),
        key=spec.key,
        help=spec.help,
    )
    return _in_url(spec, value)


def held(spec):
    """The value of a setting that a chart's own controls change (see `hold`),
    read from the URL like a widget's, and kept in the URL."""
    _start(spec)
    return _in_url(spec, st.session_state.get(spec.key, spec.default))


def from_browser(spec: "Number | Point", value):
    """A value a chart's JavaScript sent for `spec`, as the control holds it.

    Whatever a client put in the JSON arrives here: a number must be a finite
    JSON number (not a bool, string, NaN or Infinity), clamped to the limits; a
    point must be None or two such numbers, each clamped to ±limit.

    Raises
    ------
    ValueError
        For anything else (the caller keeps the previous value).
    """
    if isinstance(spec, Point):
        if value is None:
            return None
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise ValueError(f"{spec.key}: not two numbers")
        clamped = tuple(_finite(v, -spec.limit, spec.limit) for v in value)
        return spec.parse(spec.format(clamped))[0]  # as its link will carry it
    if isinstance(spec, Number):
        return spec.cast(_finite(value, spec.min_value, spec.max_value))
    raise ValueError(f"{spec.key}: not a value a chart sets")


def _finite(value, low: float, high: float) -> float:
    """`value` clamped to [low, high] if it is a finite number, else ValueError.
    Clamped before any conversion: a 400-digit integer is simply `high`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    return float(min(max(value, low), high))


def hold(spec, value) -> None:
    """Set a `held` setting (from a chart's callback) and its URL parameter; a
    value `from_browser` refuses is ignored, the previous one kept."""
    try:
        value = from_browser(spec, value)
    except ValueError:
        return
    st.session_state[spec.key] = value
    _in_url(spec, value)


def _in_url(spec, value):
    """Write the value in use into the address bar (none at the default) and
    return it."""
    text = None if value == spec.default else _text(spec, value)
    written = st.session_state.setdefault(_WRITTEN, {})
    written[spec.key] = text
    if text is None:
        if spec.key in st.query_params:
            del st.query_params[spec.key]
    elif st.query_params.get(spec.key) != text:
        st.query_params[spec.key] = text
    return value


def _text(spec, value) -> str:
    """A setting's value as its URL parameter: an option's key, not its label."""
    if isinstance(spec, Choice) and spec.labels:
        return str(value)
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
    """The value to create the control with: always its default, so that an
    early click can never reset it to its minimum. A value the URL brings is
    checked (`_from_url`) and put in the widget's session state instead."""
    brought = _from_outside(spec)
    if brought is not None:
        st.session_state[spec.key] = brought[1]
    return spec.default


def _from_outside(spec):
    """Register `spec` as rendered in this run and return the URL's (raw, checked
    value) for it when the URL says something this session did not write there
    (a link opened, a page link followed, an address edited; a parameter gone
    means the default); else None."""
    st.session_state.setdefault(RENDERED, {})[spec.key] = spec
    raw = st.query_params.get(spec.key)
    written = st.session_state.setdefault(_WRITTEN, {})
    if written.get(spec.key, None) == raw:
        return None  # as this session left it (or never in the URL)
    written[spec.key] = raw
    if raw is None:  # a link without it: the default
        return None, spec.default
    return raw, _from_url(spec, raw)


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
