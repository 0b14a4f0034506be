"""The change log keeps every worker's candidate index fresh (DESIGN §4).

Any write that changes what the recommender knows about an assistant (profile, skills,
availability, bookings, employments and their days off, ratings, account status) adds a
`change_log` row in the same transaction. A session hook does it for ORM writes, so no
caller can forget; Core writes (bulk updates) call `record` themselves.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import (
    Absence,
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    ChangeLog,
    Employment,
    Rating,
    Role,
    User,
)


def record(session: Session, assistant_ids: Iterable[int | None]) -> None:
    """Add one change-log row per assistant id (flushed with the session)."""
    for assistant_id in sorted({int(a) for a in assistant_ids if a is not None}):
        session.add(ChangeLog(assistant_id=assistant_id))


def _assistant_of(obj: object) -> int | None:
    """Which assistant's ranking data this object belongs to, if any."""
    if isinstance(obj, AssistantProfile):
        return obj.user_id
    if isinstance(obj, AvailabilityWindow | AvailabilityException | Booking):
        profile = getattr(obj, "profile", None)  # a Booking has none
        return obj.assistant_id or (profile.user_id if profile else None)
    if isinstance(obj, Employment):
        return obj.assistant_id
    if isinstance(obj, Absence):
        return obj.employment.assistant_id if obj.employment else None
    if isinstance(obj, Rating):
        return obj.ratee_id
    if isinstance(obj, User) and obj.role == Role.ASSISTANT:
        return obj.id
    return None


def _touched(session: Session) -> set[int]:
    ids: set[int | None] = set()
    for obj in list(session.new) + list(session.deleted):
        ids.add(_assistant_of(obj))
    for obj in session.dirty:
        if isinstance(obj, AssistantProfile) or session.is_modified(obj):
            ids.add(_assistant_of(obj))
    return {i for i in ids if i is not None}


@event.listens_for(Session, "before_flush")
def _log_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Add change-log rows for every assistant touched by this flush."""
    if session.info.get("changelog_off"):
        return
    ids = _touched(session)
    if ids:
        record(session, ids)
