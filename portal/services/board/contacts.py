"""Contact requests: an employer asks, the assistant accepts or declines (race-safe).

A request is about a shift or a position. Each kind of work the request can be about is
one function in SUBJECT_SOURCES, so positions (issue 11) plug in with one more entry.
Only after an accept do both sides see each other's contact details.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    ContactRequest,
    ContactState,
    EmployerProfile,
    Position,
    PositionState,
    Role,
    Shift,
    ShiftState,
    Status,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.board import changed
from portal.services.board.blocking import require_not_blocked
from portal.services.errors import ConflictError, DomainError, NotFoundError

OPEN = (ContactState.PENDING, ContactState.ACCEPTED)


@dataclass(frozen=True)
class Subject:
    """A piece of the employer's work a request can be about: key 'shift:12'."""

    key: str
    title: str
    starts_at: object = None


def _shift_subjects(employer: User) -> list[Subject]:
    """The employer's open or filled shifts that have not started yet."""
    shifts = db.session.scalars(
        select(Shift)
        .where(
            Shift.employer_id == employer.id,
            Shift.state.in_((ShiftState.OPEN, ShiftState.FILLED)),
            Shift.starts_at > utcnow(),
        )
        .order_by(Shift.starts_at, Shift.id)
    )
    return [Subject(f"shift:{s.id}", s.title, s.starts_at) for s in shifts]


def _position_subjects(employer: User) -> list[Subject]:
    """The employer's positions still open for applications."""
    positions = db.session.scalars(
        select(Position)
        .where(Position.employer_id == employer.id, Position.state == PositionState.OPEN)
        .order_by(Position.starts_on, Position.id)
    )
    return [Subject(f"position:{p.id}", p.title, None) for p in positions]


# source name -> the employer's current work of that kind.
SUBJECT_SOURCES: dict[str, Callable[[User], list[Subject]]] = {
    "shift": _shift_subjects,
    "position": _position_subjects,
}


def subjects_for(employer: User) -> list[Subject]:
    """Everything the employer may send a contact request about."""
    return [s for source in SUBJECT_SOURCES.values() for s in source(employer)]


def _parse_subject(employer: User, key: str) -> tuple[str, int]:
    if key not in {s.key for s in subjects_for(employer)}:
        raise DomainError(_("Choose one of your shifts."), "about")
    source, _sep, item = key.partition(":")
    return source, int(item)


def send(employer: User, assistant_id: int, about: str, note: str) -> ContactRequest:
    """An approved employer asks an assistant to get in touch about a shift or position."""
    if employer.role != Role.EMPLOYER or not employer.is_approved:
        raise DomainError(_("Only approved employers can send contact requests."))
    assistant = db.session.get(User, assistant_id)
    profile = db.session.get(AssistantProfile, assistant_id)
    if assistant is None or profile is None or assistant.status != Status.APPROVED:
        raise NotFoundError(_("No such announcement."))
    if not profile.visible:
        raise NotFoundError(_("No such announcement."))
    require_not_blocked(employer.id, assistant_id)
    source, item_id = _parse_subject(employer, about)
    column = ContactRequest.shift_id if source == "shift" else ContactRequest.position_id
    duplicate = db.session.scalar(
        select(ContactRequest.id).where(
            ContactRequest.employer_id == employer.id,
            ContactRequest.assistant_id == assistant_id,
            column == item_id,
            ContactRequest.state.in_(OPEN),
        )
    )
    if duplicate is not None:
        raise ConflictError(_("You have already sent a request about this."), "about")
    request = ContactRequest(employer_id=employer.id, assistant_id=assistant_id, note=note.strip())
    setattr(request, column.key, item_id)
    db.session.add(request)
    db.session.flush()
    tell(
        assistant,
        "contact.request",
        lambda: (
            _("An employer would like to contact you"),
            _(
                "%(name)s sent you a contact request. Accept it to talk and to share "
                "contact details.",
                name=employer.display_name,
            ),
        ),
        url=f"/keskustelut/{request.id}",
    )
    return request


def _mine(user: User, request_id: int) -> ContactRequest:
    """A request the user is a party to, or NotFoundError."""
    request = db.session.get(ContactRequest, request_id)
    if request is None or user.id not in (request.employer_id, request.assistant_id):
        raise NotFoundError(_("No such conversation."))
    return request


def conversation(user: User, request_id: int) -> ContactRequest:
    """A contact request and its thread, for one of its two parties."""
    return _mine(user, request_id)


def answer(assistant: User, request_id: int, accept: bool) -> ContactRequest:
    """Accept or decline; a conditional UPDATE makes the first answer the only one."""
    request = _mine(assistant, request_id)
    if request.assistant_id != assistant.id:
        raise NotFoundError(_("No such conversation."))
    if accept:
        require_not_blocked(request.employer_id, assistant.id)
    state = ContactState.ACCEPTED if accept else ContactState.DECLINED
    try:
        won = db.session.execute(
            update(ContactRequest)
            .where(ContactRequest.id == request.id, ContactRequest.state == ContactState.PENDING)
            .values(state=state, answered_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    except OperationalError as error:  # SQLite: a concurrent answer held the write lock
        raise ConflictError(_("This request has already been answered or withdrawn.")) from error
    if changed(won) != 1:
        raise ConflictError(_("This request has already been answered or withdrawn."))
    db.session.refresh(request)
    tell(
        request.employer,
        "contact.answer",
        lambda: (
            _("Your contact request was accepted")
            if accept
            else _("Your contact request was declined"),
            _("%(name)s answered your contact request.", name=assistant.display_name),
        ),
        url=f"/keskustelut/{request.id}",
    )
    return request


def withdraw(employer: User, request_id: int) -> ContactRequest:
    """The employer takes back a request that has not been answered."""
    request = _mine(employer, request_id)
    won = db.session.execute(
        update(ContactRequest)
        .where(
            ContactRequest.id == request.id,
            ContactRequest.employer_id == employer.id,
            ContactRequest.state == ContactState.PENDING,
        )
        .values(state=ContactState.WITHDRAWN, answered_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if changed(won) != 1:
        raise ConflictError(_("This request has already been answered or withdrawn."))
    db.session.refresh(request)
    return request


@dataclass(frozen=True)
class ContactDetails:
    """What the other side sees after an accept."""

    full_name: str
    email: str
    phone: str
    principal_name: str = ""


def contact_details(user: User, request: ContactRequest) -> ContactDetails | None:
    """The other party's contact details, only once the request has been accepted."""
    if request.state != ContactState.ACCEPTED or user.id not in (
        request.employer_id,
        request.assistant_id,
    ):
        return None
    other = db.session.get(User, request.other_party_id(user.id))
    if other is None or other.erased_at is not None:
        return None
    principal = ""
    if other.role == Role.EMPLOYER:
        profile = db.session.get(EmployerProfile, other.id)
        principal = profile.principal_name if profile and profile.acts_for_principal else ""
    return ContactDetails(other.full_name, other.email, other.phone, principal)


def my_conversations(user: User) -> list[ContactRequest]:
    """Every contact request the user is a party to, newest activity first."""
    return list(
        db.session.scalars(
            select(ContactRequest)
            .where(
                or_(ContactRequest.employer_id == user.id, ContactRequest.assistant_id == user.id)
            )
            .order_by(
                func.coalesce(ContactRequest.last_message_at, ContactRequest.created_at).desc(),
                ContactRequest.id.desc(),
            )
        )
    )
