"""A suspended or erased assistant leaves their regular positions as well as their shifts.

A running employment ends the day before (its occurrences from today on are gone, as
their future bookings are); a hiring whose first day has not come is undone and the
position takes applications again. Either way the employer is told in their language.
"""

from datetime import date, timedelta

from sqlalchemy import or_, select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    ApplicationState,
    Employment,
    PositionApplication,
    PositionState,
    User,
)
from portal.notify.dispatch import tell
from portal.notify.tokens import public_url
from portal.timeutil import today_local


def leave_positions(staff: User, assistant: User, today: date | None = None) -> int:
    """End or undo the assistant's running and coming employments; returns how many."""
    today = today or today_local()
    jobs = db.session.scalars(
        select(Employment).where(
            Employment.assistant_id == assistant.id,
            or_(Employment.ends_on.is_(None), Employment.ends_on >= today),
        )
    ).all()
    for job in jobs:
        if job.starts_on > today:
            _undo_hiring(job)
        else:
            last = max(job.starts_on, today - timedelta(days=1))
            job.ends_on, job.ended_by_id = last, staff.id
            position = job.position
            position.ends_on = last if position.ends_on is None else min(position.ends_on, last)
            _tell_employer(job, last)
    db.session.flush()
    return len(jobs)


def _undo_hiring(job: Employment) -> None:
    """The employment never started: remove it and open the position for applications."""
    position = job.position
    hired = db.session.scalar(
        select(PositionApplication).where(
            PositionApplication.position_id == position.id,
            PositionApplication.assistant_id == job.assistant_id,
        )
    )
    if hired is not None:
        hired.state = ApplicationState.WITHDRAWN
    position.state = PositionState.OPEN
    db.session.delete(job)
    _tell_employer(job, None)


def _tell_employer(job: Employment, last_day: date | None) -> None:
    """The employer hears what happened to the position (no reason given, as for shifts)."""
    position = job.position
    tell(
        position.employer,
        "employment.withdrawn",
        lambda: (
            _("Your assistant can no longer work: %(title)s", title=position.title),
            _(
                "The assistant hired for %(title)s can no longer work through Avustajatori. "
                "The employment ends; the last day is %(day)s.",
                title=position.title,
                day=last_day.strftime("%d.%m.%Y"),
            )
            if last_day is not None
            else _(
                "The assistant hired for %(title)s can no longer work through Avustajatori. "
                "The hiring is undone and the position takes applications again.",
                title=position.title,
            ),
        ),
        url=public_url("positions.manage", position_id=position.id),
    )
