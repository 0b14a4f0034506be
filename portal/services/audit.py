"""Append-only audit trail of staff actions and staff reads of personal data."""

import json

from portal.extensions import db
from portal.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    *,
    subject: User | None = None,
    obj: object | None = None,
    purpose: str = "",
    **details,
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
