"""Two days before a period's due day, remind whoever still has to act on its hours."""

from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import format_date
from sqlalchemy import update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import EmployerProfile, PeriodSheet, TimesheetState, User
from portal.notify.dispatch import tell
from portal.notify.tokens import public_url
from portal.pay import PayPeriod, PayScheme, pay_period
from portal.services.pay.periods import ensure_sheet, rowcount
from portal.services.pay.schemes import scheme_for
from portal.services.pay.timesheets import Work, timesheets_for, work_items
from portal.timeutil import to_local

AHEAD = timedelta(days=2)
LOOK_BACK = timedelta(days=62)  # longer than any period plus its due delay


def _periods_due(now: datetime) -> dict[tuple[int, PayPeriod], list[Work]]:
    """Booked work whose period is due in two days, by (employer, period)."""
    today = to_local(now).date()
    due = today + AHEAD
    schemes: dict[int, PayScheme] = {}
    found: dict[tuple[int, PayPeriod], list[Work]] = {}
    for work in work_items(today - LOOK_BACK, due):
        if work.employer_id not in schemes:
            schemes[work.employer_id] = scheme_for(
                db.session.get(EmployerProfile, work.employer_id)
            )
        period = pay_period(work.day, schemes[work.employer_id])
        if period.due == due:
            found.setdefault((work.employer_id, period), []).append(work)
    return found


def _claim(sheet: PeriodSheet, now: datetime) -> bool:
    """Mark the sheet reminded; False when another run already did (no double messages)."""
    won = db.session.execute(
        update(PeriodSheet)
        .where(PeriodSheet.id == sheet.id, PeriodSheet.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return rowcount(won) == 1


def _remind(
    user: User | None, period: PayPeriod, employer_id: int, text: Callable[[], str]
) -> None:
    if user is None:
        return
    url = public_url("timesheets.sheet", employer_id=employer_id, day=period.first.isoformat())
    tell(
        user,
        "timesheet_reminder",
        lambda: (
            _(
                "Hours for %(first)s–%(last)s are due",
                first=format_date(period.first, "d.M."),
                last=format_date(period.last, "d.M.yyyy"),
            ),
            text() + "\n" + _("Due: %(due)s", due=format_date(period.due, "d.M.yyyy")) + "\n" + url,
        ),
        url=url,
    )


def remind_due(now: datetime) -> int:
    """Send the reminders for periods due in two days; returns how many people were told."""
    told = 0
    for (employer_id, period), works in _periods_due(now).items():
        if not _claim(ensure_sheet(employer_id, period), now):
            continue
        states = {key: t.state for key, t in timesheets_for(works).items()}
        late = {
            w.assistant_id for w in works if states.get(w.key) in (None, TimesheetState.RETURNED)
        }
        for assistant_id in sorted(late):
            _remind(
                db.session.get(User, assistant_id),
                period,
                employer_id,
                lambda: _("Please record the hours of your shifts in this pay period."),
            )
            told += 1
        if TimesheetState.SUBMITTED in states.values():
            _remind(
                db.session.get(User, employer_id),
                period,
                employer_id,
                lambda: _("Recorded hours are waiting for your approval."),
            )
            told += 1
    return told
