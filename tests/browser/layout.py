"""What does not fit: `assert_fits(tab, "ridge, phone")` fails on text,
formulas, tables or chart titles cut by their own box or sticking out of their
column, and on controls a student cannot use: a slider, number or text box
narrower than 100 px, or any control (button, input, select) reaching outside
the window, measured on element boxes (not pixels), inside the charts' shadow
roots too. A control drawn 0 px wide has no text to overflow: it is caught by
its width.

Allowed: a tab list, which Streamlit scrolls by design, and on a phone a formula
that scrolls sideways (ui/frame/accessibility.py makes it focusable): on a laptop or a
projector a formula must fit.
"""

_MISFITS = """scrolling => {
  const main = document.querySelector('[data-testid="stMain"]');
  const describe = e => ((e.dataset && e.dataset.testid)
      || (e.getAttribute('class') || '').split(' ')[0] || e.tagName)
    + ': ' + (e.innerText || e.textContent || '').trim().slice(0, 60);
  const selector = ['p', 'li', 'h1', 'h2', 'h3', '.katex-display',
    '[data-testid="stMetricLabel"]', '[data-testid="stMetricValue"]',
    '[data-testid="stCaptionContainer"]', '[data-testid="stTable"]',
    '[data-testid="stWidgetLabel"]', '.gtitle', '.xtitle', '.ytitle'].join(',');
  const found = [];
  for (const e of main.querySelectorAll(selector)) {
    if (!e.checkVisibility() || e.closest('[role="tablist"]')) continue;
    if (e.matches('.katex-display')) {
      // (a matrix's brackets overhang their box by a pixel or two)
      if (!scrolling && e.scrollWidth > e.clientWidth + 4)
        found.push('scrolls: ' + describe(e));
      continue;
    }
    const box = e.getBoundingClientRect();
    if (box.width === 0) continue;
    // Cut by its own box or by one of its two nearest ancestors (a page link's
    // label is clipped by the span around it, not by its paragraph).
    const clipper = [e, e.parentElement, e.parentElement?.parentElement]
      .find(x => { if (!x) return false; const s = getComputedStyle(x);
        return ['hidden', 'clip'].includes(s.overflowX)
          || s.textOverflow === 'ellipsis'; });
    if (clipper && e.scrollWidth > clipper.clientWidth + 1)
      found.push('cut: ' + describe(e));
    const column = e.closest(
      '[data-testid="stColumn"], [data-testid="stVerticalBlock"]') || main;
    const room = column.getBoundingClientRect();
    const out = Math.max(box.right - room.right, room.left - box.left);
    if (out > 2) found.push(`${Math.round(out)} px out: ` + describe(e));
  }
  return found;
}"""


_NARROW_CONTROLS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const all = [];
  const walk = root => {
    for (const e of root.querySelectorAll('*')) {
      all.push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(main);
  const found = [];
  const width = document.documentElement.clientWidth;
  const name = e => (e.getAttribute('aria-label') || e.innerText || e.value
    || e.tagName).toString().trim().slice(0, 40);
  for (const e of all) {
    if (!e.matches('button, input, select, textarea, [role="slider"], '
      + '[data-testid="stSlider"]')) continue;
    if (e.matches('input[type="hidden"], input[type="file"]')) continue;
    // (a Streamlit slider's thumb holds a 1 px input, clipped by design)
    if (e.matches('input') && e.closest('[data-testid="stSlider"]')) continue;
    if (!e.checkVisibility({ visibilityProperty: true })) continue;
    if (e.closest('[role="tablist"]')) continue;
    const box = e.getBoundingClientRect();
    const wide = e.matches('input[type="range"], input[type="number"], '
      + 'input[type="text"], textarea, [data-testid="stSlider"]');
    if (wide && box.width < 100)
      found.push(`${Math.round(box.width)} px wide: ${e.tagName} ${name(e)}`);
    else if (box.width < 1 || box.height < 1)
      found.push(`not drawn: ${e.tagName} ${name(e)}`);
    if (box.right > width + 1 || box.left < -1)
      found.push(`outside the window (x ${Math.round(box.left)}…`
        + `${Math.round(box.right)} of ${width}): ${e.tagName} ${name(e)}`);
  }
  return found;
}"""


def misfits(tab, *, scrolling_formulas: bool = False) -> list[str]:
    """What does not fit on the tab, one line each; with `scrolling_formulas`, a
    formula wider than its column may scroll."""
    return tab.evaluate(_MISFITS, scrolling_formulas) + tab.evaluate(_NARROW_CONTROLS)


def assert_fits(tab, where: str, *, scrolling_formulas: bool = False) -> None:
    """Fail with the list of `misfits`, if there are any."""
    found = misfits(tab, scrolling_formulas=scrolling_formulas)
    assert not found, f"{where}:\n" + "\n".join(found)
