"""Hooks the shift services call; urgent shifts start an offer round when posted."""

from datetime import datetime

from portal.models import Shift, ShiftState, utcnow


def shift_posted(shift: Shift, now: datetime | None = None) -> None:
    """A shift was posted: an open urgent shift starts its tiered offer round."""
    from portal.services import rounds

    if rounds.is_urgent(shift) and shift.state == ShiftState.OPEN:
        rounds.start(shift, now or utcnow())
