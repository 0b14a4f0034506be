"""Conversations: plain-text messages inside an accepted contact request, read receipts."""

from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import func, or_, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import ChatMessage, ContactRequest, ContactState, User, utcnow
from portal.notify.dispatch import notify
from portal.notify.tokens import public_url
from portal.services.board import changed
from portal.services.board.blocking import require_not_blocked
from portal.services.board.contacts import conversation
from portal.services.errors import DomainError

MAX_LENGTH = 2000


def thread(user: User, request_id: int) -> list[ChatMessage]:
    """The messages of one conversation, oldest first (for one of its parties)."""
    request = conversation(user, request_id)
    return list(
        db.session.scalars(
            select(ChatMessage)
            .where(ChatMessage.request_id == request.id)
            .order_by(ChatMessage.created_at, ChatMessage.id)
        )
    )


def unread_count(user: User) -> int:
    """Messages to this user not yet marked read."""
    count = db.session.scalar(
        select(func.count(ChatMessage.id))
        .join(ContactRequest, ContactRequest.id == ChatMessage.request_id)
        .where(
            or_(ContactRequest.employer_id == user.id, ContactRequest.assistant_id == user.id),
            ChatMessage.sender_id != user.id,
            ChatMessage.read_at.is_(None),
        )
    )
    return count or 0


def _has_unread_from(request_id: int, sender_id: int) -> bool:
    return (
        db.session.scalar(
            select(ChatMessage.id).where(
                ChatMessage.request_id == request_id,
                ChatMessage.sender_id == sender_id,
                ChatMessage.read_at.is_(None),
            )
        )
        is not None
    )


def post(user: User, request_id: int, body: str, now: datetime | None = None) -> ChatMessage:
    """Write a message; the other side gets one notice until they have read the thread."""
    now = now or utcnow()
    request = conversation(user, request_id)
    if request.state != ContactState.ACCEPTED:
        raise DomainError(_("You can write once the contact request has been accepted."), "body")
    other_id = request.other_party_id(user.id)
    require_not_blocked(user.id, other_id)
    text = (body or "").strip()
    if not text:
        raise DomainError(_("Write a message."), "body")
    if len(text) > MAX_LENGTH:
        raise DomainError(_("At most %(max)d characters.", max=MAX_LENGTH), "body")
    already_waiting = _has_unread_from(request.id, user.id)
    mark_read(user, request.id, now)
    message = ChatMessage(request_id=request.id, sender_id=user.id, body=text, created_at=now)
    db.session.add(message)
    request.last_message_at = now
    db.session.flush()
    other = db.session.get(User, other_id)
    if not already_waiting and other is not None and other.erased_at is None:
        _notice(other, user, request, now)
    return message


def _notice(recipient: User, sender: User, request: ContactRequest, now: datetime) -> None:
    """One notice per unread burst; email waits for the end of the recipient's quiet hours."""
    with force_locale(recipient.locale or "fi"):
        subject = _("New message from %(name)s", name=sender.display_name)
        body = _(
            "%(name)s wrote to you on Avustajatori. Read and answer: %(link)s",
            name=sender.display_name,
            link=public_url("board.conversation", request_id=request.id),
        )
    notify(
        recipient,
        "board.message",
        str(subject),
        str(body),
        now,
        url=f"/keskustelut/{request.id}",
        hold_in_quiet_hours=True,
    )


def mark_read(user: User, request_id: int, now: datetime | None = None) -> int:
    """Mark the other side's messages read (the read receipt they see); returns how many."""
    request = conversation(user, request_id)
    done = db.session.execute(
        update(ChatMessage)
        .where(
            ChatMessage.request_id == request.id,
            ChatMessage.sender_id != user.id,
            ChatMessage.read_at.is_(None),
        )
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return changed(done)
