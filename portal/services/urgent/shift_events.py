"""Hooks called when shifts change; the urgent-shift feature starts offer rounds here."""

from datetime import datetime

from portal.models import Shift, ShiftState, utcnow
from portal.services.urgent import rounds


def shift_posted(shift: Shift, now: datetime | None = None) -> None:
    """Called (flushed, not committed) after a shift is posted: urgent ones start a round."""
    if rounds.is_urgent(shift) and shift.state == ShiftState.OPEN:
        rounds.start(shift, now or utcnow())
