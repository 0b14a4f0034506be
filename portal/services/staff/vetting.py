"""Vetting: the pending queue, the checklist per user, decisions, suspension."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    EmployerProfile,
    IdentityMethod,
    Role,
    Status,
    User,
    VettingRecord,
    VettingReference,
    utcnow,
)
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError

# Which checklist items must be done before approval, per role. Assistants work alone in
# the homes of severely disabled people, so the centre checks more of them; employers are
# identified and bound by the agreement (DESIGN §1), the rest is optional for them.
REQUIRED_ITEMS = {
    Role.ASSISTANT: ("identity", "agreement", "references", "criminal_record", "interview"),
    Role.EMPLOYER: ("identity", "agreement"),
}
ITEM_LABELS = {
    "identity": _l("Identity seen"),
    "agreement": _l("User agreement accepted"),
    "references": _l("At least one reference contacted"),
    "criminal_record": _l("Criminal record extract seen"),
    "interview": _l("Interview held (notes written)"),
    "training": _l("Training"),
}


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist: done or not, required or not."""

    key: str
    label: str
    done: bool
    required: bool


def pending_users() -> list[User]:
    """Registrations waiting for a decision, oldest first."""
    return list(
        db.session.scalars(
            select(User).where(User.status == Status.PENDING).order_by(User.created_at, User.id)
        )
    )


def get_user(user_id: int) -> User:
    """Any assistant or employer by id, or NotFoundError."""
    user = db.session.get(User, user_id)
    if user is None or user.role not in (Role.ASSISTANT, Role.EMPLOYER):
        raise NotFoundError(_("No such user."))
    return user


def get_pending(user_id: int) -> User:
    """A pending user, or NotFoundError."""
    user = get_user(user_id)
    if user.status != Status.PENDING:
        raise NotFoundError(_("No such pending registration."))
    return user


def record_of(user: User) -> VettingRecord:
    """The user's vetting record, created empty on first use."""
    if user.vetting is None:
        user.vetting = VettingRecord(user_id=user.id)
        db.session.add(user.vetting)
        db.session.flush()
    return user.vetting


def profile_of(user: User) -> AssistantProfile | EmployerProfile | None:
    """What the user wrote about themselves: an assistant's announcement or an employer profile."""
    if user.role == Role.ASSISTANT:
        return db.session.get(AssistantProfile, user.id)
    if user.role == Role.EMPLOYER:
        return db.session.get(EmployerProfile, user.id)
    return None


def checklist(user: User) -> list[ChecklistItem]:
    """The checklist with what is done and what is required for this user's role."""
    record = user.vetting or VettingRecord()
    done = {
        "identity": bool(record.identity_method and record.identity_seen_at),
        "agreement": bool(user.agreement_version and user.agreement_accepted_at),
        "references": any(ref.contacted_on for ref in record.references),
        "criminal_record": record.criminal_record_seen_on is not None,
        "interview": bool(record.interview_notes.strip()) if record.interview_notes else False,
        "training": bool(record.training.strip()) if record.training else False,
    }
    required = REQUIRED_ITEMS.get(user.role, ())
    return [
        ChecklistItem(key, str(label), done[key], key in required)
        for key, label in ITEM_LABELS.items()
    ]


def missing_items(user: User) -> list[ChecklistItem]:
    """Required items not yet done."""
    return [item for item in checklist(user) if item.required and not item.done]


def save_checklist(
    staff: User,
    user: User,
    *,
    identity_method: str | None,
    identity_seen_at: datetime | None,
    criminal_record_seen_on: date | None,
    interview_notes: str,
    training: str,
) -> VettingRecord:
    """Store what the centre checked; the identity checker is the acting staff member."""
    record = record_of(user)
    if identity_method:
        method = IdentityMethod(identity_method)
        if record.identity_method != method or record.identity_seen_at != identity_seen_at:
            record.identity_seen_by_id = staff.id
        record.identity_method = method
        record.identity_seen_at = identity_seen_at or utcnow()
    else:
        record.identity_method = record.identity_seen_at = record.identity_seen_by_id = None
    if criminal_record_seen_on and criminal_record_seen_on > date.today():
        raise DomainError(_("The date cannot be in the future."), "criminal_record_seen_on")
    record.criminal_record_seen_on = criminal_record_seen_on
    record.interview_notes = interview_notes.strip()
    record.training = training.strip()
    audit.record(staff, "vetting.checklist_saved", subject=user, obj=record, purpose="vetting")
    return record


def add_reference(
    staff: User,
    user: User,
    *,
    name: str,
    relation: str,
    contacted_on: date | None,
    notes: str,
) -> VettingReference:
    """Add a reference to the user's vetting record."""
    record = record_of(user)
    ref = VettingReference(
        vetting_id=record.id,
        name=name.strip(),
        relation=relation.strip(),
        contacted_on=contacted_on,
        notes=notes.strip(),
    )
    db.session.add(ref)
    db.session.flush()
    audit.record(staff, "vetting.reference_added", subject=user, obj=ref, purpose="vetting")
    return ref


def get_reference(user: User, ref_id: int) -> VettingReference:
    """One of this user's references, or NotFoundError."""
    ref = db.session.get(VettingReference, ref_id)
    if ref is None or user.vetting is None or ref.vetting_id != user.vetting.id:
        raise NotFoundError(_("No such reference."))
    return ref


def edit_reference(
    staff: User,
    user: User,
    ref: VettingReference,
    *,
    name: str,
    relation: str,
    contacted_on: date | None,
    notes: str,
) -> None:
    """Change a reference."""
    ref.name, ref.relation = name.strip(), relation.strip()
    ref.contacted_on, ref.notes = contacted_on, notes.strip()
    audit.record(staff, "vetting.reference_edited", subject=user, obj=ref, purpose="vetting")


def remove_reference(staff: User, user: User, ref: VettingReference) -> None:
    """Delete a reference."""
    audit.record(staff, "vetting.reference_removed", subject=user, obj=ref, purpose="vetting")
    db.session.delete(ref)
    db.session.flush()


def search_users(staff: User, text: str) -> list[User]:
    """Assistants and employers whose name or email contains `text` (audited, at most 50)."""
    needle = f"%{text.strip()}%"
    found = list(
        db.session.scalars(
            select(User)
            .where(
                User.role.in_([Role.ASSISTANT, Role.EMPLOYER]),
                or_(
                    User.email.ilike(needle),
                    User.first_name.ilike(needle),
                    User.last_name.ilike(needle),
                ),
            )
            .order_by(User.last_name, User.id)
            .limit(50)
        )
    )
    audit.record(staff, "user.search", purpose="search")
    return found
