"""Regular positions, employments and their occurrences, decisions and the relatives rule."""
