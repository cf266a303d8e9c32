"""Formulas are typeset by KaTeX in the browser: laid out, in KaTeX's fonts, and no
raw TeX commands left in the text a reader sees."""

import re

import pytest

from tests.browser.helpers import (
    main_area,
    save_tall_screenshot,
    wait_for_drawing,
    wait_for_page,
)

# Every rendered formula in the main area; those in hidden tab panels or closed
# expanders are skipped (checkVisibility), the caller opens each tab in turn.
_FORMULAS = """() => [...document.querySelectorAll('[data-testid="stMain"] .katex')]
  .filter(k => k.checkVisibility())
  .map(k => { const r = k.querySelector('.katex-html').getBoundingClientRect();
              return [r.width, r.height]; })"""

# The main area's visible text without KaTeX's MathML copy and without code.
_PLAIN_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('.katex-mathml, pre, code').forEach(e => e.remove());
  return main.innerText;
}"""


def _check_formulas(page, where: str) -> int:
    sizes = page.evaluate(_FORMULAS)
    assert all(w > 0 and h > 0 for w, h in sizes), f"{where}: {sizes}"
    errors = main_area(page).locator(".katex-error")
    assert errors.count() == 0, f"{where}: " + " | ".join(errors.all_inner_texts())
    return len(sizes)


@pytest.mark.parametrize("url_path", ["normal_equation", "theory"])
def test_formulas_render(streamlit_server, page, url_path):
    page.goto(f"{streamlit_server}/{url_path}")
    wait_for_page(page)
    main_area(page).locator(".katex").first.wait_for()
    page.evaluate("() => document.fonts.ready")

    shown = _check_formulas(page, url_path)
    tabs = main_area(page).locator('[role="tab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(200)
        shown += _check_formulas(page, f"{url_path}, tab {tabs.nth(i).inner_text()}")
    assert shown > 0, "no visible KaTeX formula"
    wait_for_drawing(page)
    save_tall_screenshot(page, f"katex_{url_path}", height=3000)

    fonts = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('KaTeX'))"
        ".map(f => f.family + ':' + f.status)"
    )
    assert any(f.endswith(":loaded") for f in fonts), fonts
    text = page.evaluate(_PLAIN_TEXT)
    assert "\\top" not in text
    raw = re.findall(r"\\[A-Za-z]{2,}", text)
    assert not raw, f"raw TeX shown on {url_path}: {sorted(set(raw))}"
