"""Placeholder."""

from ui import navigation

navigation.start_page("theory", "Coming in this session.")
