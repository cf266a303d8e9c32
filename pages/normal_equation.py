"""Placeholder."""

from ui import navigation

navigation.start_page("normal_equation", "Coming in this session.")
