"""Moderation: pre/post settings, reports, disputes and accessibility feedback."""

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    Booking,
    ChangeLog,
    ChatMessage,
    ContactRequest,
    ModerationSetting,
    ModerationState,
    Offer,
    Rating,
    Report,
    Role,
    Shift,
    User,
    utcnow,
)
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError
from portal.services.urgent import shift_events

CONTENT_TYPES = {"announcement": _l("Assistants' announcements"), "shift": _l("Shift texts")}
# Post-moderation by default: every user is vetted before posting, and a substitute shift
# needed in two hours must not wait for a coordinator to wake up.
DEFAULT_MODE = "post"
REPORT_TARGETS = ("profile", "shift", "message", "chat_message")
REPORT_OUTCOMES = {
    "no_action": _l("No action"),
    "edit_requested": _l("Edit requested"),
    "removed": _l("Removed"),
    "user_suspended": _l("User suspended"),
}
DISPUTE_OUTCOMES = {
    "no_action": _l("No change"),
    "no_show_removed": _l("No-show removed"),
    "rating_hidden": _l("Rating hidden"),
}
ACCESSIBILITY_OUTCOMES = {"answered": _l("Answered")}
ALL_OUTCOMES = {**REPORT_OUTCOMES, **DISPUTE_OUTCOMES, **ACCESSIBILITY_OUTCOMES}
ANSWER_DAYS = 14  # the law on digital services: accessibility feedback answered in 14 days


def mode_for(content_type: str) -> str:
    """'pre' or 'post' for a content type."""
    setting = db.session.get(ModerationSetting, content_type)
    return setting.mode if setting else DEFAULT_MODE


def initial_state(content_type: str) -> ModerationState:
    """The moderation state a new text starts in: pending under pre-moderation."""
    if mode_for(content_type) == "pre":
        return ModerationState.PENDING
    return ModerationState.APPROVED


def state_after_edit(content_type: str, current: str | None) -> ModerationState:
    """The state of a saved text: a removed one waits for a coordinator even under post."""
    if current == ModerationState.REMOVED:
        return ModerationState.PENDING
    return initial_state(content_type)


def set_modes(staff: User, modes: dict[str, str]) -> None:
    """Store the moderation mode of each content type."""
    for content_type, mode in modes.items():
        if content_type not in CONTENT_TYPES or mode not in ("pre", "post"):
            raise DomainError(_("Unknown moderation setting."))
        setting = db.session.get(ModerationSetting, content_type)
        if setting is None:
            setting = ModerationSetting(content_type=content_type)
            db.session.add(setting)
        setting.mode, setting.updated_by_id = mode, staff.id
    db.session.flush()
    # the keys were checked against CONTENT_TYPES above: none is one of record's parameters
    audit.record(staff, "moderation.settings_changed", **modes)  # type: ignore[arg-type]


def pending_content() -> tuple[list[AssistantProfile], list[Shift]]:
    """Announcements and shifts waiting for pre-moderation."""
    profiles = db.session.scalars(
        select(AssistantProfile)
        .where(AssistantProfile.moderation == ModerationState.PENDING)
        .order_by(AssistantProfile.updated_at)
    )
    shifts = db.session.scalars(
        select(Shift).where(Shift.moderation == "pending").order_by(Shift.created_at)
    )
    return list(profiles), list(shifts)


def moderate_content(staff: User, content_type: str, object_id: int, approve: bool) -> None:
    """Approve or remove a pre-moderated announcement or shift text."""
    item: AssistantProfile | Shift | None
    owner_id: int | None
    if content_type == "announcement":
        item = db.session.get(AssistantProfile, object_id)
        owner_id = object_id
    else:
        item = db.session.get(Shift, object_id)
        owner_id = item.employer_id if item else None
    if item is None:
        raise NotFoundError(_("No such text."))
    state = ModerationState.APPROVED if approve else ModerationState.REMOVED
    item.moderation = state
    if isinstance(item, AssistantProfile):
        db.session.add(ChangeLog(assistant_id=object_id))
    elif approve:
        db.session.flush()
        shift_events.shift_posted(item)  # a held urgent shift starts its round now
    else:
        shift_events.shift_withdrawn(item)
    audit.record(
        staff,
        f"moderation.{content_type}_{state.value}",
        subject=db.session.get(User, owner_id),
        obj=item if content_type == "shift" else None,
    )


def target_owner(target_type: str, target_id: int | None) -> User | None:
    """The user whose profile, shift, message, booking or rating a report is about."""
    if target_id is None:
        return None
    if target_type == "profile":
        user = db.session.get(User, target_id)
        return user if user and user.role in (Role.ASSISTANT, Role.EMPLOYER) else None
    model = {
        "shift": Shift,
        "message": Offer,
        "chat_message": ChatMessage,
        "booking": Booking,
        "rating": Rating,
    }.get(target_type)
    # one of five models; the map below picks its owner column
    item: Any = db.session.get(model, target_id) if model else None
    if item is None:
        return None
    owner_id = {
        "shift": lambda: item.employer_id,
        "message": lambda: item.assistant_id,
        "chat_message": lambda: item.sender_id,
        "booking": lambda: item.assistant_id,
        "rating": lambda: item.rater_id,
    }[target_type]()
    return db.session.get(User, owner_id)


def may_report(reporter: User, target_type: str, target_id: int) -> bool:
    """The target exists, and a conversation message only by the other party to it."""
    if target_owner(target_type, target_id) is None:
        return False
    if target_type != "chat_message":
        return True
    message = db.session.get(ChatMessage, target_id)
    thread = db.session.get(ContactRequest, message.request_id) if message else None
    if message is None or thread is None:
        return False
    parties = (thread.employer_id, thread.assistant_id)
    return reporter.id in parties and reporter.id != message.sender_id


def reported_text(report: Report) -> str:
    """The text of a reported conversation message, for the coordinator deciding on it."""
    if report.target_type != "chat_message":
        return ""
    message = db.session.get(ChatMessage, report.target_id)
    return message.body if message is not None else ""


def create_report(reporter: User, target_type: str, target_id: int, reason: str) -> Report:
    """A user reports a profile, shift or message; it lands in the coordinators' queue."""
    if target_type not in REPORT_TARGETS or not may_report(reporter, target_type, target_id):
        raise NotFoundError(_("There is nothing to report here."))
    report = Report(
        kind="report",
        reporter_id=reporter.id,
        target_type=target_type,
        target_id=target_id,
        reason=reason.strip(),
    )
    db.session.add(report)
    db.session.flush()
    return report


def create_accessibility_feedback(sender: User | None, message: str, contact: str) -> Report:
    """Accessibility feedback from anyone; an answer is due in 14 days."""
    now = utcnow()
    report = Report(
        kind="accessibility",
        reporter_id=sender.id if sender else None,
        reason=message.strip(),
        contact=contact.strip(),
        created_at=now,
        due_at=now + timedelta(days=ANSWER_DAYS),
    )
    db.session.add(report)
    db.session.flush()
    return report


def queue(state: str = "open") -> list[Report]:
    """Reports, disputes and feedback; open ones by due date then age."""
    query = select(Report).where(Report.state == state)
    if state == "open":
        query = query.order_by(Report.due_at.is_(None), Report.due_at, Report.created_at)
    else:
        query = query.order_by(Report.handled_at.desc()).limit(200)
    return list(db.session.scalars(query))


def get_report(report_id: int) -> Report:
    """One report, or NotFoundError."""
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFoundError(_("No such report."))
    return report


def outcomes_for(report: Report) -> dict[str, Any]:
    """The outcomes a coordinator may choose for this kind of report."""
    if report.kind == "dispute":
        return DISPUTE_OUTCOMES
    if report.kind == "accessibility":
        return ACCESSIBILITY_OUTCOMES
    owner = target_owner(report.target_type, report.target_id)
    possible = dict(REPORT_OUTCOMES)
    if owner is None:  # the target is gone: only a decision without an action
        return {"no_action": possible["no_action"]}
    if report.target_type == "profile" and owner.role != Role.ASSISTANT:
        possible.pop("removed")  # an employer's profile has no public text to take down
    return possible


def reporter_of(report: Report) -> User | None:
    """Who sent a report (staff only; never shown to the reported person)."""
    return db.session.get(User, report.reporter_id) if report.reporter_id else None
