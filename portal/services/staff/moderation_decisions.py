"""Carrying out a coordinator's decision on a report, dispute or feedback."""

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AfterShift,
    AssistantProfile,
    Booking,
    ChangeLog,
    ChatMessage,
    ModerationState,
    Offer,
    Rating,
    Report,
    ReportState,
    Shift,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services import audit
from portal.services.errors import ConflictError, DomainError
from portal.services.staff import vetting_decisions
from portal.services.staff.moderation import outcomes_for, target_owner
from portal.services.urgent import shift_events


def _remove_target(report: Report) -> None:
    """Take the reported text out of view."""
    if report.target_type == "profile":
        profile = db.session.get(AssistantProfile, report.target_id)
        if profile is not None:
            profile.moderation = ModerationState.REMOVED
            db.session.add(ChangeLog(assistant_id=profile.user_id))
    elif report.target_type == "shift":
        shift = db.session.get(Shift, report.target_id)
        if shift is not None:
            shift.moderation = ModerationState.REMOVED
            shift_events.shift_withdrawn(shift)
    elif report.target_type == "message":
        offer = db.session.get(Offer, report.target_id)
        if offer is not None:
            offer.message = ""
    elif report.target_type == "chat_message":
        message = db.session.get(ChatMessage, report.target_id)
        if message is not None:
            message.removed_at = utcnow()


def _settle_dispute(report: Report, outcome: str, reason: str) -> None:
    """Remove a no-show or hide a rating; the ranking index re-reads the assistant."""
    if report.target_type == "booking":
        booking = db.session.get(Booking, report.target_id)
        if booking is not None and booking.outcome == AfterShift.DISPUTED:
            booking.outcome = AfterShift.SETTLED
    if outcome == "no_show_removed":
        booking = db.session.get(Booking, report.target_id)
        if report.target_type != "booking" or booking is None:
            raise DomainError(_("This dispute is not about a no-show."), "outcome")
        booking.no_show_removed = True
        db.session.add(ChangeLog(assistant_id=booking.assistant_id))
    elif outcome == "rating_hidden":
        rating = db.session.get(Rating, report.target_id)
        if report.target_type != "rating" or rating is None:
            raise DomainError(_("This dispute is not about a rating."), "outcome")
        rating.hidden, rating.hidden_reason = True, reason
        db.session.add(ChangeLog(assistant_id=rating.ratee_id))


def decide(staff: User, report: Report, outcome: str, reason: str) -> None:
    """Record the outcome and reason, carry it out, and tell the reporter."""
    if report.state != "open":
        raise ConflictError(_("This report has already been handled."))
    if outcome not in outcomes_for(report):
        raise DomainError(_("Choose an outcome."), "outcome")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give a reason."), "reason")
    owner = target_owner(report.target_type, report.target_id)
    if report.kind == "dispute":
        _settle_dispute(report, outcome, reason)
    elif outcome == "removed":
        _remove_target(report)
    elif outcome == "user_suspended" and owner is not None:
        vetting_decisions.suspend(staff, owner, reason)
    elif outcome == "edit_requested" and owner is not None:
        tell(
            owner,
            "moderation.edit_requested",
            lambda: (
                _("Please edit your text on Avustajatori"),
                _("A coordinator asks you to edit it: %(reason)s", reason=reason),
            ),
        )
    report.state, report.outcome, report.decision = ReportState.CLOSED, outcome, reason
    report.handled_by_id, report.handled_at = staff.id, utcnow()
    audit.record(
        staff,
        f"{report.kind}.decided",
        subject=owner,
        obj=report,
        purpose="moderation",
        outcome=outcome,
    )
    reporter = db.session.get(User, report.reporter_id) if report.reporter_id else None
    if reporter is not None:
        label = outcomes_for(report)[outcome]
        tell(
            reporter,
            f"{report.kind}.decided",
            lambda: (
                _("Your report has been handled"),
                _("Outcome: %(outcome)s. %(reason)s", outcome=str(label), reason=reason),
            ),
        )
