"""The checks every confirmation and hiring runs before it saves."""

from datetime import datetime

from portal.models import Shift, User
from portal.services.positions.decisions import decision_warnings
from portal.services.positions.warnings import RuleWarning, gate
from portal.services.positions.worktime import worktime_warnings

Span = tuple[datetime, datetime]


def work_warnings(
    employer_id: int,
    assistant_id: int,
    spans: list[Span],
    *,
    skip_employment: int | None = None,
    skip_position: int | None = None,
) -> list[RuleWarning]:
    """Decision (booked hours) and Working Hours Act warnings for giving this work."""
    return decision_warnings(
        employer_id, spans, planned=False, assistant_id=assistant_id, skip_position=skip_position
    ) + worktime_warnings(assistant_id, spans, skip_employment)


def check_booking(actor: User | None, shift: Shift, assistant_id: int, acknowledged: bool) -> None:
    """Warn before confirming an assistant for a shift (the system itself is never asked)."""
    if actor is None:
        return
    warnings = work_warnings(shift.employer_id, assistant_id, [(shift.starts_at, shift.ends_at)])
    gate(actor, warnings, acknowledged, "booking", shift)
