"""The axe-core accessibility audit (WCAG 2.0-2.2, levels A and AA) of the page
open in a tab, in light and dark: `assert_accessible(tab, "ridge", "dark")`.
The dark pass runs the rules a theme can change (colours) outside the formulas;
the page's structure is the same in both."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import wait_for_layout

# Every WCAG A and AA rule axe has; best practices and AAA are not asked for.
_RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
# The WCAG A/AA rules that read colours, the only thing the theme changes.
_COLOURS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}
_BLOCKING = ("serious", "critical")
_axe = Axe()

# Streamlit follows the system's colour scheme: the body's background tells
# which theme is drawn.
_DARK_DRAWN = """() => {
  const [r, g, b] = getComputedStyle(document.querySelector('.stApp'))
    .backgroundColor.match(/\\d+/g).map(Number);
  return r + g + b < 200;
}"""


# Formulas are drawn in the text's own colour (no formula sets one:
# tests/test_content.py), so the dark pass reads the text around them and skips
# KaTeX's thousands of spans, most of its time on the derivations page.
_NOT_FORMULAS = {"exclude": [[".katex"]]}


def violations(tab, rules: dict = _RULES, context: dict | None = None) -> list[str]:
    """The serious and critical violations on the tab, one line each."""
    found = _axe.run(tab, context=context, options=rules).response["violations"]
    return [
        f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: "
        f"{v['nodes'][0]['html'][:120]} | {v['help']}"
        for v in found
        if v["impact"] in _BLOCKING
    ]


def use_scheme(tab, scheme: str) -> None:
    """Switch the tab to the "light" or "dark" colour scheme (no reload) and wait
    until Streamlit has drawn it."""
    tab.emulate_media(color_scheme=scheme)
    tab.wait_for_function(
        _DARK_DRAWN if scheme == "dark" else f"() => !({_DARK_DRAWN})()"
    )
    wait_for_layout(tab)  # the new colours' transitions have ended


def assert_accessible(tab, where: str, scheme: str) -> None:
    """Switch the tab to `scheme` and audit it: in "light" every WCAG A/AA rule,
    in "dark" those of colour. No serious or critical violation; the tab is
    left in `scheme`."""
    use_scheme(tab, scheme)
    if scheme == "light":
        found = violations(tab)
    else:
        found = violations(tab, _COLOURS, _NOT_FORMULAS)
    assert not found, f"{where}, {scheme}:\n" + "\n".join(found)


def assert_dark_pass_sees_contrast(tab) -> None:
    """The dark pass is not blind: a dark grey paragraph added to the page in the
    dark theme is reported (and removed again)."""
    use_scheme(tab, "dark")
    try:
        tab.evaluate(
            """() => { const p = document.createElement('p');
              p.id = 'audit-probe'; p.textContent = 'Dark grey on dark';
              p.style.color = '#333333';
              document.querySelector('[data-testid="stMain"]').prepend(p); }"""
        )
        found = violations(tab, _COLOURS)
        assert any(line.startswith("color-contrast") for line in found), found
    finally:
        tab.evaluate("() => document.getElementById('audit-probe')?.remove()")
