"""Hooks called when shifts change; the urgent-shift feature starts offer rounds here."""

from portal.models import Shift


def shift_posted(shift: Shift) -> None:
    """Called (flushed, not committed) after an urgent shift is posted. No-op by default."""
