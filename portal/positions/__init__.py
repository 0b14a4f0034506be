"""Regular positions, employments, days off, decisions and relative declarations (issue 11)."""
