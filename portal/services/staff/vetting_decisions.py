"""Decisions on users: approve, reject, ask for more, suspend and reinstate."""

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import ChangeLog, Role, Status, User, utcnow
from portal.notify.dispatch import tell
from portal.services import audit
from portal.services.accounts import end_all_sessions
from portal.services.errors import DomainError
from portal.services.staff import withdrawal
from portal.services.staff.vetting import missing_items, record_of


def _need_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give a reason."), "reason")
    return reason


def _ranking_changed(user: User) -> None:
    """A ChangeLog row makes every ranking index re-read this assistant."""
    if user.role == Role.ASSISTANT:
        db.session.add(ChangeLog(assistant_id=user.id))


def approve(staff: User, user: User) -> None:
    """Approve a pending user once every required checklist item is done."""
    missing = missing_items(user)
    if missing:
        names = ", ".join(item.label for item in missing)
        raise DomainError(_("Not done yet: %(items)s.", items=names))
    user.status, user.status_reason, user.decided_at = Status.APPROVED, "", utcnow()
    record_of(user).info_requested = ""
    _ranking_changed(user)
    audit.record(staff, "user.approve", subject=user, obj=user, purpose="vetting")
    tell(
        user,
        "vetting.approved",
        lambda: (
            _("Your Avustajatori account is approved"),
            _("Welcome! You can now use every part of Avustajatori."),
        ),
    )


def reject(staff: User, user: User, reason: str) -> None:
    """Reject a pending registration with a reason the user is told."""
    reason = _need_reason(reason)
    user.status, user.status_reason, user.decided_at = Status.REJECTED, reason, utcnow()
    end_all_sessions(user)
    audit.record(staff, "user.reject", subject=user, obj=user, purpose="vetting")
    tell(
        user,
        "vetting.rejected",
        lambda: (
            _("Your Avustajatori registration was not approved"),
            _("Reason: %(reason)s", reason=reason),
        ),
    )


def ask_for_information(staff: User, user: User, question: str) -> None:
    """Ask a pending user for more information; they stay pending."""
    question = _need_reason(question)
    record_of(user).info_requested = question
    audit.record(staff, "vetting.info_requested", subject=user, obj=user, purpose="vetting")
    tell(
        user,
        "vetting.info_requested",
        lambda: (
            _("The HAVU centre needs more information"),
            _("Before we can approve your registration: %(question)s", question=question),
        ),
    )


def suspend(staff: User, user: User, reason: str) -> None:
    """Suspend: sessions end, offers and future bookings end, rankings drop the user."""
    reason = _need_reason(reason)
    if user.status == Status.SUSPENDED:
        raise DomainError(_("The user is already suspended."))
    user.status, user.status_reason, user.decided_at = Status.SUSPENDED, reason, utcnow()
    end_all_sessions(user)
    _ranking_changed(user)
    if user.role == Role.ASSISTANT:
        db.session.flush()  # the rankings of re-opened urgent shifts already leave them out
        withdrawal.withdraw_assistant(staff, user)
    audit.record(staff, "user.suspend", subject=user, obj=user, purpose="safety")
    tell(
        user,
        "account.suspended",
        lambda: (
            _("Your Avustajatori account is suspended"),
            _("Reason: %(reason)s", reason=reason),
        ),
    )


def reinstate(staff: User, user: User, reason: str) -> None:
    """Lift a suspension: the user is approved again and returns to rankings."""
    reason = _need_reason(reason)
    if user.status != Status.SUSPENDED:
        raise DomainError(_("The user is not suspended."))
    user.status, user.status_reason, user.decided_at = Status.APPROVED, reason, utcnow()
    _ranking_changed(user)
    audit.record(staff, "user.reinstate", subject=user, obj=user, purpose="safety")
    tell(
        user,
        "account.reinstated",
        lambda: (
            _("Your Avustajatori account is active again"),
            _("Reason: %(reason)s", reason=reason),
        ),
    )
