"""What waits for a coordinator: vetting, reports, unfilled urgent shifts."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Report, ReportState, Shift, ShiftKind, ShiftState, Status, User, utcnow

URGENT_HORIZON = timedelta(hours=48)


@dataclass
class CoordinatorNext:
    """Counts for the coordinator's home page and the most pressing urgent shifts."""

    pending_users: int = 0
    open_reports: int = 0
    unfilled_urgent: list[Shift] = field(default_factory=list)


def coordinator_next(now: datetime | None = None) -> CoordinatorNext:
    """Registrations waiting, open reports, and open urgent shifts starting within 48 h."""
    now = now or utcnow()
    pending = db.session.scalar(select(func.count()).where(User.status == Status.PENDING))
    reports = db.session.scalar(select(func.count()).where(Report.state == ReportState.OPEN))
    urgent = list(
        db.session.scalars(
            select(Shift)
            .where(
                Shift.kind == ShiftKind.URGENT,
                Shift.state == ShiftState.OPEN,
                Shift.starts_at > now,
                Shift.starts_at < now + URGENT_HORIZON,
            )
            .order_by(Shift.starts_at)
            .limit(10)
        )
    )
    return CoordinatorNext(
        pending_users=pending or 0, open_reports=reports or 0, unfilled_urgent=urgent
    )
