"""Placeholder."""

from ui import navigation

navigation.start_page("ridge", "Coming in this session.")
