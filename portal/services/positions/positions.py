"""Employers' regular positions: post, look up, close; the recommender's view of one."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    Position,
    PositionState,
    PositionWindow,
    Role,
    Skill,
    Status,
    User,
    utcnow,
)
from portal.services.errors import DomainError, NotFoundError
from portal.services.marketplace.places import resolve_place
from portal.services.positions.decisions import decision_warnings
from portal.services.positions.occurrences import Window, occurrences, weekly_hours
from portal.services.positions.warnings import gate
from portal.timeutil import local_to_utc, today_local

RANK_WEEKS = 4  # a position is ranked over its next four weeks of occurrences
CHECK_WEEKS = 13  # warnings look this far ahead for an ongoing position
MAX_WINDOWS = 21


@dataclass
class PositionDraft:
    """What an employer fills in for a regular position."""

    title: str
    tasks: str
    windows: list[Window]
    starts_on: date
    ends_on: date | None
    place: str
    languages: list[str]
    required: list[str]
    preferred: list[str]
    pay_basis: str
    urgent_round_on_absence: bool = True


def _skills(codes: list[str]) -> list[Skill]:
    if not codes:
        return []
    return list(db.session.scalars(select(Skill).where(Skill.code.in_(codes))))


def _check_windows(windows: list[Window]) -> list[Window]:
    clean = sorted(set(windows))
    if not clean:
        raise DomainError(_("Add at least one weekly time."), "windows")
    if len(clean) > MAX_WINDOWS:
        raise DomainError(_("At most 21 weekly times."), "windows")
    for weekday, start, end in clean:
        if not 0 <= weekday <= 6 or not 0 <= start < 1440 or not 0 < end <= 1440 or start == end:
            raise DomainError(_("Each weekly time needs a start and a different end."), "windows")
    return clean


def post_position(
    employer: User, draft: PositionDraft, *, acknowledged: bool = False, now: datetime | None = None
) -> Position:
    """Post a regular position; warns first when it goes past the decision on file."""
    if employer.role != Role.EMPLOYER or employer.status != Status.APPROVED:
        raise DomainError(_("Only approved employers can post positions."))
    now = now or utcnow()
    windows = _check_windows(draft.windows)
    if draft.starts_on < today_local():
        raise DomainError(_("The position must start today or later."), "starts_on")
    if draft.ends_on is not None and draft.ends_on < draft.starts_on:
        raise DomainError(_("The end date must be on or after the start date."), "ends_on")
    position = Position(
        employer_id=employer.id,
        state=PositionState.OPEN,
        title=draft.title.strip(),
        tasks=draft.tasks.strip(),
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        postcode=resolve_place(draft.place, "place").code,
        languages=" ".join(draft.languages),
        pay_basis=draft.pay_basis.strip(),
        urgent_round_on_absence=draft.urgent_round_on_absence,
        required_skills=_skills(draft.required),
        preferred_skills=_skills(draft.preferred),
        windows=[PositionWindow(weekday=w, start_min=s, end_min=e) for w, s, e in windows],
    )
    spans = coming_occurrences(position, now, weeks=CHECK_WEEKS)
    if not spans:
        raise DomainError(_("The position has no working times between its dates."), "windows")
    warnings = decision_warnings(employer.id, spans, planned=True)
    db.session.add(position)
    db.session.flush()
    gate(employer, warnings, acknowledged, "position", position)
    return position


def windows_of(position: Position) -> list[Window]:
    """The position's weekly pattern as (weekday, start_min, end_min)."""
    return [(w.weekday, w.start_min, w.end_min) for w in position.windows]


def hours_per_week(position: Position) -> float:
    """The position's hours per week."""
    return weekly_hours(windows_of(position))


def coming_occurrences(
    position: Position, now: datetime, weeks: int = RANK_WEEKS, since: date | None = None
) -> list[tuple[datetime, datetime]]:
    """The position's occurrences from now (or a date) for the given number of weeks."""
    start = max(now, local_to_utc(since or position.starts_on, time(0)))
    return occurrences(
        windows_of(position),
        position.starts_on,
        position.ends_on,
        start,
        start + timedelta(weeks=weeks),
    )


def own_position(actor: User, position_id: int) -> Position:
    """One of the employer's own positions (staff may see any), else NotFoundError."""
    position = db.session.get(Position, position_id)
    staff = actor.role in (Role.COORDINATOR, Role.ADMIN)
    if position is None or (position.employer_id != actor.id and not staff):
        raise NotFoundError(_("No such position."))
    return position


def close_position(employer: User, position_id: int, now: datetime | None = None) -> Position:
    """Close an open position without hiring (a filled one is ended through its employment)."""
    position = own_position(employer, position_id)
    if position.state != PositionState.OPEN:
        raise DomainError(_("Only an open position can be closed."))
    position.state, position.closed_at = PositionState.CLOSED, now or utcnow()
    db.session.flush()
    return position


def employer_positions(employer: User) -> list[Position]:
    """The employer's positions, newest first."""
    return list(
        db.session.scalars(
            select(Position)
            .where(Position.employer_id == employer.id)
            .order_by(Position.created_at.desc(), Position.id.desc())
        )
    )


def position_for_assistant(assistant: User, position_id: int) -> Position:
    """An open position of an approved employer, else NotFoundError."""
    position = db.session.get(Position, position_id)
    if (
        position is None
        or position.state != PositionState.OPEN
        or position.employer.status != Status.APPROVED
    ):
        raise NotFoundError(_("No such position."))
    return position
