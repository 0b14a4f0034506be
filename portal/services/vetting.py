"""Coordinators' decisions on registrations (the minimal foundation version)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import Status, User, utcnow
from portal.notify.email import send_email
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError


def pending_users() -> list[User]:
    """Registrations waiting for a decision, oldest first."""
    return list(
        db.session.scalars(
            select(User).where(User.status == Status.PENDING).order_by(User.created_at, User.id)
        )
    )


def get_pending(user_id: int) -> User:
    """A pending user, or NotFoundError."""
    user = db.session.get(User, user_id)
    if user is None or user.status != Status.PENDING:
        raise NotFoundError(_("No such pending registration."))
    return user


def decide(coordinator: User, user: User, *, approve: bool, reason: str) -> None:
    """Approve or reject a pending user; audited and told to the user by email."""
    if not approve and not reason.strip():
        raise DomainError(_("Give a reason for the rejection."), "reason")
    user.status = Status.APPROVED if approve else Status.REJECTED
    user.status_reason = reason.strip()
    user.decided_at = utcnow()
    audit.record(
        coordinator,
        "user.approve" if approve else "user.reject",
        subject=user,
        obj=user,
        purpose="vetting",
        reason=reason.strip(),
    )
    with force_locale(user.locale):
        if approve:
            subject = _("Your Avustajatori account is approved")
            body = _("Welcome! You can now use every part of Avustajatori.")
        else:
            subject = _("Your Avustajatori registration was not approved")
            body = _("Reason: %(reason)s", reason=reason.strip())
    send_email(user.email, subject, body)
