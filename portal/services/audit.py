"""Append-only audit trail of staff actions and staff reads of personal data."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.csv_excel import excel_csv
from portal.extensions import db
from portal.models import AuditEvent, Role, User

STAFF_ROLES = (Role.COORDINATOR, Role.ADMIN)


def record(
    actor: User | None,
    action: str,
    *,
    subject: User | None = None,
    obj: object | None = None,
    purpose: str = "",
    **details: Any,
) -> AuditEvent:
    """Write one audit event in the current transaction (flushed, not committed)."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        subject_user_id=subject.id if subject else None,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        purpose=purpose,
        details=json.dumps(details, ensure_ascii=False, default=str) if details else "",
    )
    db.session.add(event)
    db.session.flush()
    return event


PURPOSES = {
    "vetting": _l("Vetting a registration"),
    "moderation": _l("Handling a report or dispute"),
    "placement": _l("Placing an assistant in a shift"),
    "user_request": _l("The user's own request"),
    "erasure": _l("Carrying out an erasure request"),
    "safety": _l("Safety concern"),
    "other": _l("Other (explain)"),
}


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page filters on; None means any."""

    actor_id: int | None = None
    subject_user_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(criteria: AuditFilter, limit: int | None = 500) -> list[AuditEvent]:
    """Audit events matching the filter, newest first."""
    query = select(AuditEvent)
    if criteria.actor_id:
        query = query.where(AuditEvent.actor_id == criteria.actor_id)
    if criteria.subject_user_id:
        query = query.where(AuditEvent.subject_user_id == criteria.subject_user_id)
    if criteria.action:
        query = query.where(AuditEvent.action == criteria.action)
    if criteria.since:
        query = query.where(AuditEvent.at >= criteria.since)
    if criteria.until:
        query = query.where(AuditEvent.at < criteria.until)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def actions() -> list[str]:
    """Every action name seen in the trail, for the filter."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by("action")))


def staff_users() -> list[User]:
    """Coordinators and admins, for the actor filter."""
    return list(
        db.session.scalars(
            select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.last_name, User.id)
        )
    )


def to_csv(events: list[AuditEvent]) -> bytes:
    """The events as Finnish-Excel CSV (Helsinki time to the second, ids of actor and subject)."""
    header = [
        "id",
        "at",
        "actor_id",
        "action",
        "subject_user_id",
        "object_type",
        "object_id",
        "purpose",
        "details",
    ]
    rows = (
        [
            e.id,
            e.at,
            e.actor_id,
            e.action,
            e.subject_user_id,
            e.object_type,
            e.object_id,
            e.purpose,
            e.details,
        ]
        for e in events
    )
    return excel_csv(header, rows, seconds=True)


def looks_at(user: User) -> list[AuditEvent]:
    """Staff events about this user, for their own page (the page hides staff names)."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_user_id == user.id, AuditEvent.actor_id != user.id)
            .order_by(AuditEvent.at.desc())
        )
    )


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Append-only: an audit event can be added but never changed or deleted."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditImmutableError("audit events are append-only")


class AuditImmutableError(RuntimeError):
    """Someone tried to change or delete an audit event."""
