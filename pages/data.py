"""Placeholder."""

from ui import navigation

navigation.start_page("data", "Coming in this session.")
