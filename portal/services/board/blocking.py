"""Blocking: either side stops requests, messages and offers between the two of them."""

from sqlalchemy import and_, delete, or_, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    ContactRequest,
    ContactState,
    Offer,
    OfferState,
    Role,
    Shift,
    User,
    UserBlock,
    utcnow,
)
from portal.services.board import changed
from portal.services.errors import ConflictError, DomainError, NotFoundError

OPEN_OFFERS = (OfferState.OFFERED, OfferState.APPLIED, OfferState.ACCEPTED)
# Who may block whom: the two sides of the board, never staff.
SIDES = {Role.ASSISTANT: Role.EMPLOYER, Role.EMPLOYER: Role.ASSISTANT}


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either of the two has blocked the other."""
    found = db.session.scalar(
        select(UserBlock.id).where(
            or_(
                and_(UserBlock.blocker_id == a_id, UserBlock.blocked_id == b_id),
                and_(UserBlock.blocker_id == b_id, UserBlock.blocked_id == a_id),
            )
        )
    )
    return found is not None


def require_not_blocked(a_id: int, b_id: int) -> None:
    """Raise when a block stands between the two."""
    if is_blocked(a_id, b_id):
        raise ConflictError(_("You cannot contact this person."))


def _other(user: User, other_id: int) -> User:
    other = db.session.get(User, other_id)
    if other is None or SIDES.get(user.role) != other.role:
        raise NotFoundError(_("No such user."))
    return other


def block(user: User, other_id: int) -> UserBlock:
    """Block someone: open requests close and open offers between you are withdrawn."""
    other = _other(user, other_id)
    existing = db.session.scalar(
        select(UserBlock).where(UserBlock.blocker_id == user.id, UserBlock.blocked_id == other.id)
    )
    if existing is not None:
        return existing
    now = utcnow()
    row = UserBlock(blocker_id=user.id, blocked_id=other.id, created_at=now)
    db.session.add(row)
    employer_id, assistant_id = (
        (user.id, other.id) if user.role == Role.EMPLOYER else (other.id, user.id)
    )
    db.session.execute(
        update(ContactRequest)
        .where(
            ContactRequest.employer_id == employer_id,
            ContactRequest.assistant_id == assistant_id,
            ContactRequest.state.in_((ContactState.PENDING, ContactState.ACCEPTED)),
        )
        .values(state=ContactState.WITHDRAWN, answered_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Offer)
        .where(
            Offer.assistant_id == assistant_id,
            Offer.state.in_(OPEN_OFFERS),
            Offer.shift_id.in_(select(Shift.id).where(Shift.employer_id == employer_id)),
        )
        .values(state=OfferState.WITHDRAWN, answered_at=now, sms_code=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return row


def unblock(user: User, other_id: int) -> None:
    """Take back your own block (a block by the other side stays)."""
    gone = db.session.execute(
        delete(UserBlock).where(UserBlock.blocker_id == user.id, UserBlock.blocked_id == other_id)
    )
    if changed(gone) != 1:
        raise DomainError(_("You have not blocked this person."))


def my_blocks(user: User) -> list[User]:
    """People this user has blocked, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserBlock, UserBlock.blocked_id == User.id)
            .where(UserBlock.blocker_id == user.id)
            .order_by(User.first_name, User.id)
        )
    )
