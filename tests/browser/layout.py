"""Text that does not fit: `assert_fits(tab, "ridge, phone")` fails on text,
formulas, tables or chart titles cut by their own box or sticking out of their
column, measured on element boxes (not pixels).

Allowed: a tab list, which Streamlit scrolls by design, and on a phone a formula
that scrolls sideways (ui/accessibility.py makes it focusable): on a laptop or a
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
    const style = getComputedStyle(e);
    const clips = ['hidden', 'clip'].includes(style.overflowX)
      || style.textOverflow === 'ellipsis';
    if (clips && e.scrollWidth > e.clientWidth + 1) found.push('cut: ' + describe(e));
    const column = e.closest(
      '[data-testid="stColumn"], [data-testid="stVerticalBlock"]') || main;
    const room = column.getBoundingClientRect();
    const out = Math.max(box.right - room.right, room.left - box.left);
    if (out > 2) found.push(`${Math.round(out)} px out: ` + describe(e));
  }
  return found;
}"""


def misfits(tab, *, scrolling_formulas: bool = False) -> list[str]:
    """What does not fit on the tab, one line each; with `scrolling_formulas`, a
    formula wider than its column may scroll."""
    return tab.evaluate(_MISFITS, scrolling_formulas)


def assert_fits(tab, where: str, *, scrolling_formulas: bool = False) -> None:
    """Fail with the list of `misfits`, if there are any."""
    found = misfits(tab, scrolling_formulas=scrolling_formulas)
    assert not found, f"{where}:\n" + "\n".join(found)
