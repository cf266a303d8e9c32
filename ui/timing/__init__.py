"""Running a benchmark from a page (Why it doesn't scale; Which road, when)."""
