"""Erasure requests: a user asks, a coordinator carries it out."""

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import ErasureRequest, ErasureState, User, utcnow
from portal.notify.dispatch import tell
from portal.services import audit
from portal.services.errors import ConflictError, NotFoundError
from portal.services.staff import personal_data, withdrawal


def open_request_of(user: User) -> ErasureRequest | None:
    """The user's open erasure request, if any."""
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.user_id == user.id, ErasureRequest.state == "open"
        )
    )


def request_erasure(user: User, message: str) -> ErasureRequest:
    """The user asks for their personal data to be erased."""
    if open_request_of(user) is not None:
        raise ConflictError(_("You have already asked for erasure."))
    request = ErasureRequest(user_id=user.id, message=message.strip())
    db.session.add(request)
    db.session.flush()
    audit.record(user, "erasure.requested", subject=user, obj=request)
    return request


def open_requests() -> list[ErasureRequest]:
    """Erasure requests waiting for a coordinator, oldest first."""
    return list(
        db.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.state == "open")
            .order_by(ErasureRequest.requested_at)
        )
    )


def carry_out(staff: User, request_id: int) -> None:
    """Erase the requester's personal data; the request row stays as a record."""
    request = db.session.get(ErasureRequest, request_id)
    if request is None or request.state != "open":
        raise NotFoundError(_("No such erasure request."))
    user = db.session.get_one(User, request.user_id)
    tell(
        user,
        "erasure.done",
        lambda: (
            _("Your Avustajatori data has been erased"),
            _("As you asked, your personal data has been erased and your account closed."),
        ),
    )
    personal_data.erase(user)
    withdrawal.withdraw_assistant(staff, user)  # after: re-opened rounds no longer see them
    request = db.session.get_one(ErasureRequest, request_id)
    request.state, request.handled_by_id, request.handled_at = (
        ErasureState.DONE,
        staff.id,
        utcnow(),
    )
    audit.record(staff, "erasure.carried_out", subject=user, obj=request, purpose="erasure")
