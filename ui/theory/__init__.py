"""The Derivations page's words and formulas."""
