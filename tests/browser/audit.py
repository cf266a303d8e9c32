"""The axe-core accessibility audit (WCAG 2.0-2.2, levels A and AA) of the page
open in a tab, in light and dark: `assert_accessible(tab, "ridge")`."""

from axe_playwright_python.sync_playwright import Axe

# Every WCAG A and AA rule axe has; best practices and AAA are not asked for.
_RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
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


def violations(tab) -> list[str]:
    """The serious and critical violations on the tab, one line each."""
    found = _axe.run(tab, options=_RULES).response["violations"]
    return [
        f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: "
        f"{v['nodes'][0]['html'][:120]} | {v['help']}"
        for v in found
        if v["impact"] in _BLOCKING
    ]


def assert_accessible(tab, where: str) -> None:
    """No serious or critical WCAG A/AA violation on the tab, in the light theme
    and then in the dark one (switched by the colour scheme, no reload); the tab
    is left in the light theme."""
    try:
        for scheme in ("light", "dark"):
            tab.emulate_media(color_scheme=scheme)
            tab.wait_for_function(
                _DARK_DRAWN if scheme == "dark" else f"() => !({_DARK_DRAWN})()"
            )
            tab.wait_for_timeout(300)  # transitions of the new colours end
            found = violations(tab)
            assert not found, f"{where}, {scheme}:\n" + "\n".join(found)
    finally:
        tab.emulate_media(color_scheme="light")
