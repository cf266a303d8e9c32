"""Text that does not fit: `assert_fits(tab, "ridge, phone")` fails on text,
formulas, tables or chart titles cut by their own box or sticking out of their
column, measured on element boxes (not pixels).

Allowed: a formula that scrolls sideways (ui/accessibility.py makes it
focusable) and a tab list, which Streamlit scrolls by design.
"""

_MISFITS = """() => {
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
    if (e.matches('.katex-display[tabindex]')) continue;
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


def misfits(tab) -> list[str]:
    """What does not fit on the tab, one line each."""
    return tab.evaluate(_MISFITS)


def assert_fits(tab, where: str) -> None:
    """Fail with the list of `misfits`, if there are any."""
    found = misfits(tab)
    assert not found, f"{where}:\n" + "\n".join(found)
