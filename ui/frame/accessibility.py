"""What the frame adds to every page so that it passes WCAG 2.2 AA where
Streamlit's defaults do not (the axe-core audit in tests/browser/test_audit.py).

- Captions: Streamlit draws them in a faded text colour, 3.9:1 on white and
  4.3:1 on the dark background, under the 4.5:1 that small text needs; the
  text colour at 80 % opacity passes in both themes.
- Slider values: drawn in the primary red, 3.5:1 on the dark background; they
  take the text colour instead. (A lighter red would fail under the white
  label of a primary button: no red passes both.)
- The current page's link in the sidebar is already highlighted, so focus
  did not change how it looks: every page link gets a focus ring.
- A formula wider than its column scrolls sideways; a keyboard user must be
  able to reach it to scroll it, so such a formula becomes focusable (with a
  name and a visible focus ring), and stops being so once it fits again.
"""

import streamlit as st

_HTML = """
<style>
div[data-testid="stCaptionContainer"] { color: inherit !important; opacity: 0.8; }
div[data-testid="stSliderThumbValue"] { color: inherit !important; }
/* a formula wider than its column (a phone) shows that it scrolls sideways */
.katex-display[role="region"] {
  box-shadow: inset -14px 0 12px -12px rgba(127, 127, 127, 0.9);
  border-right: 2px dotted rgba(127, 127, 127, 0.7);
}
.katex-display[tabindex]:focus-visible,
a[data-testid="stPageLink-NavLink"]:focus-visible {
  outline: 2px solid currentColor; outline-offset: 2px;
}
</style>
<script>
(() => {
  if (window.lessonScrollRegions) { window.lessonScrollRegions(); return; }
  let queued = false;
  const mark = () => {
    queued = false;
    for (const formula of document.querySelectorAll(".katex-display")) {
      const wide = formula.scrollWidth > formula.clientWidth + 1;
      if (wide && !formula.hasAttribute("tabindex")) {
        formula.tabIndex = 0;
        formula.setAttribute("role", "region");
        formula.setAttribute("aria-label", "Formula, scrolls sideways");
      } else if (!wide && formula.getAttribute("role") === "region") {
        formula.removeAttribute("tabindex");
        formula.removeAttribute("role");
        formula.removeAttribute("aria-label");
      }
    }
  };
  const soon = () => {
    if (!queued) { queued = true; requestAnimationFrame(mark); }
  };
  window.lessonScrollRegions = soon;
  new MutationObserver(soon).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("resize", soon);
  document.fonts.ready.then(soon);
  soon();
})();
</script>
"""


def apply() -> None:
    """Add the styles and the script above to the page (drawn by the frame)."""
    st.html(_HTML, unsafe_allow_javascript=True)
