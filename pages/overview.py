"""Placeholder."""

from ui import navigation

navigation.start_page("overview", "Coming in this session.")
