"""Placeholder."""

from ui import navigation

navigation.start_page("timing", "Coming in this session.")
