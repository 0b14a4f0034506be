"""A day off in one step: the occurrence is freed and posted as a substitute shift."""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    Absence,
    AbsenceReason,
    Employment,
    Position,
    Shift,
    ShiftKind,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.marketplace import shifts
from portal.services.positions import occurrences
from portal.services.positions.employments import employment_for
from portal.services.positions.positions import windows_of
from portal.timeutil import to_local


def upcoming(
    employment: Employment, now: datetime, weeks: int = 4
) -> list[tuple[datetime, datetime, Absence | None]]:
    """The employment's coming occurrences with their absence (None when worked)."""
    since = now
    until = now + timedelta(weeks=weeks)
    spans = occurrences.occurrences(
        windows_of(employment.position), employment.starts_on, employment.ends_on, since, until
    )
    off = {a.starts_at: a for a in employment.absences}
    return [(s, e, off.get(s)) for s, e in spans if s > now]


def report_absence(
    actor: User,
    employment_id: int,
    starts_at: datetime,
    reason: AbsenceReason,
    now: datetime | None = None,
) -> Absence:
    """One occurrence off in one step: the time is freed and a substitute shift is posted."""
    now = now or utcnow()
    employment = employment_for(actor, employment_id)
    match = [
        (s, e)
        for s, e in occurrences.occurrences(
            windows_of(employment.position),
            employment.starts_on,
            employment.ends_on,
            starts_at - timedelta(minutes=1),
            starts_at + timedelta(minutes=1),
        )
        if s == starts_at
    ]
    if not match:
        raise NotFoundError(_("No such working time."))
    if starts_at <= now:
        raise DomainError(_("This working time has already started."))
    absence = Absence(
        employment=employment,
        starts_at=starts_at,
        ends_at=match[0][1],
        reason=reason,
        reported_by_id=actor.id,
        reported_at=now,
    )
    db.session.add(absence)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise ConflictError(_("This day off was already reported.")) from error
    absence.shift_id = _substitute_shift(employment, absence, now).id
    db.session.flush()
    _tell_absence(actor, employment, absence)
    return absence


def _substitute_shift(employment: Employment, absence: Absence, now: datetime) -> Shift:
    """Post the freed occurrence as an urgent substitute shift of the employer."""
    position: Position = employment.position
    local_start, local_end = to_local(absence.starts_at), to_local(absence.ends_at)
    draft = shifts.ShiftDraft(
        kind=ShiftKind.URGENT,
        title=_("Substitute: %(title)s", title=position.title)[:120],
        description=position.tasks,
        day=local_start.date(),
        start=local_start.time(),
        end=local_end.time(),
        place=position.postcode,
        languages=position.languages.split(),
        required=[s.code for s in position.required_skills],
        preferred=[s.code for s in position.preferred_skills],
        weekdays=[],
    )
    employer = db.session.get(User, employment.employer_id)
    if employer is None:
        raise NotFoundError(_("No such employment."))
    start_round = position.urgent_round_on_absence
    return shifts.post_shift(employer, draft, now, start_round=start_round, check=False)


def _tell_absence(actor: User, employment: Employment, absence: Absence) -> None:
    """The other side hears of the day off."""
    position = employment.position
    other = employment.assistant if actor.id != employment.assistant_id else position.employer
    when = to_local(absence.starts_at).strftime("%d.%m.%Y %H:%M")
    tell(
        other,
        "absence",
        lambda: (
            _("Day off: %(title)s %(when)s", title=position.title, when=when),
            _(
                "The working time %(when)s of %(title)s is off; a substitute is being looked for.",
                when=when,
                title=position.title,
            ),
        ),
        url=f"/tehtavat/tyosuhteet/{employment.id}",
    )
