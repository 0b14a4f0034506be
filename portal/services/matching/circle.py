"""Who an employer already knows: ring, worked-before, excluded and blocked assistants.

Each set is one SELECT, defined once here; `employer_circle` reads all of them in one
round trip (UNION ALL) for the pages that need every set, such as ranked candidates, and
`employers_with` reads the mirror for one assistant ("Shifts for me"). Those two are built
once per process with bound parameters: building the five-part statement cost more CPU
than running it.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    literal,
    select,
    union_all,
)

from portal.extensions import db
from portal.models import Booking, ExcludedAssistant, RingMember, Shift, UserBlock, utcnow

RING, WORKED, EXCLUDED = 1, 2, 3
Id = int | BindParameter[int]
Moment = datetime | BindParameter[datetime]


def _ring(employer_id: Id) -> Select[int]:
    return select(RingMember.assistant_id).where(RingMember.employer_id == employer_id)


def _completed(now: Moment) -> tuple[ColumnElement[bool], ...]:
    """A booking that was worked: not cancelled, not a no-show, over by `now`."""
    return (Booking.cancelled_at.is_(None), Booking.no_show.is_(False), Booking.ends_at <= now)


def _worked(employer_id: Id, now: Moment) -> Select[int]:
    return (
        select(Booking.assistant_id)
        .join(Shift, Shift.id == Booking.shift_id)
        .where(Shift.employer_id == employer_id, *_completed(now))
        .distinct()
    )


def _excluded(employer_id: Id) -> Select[int]:
    return select(ExcludedAssistant.assistant_id).where(
        ExcludedAssistant.employer_id == employer_id
    )


def _blocked(user_id: Id) -> tuple[Select[int], Select[int]]:
    """Whom the user blocked, and who blocked the user."""
    return (
        select(UserBlock.blocked_id).where(UserBlock.blocker_id == user_id),
        select(UserBlock.blocker_id).where(UserBlock.blocked_id == user_id),
    )


def worked_before(employer_id: int, now: datetime | None = None) -> set[int]:
    """Assistants who completed a shift for this employer."""
    return set(db.session.scalars(_worked(employer_id, now or utcnow())))


def ring_of(employer_id: int) -> set[int]:
    """The employer's substitute ring."""
    return set(db.session.scalars(_ring(employer_id)))


def blocked_with(user_id: int) -> set[int]:
    """Users this user blocked or was blocked by: no requests, messages or offers."""
    return set(db.session.scalars(union_all(*_blocked(user_id))))


def excluded_by(employer_id: int) -> set[int]:
    """Assistants the employer excluded, and everyone blocked between them either way."""
    return set(db.session.scalars(union_all(_excluded(employer_id), *_blocked(employer_id))))


@dataclass(frozen=True)
class EmployerCircle:
    """The employer's ring, who worked for them before, and who may not be offered."""

    ring: set[int]
    worked: set[int]
    excluded: set[int]


def _tagged_union(tagged: list[tuple[int, Select[int]]]) -> CompoundSelect[int, int]:
    """Tagged one-column selects as one UNION ALL of (id, tag) rows."""
    return union_all(*(q.add_columns(literal(tag).label("tag")) for tag, q in tagged))


def _by_tag(
    statement: CompoundSelect[int, int], tags: tuple[int, ...], **params: object
) -> dict[int, set[int]]:
    """Run a tagged UNION ALL; ids per tag."""
    found: dict[int, set[int]] = {tag: set() for tag in tags}
    for user_id, tag in db.session.execute(statement, params):
        found[tag].add(user_id)
    return found


@cache
def _mirror_statement() -> CompoundSelect[int, int]:
    assistant_id: BindParameter[int] = bindparam("person_id")
    now: BindParameter[datetime] = bindparam("now")
    return _tagged_union(
        [
            (
                EXCLUDED,
                select(ExcludedAssistant.employer_id).where(
                    ExcludedAssistant.assistant_id == assistant_id
                ),
            ),
            (RING, select(RingMember.employer_id).where(RingMember.assistant_id == assistant_id)),
            (
                WORKED,
                select(Shift.employer_id)
                .join(Booking, Booking.shift_id == Shift.id)
                .where(Booking.assistant_id == assistant_id, *_completed(now))
                .distinct(),
            ),
        ]
    )


@cache
def _circle_statement() -> CompoundSelect[int, int]:
    employer_id: BindParameter[int] = bindparam("person_id")
    now: BindParameter[datetime] = bindparam("now")
    return _tagged_union(
        [
            (RING, _ring(employer_id)),
            (WORKED, _worked(employer_id, now)),
            (EXCLUDED, _excluded(employer_id)),
            *((EXCLUDED, q) for q in _blocked(employer_id)),
        ]
    )


def employers_with(assistant_id: int, now: datetime) -> tuple[set[int], set[int], set[int]]:
    """Employers who excluded, ring or had a completed shift with the assistant (one query)."""
    found = _by_tag(_mirror_statement(), (EXCLUDED, RING, WORKED), person_id=assistant_id, now=now)
    return found[EXCLUDED], found[RING], found[WORKED]


def employer_circle(employer_id: int, now: datetime | None = None) -> EmployerCircle:
    """All three sets of `employer_id` in one query."""
    found = _by_tag(
        _circle_statement(), (RING, WORKED, EXCLUDED), person_id=employer_id, now=now or utcnow()
    )
    return EmployerCircle(found[RING], found[WORKED], found[EXCLUDED])
