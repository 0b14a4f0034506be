"""The board: contact requests and their conversations, blocks, saved searches and alerts."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow
from portal.models.shifts import Shift
from portal.models.users import User


class ContactState(LabelledEnum):
    """Where an employer's contact request to an assistant stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"  # both now see each other's contact details and may write
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the employer took it back, or a block closed it

    __labels__ = {
        "pending": _l("waiting for an answer"),
        "accepted": _l("accepted"),
        "declined": _l("declined"),
        "withdrawn": _l("closed"),
    }


class ContactRequest(Base):
    """An employer asks an assistant to get in touch about a shift or a position.

    The request is also the conversation: its messages are the thread about that work.
    """

    __tablename__ = "contact_requests"
    __table_args__ = (
        Index("ix_contact_requests_pair", "employer_id", "assistant_id"),
        CheckConstraint("shift_id IS NOT NULL OR position_id IS NOT NULL", name="about_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE")
    )
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"))
    # A regular position (issue 11); its foreign key is added when positions land.
    position_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[ContactState] = mapped_column(
        str_enum(ContactState), default=ContactState.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    shift: Mapped[Shift | None] = relationship()
    employer: Mapped[User] = relationship(
        primaryjoin="ContactRequest.employer_id == User.id",
        foreign_keys=[employer_id],
        viewonly=True,
    )
    assistant: Mapped[User] = relationship(
        primaryjoin="ContactRequest.assistant_id == User.id",
        foreign_keys=[assistant_id],
        viewonly=True,
    )

    def other_party_id(self, user_id: int) -> int:
        """The id of the other side of the conversation."""
        return self.assistant_id if user_id == self.employer_id else self.employer_id


class ChatMessage(Base):
    """One plain-text message in a contact request's conversation."""

    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_request_at", "request_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("contact_requests.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the read receipt
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # by a coordinator


class UserBlock(Base):
    """One user blocks another: no more requests, messages or offers between them."""

    __tablename__ = "user_blocks"
    __table_args__ = (
        UniqueConstraint("blocker_id", "blocked_id"),
        CheckConstraint("blocker_id <> blocked_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchKind(LabelledEnum):
    """What a saved search looks for."""

    WORK = "work"  # an assistant's search for shifts and positions
    ASSISTANTS = "assistants"  # an employer's search of announcements


class AlertFrequency(LabelledEnum):
    """How often saved-search alerts are sent (a message preference)."""

    INSTANT = "instant"
    DAILY = "daily"
    OFF = "off"

    __labels__ = {
        "instant": _l("At once"),
        "daily": _l("Once a day, as a digest"),
        "off": _l("Never"),
    }


class SavedSearch(Base):
    """A search whose new results are sent to its owner as alerts."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SearchKind] = mapped_column(str_enum(SearchKind))
    name: Mapped[str] = mapped_column(String(120), default="")
    criteria: Mapped[str] = mapped_column(Text, default="")  # url-encoded search form fields
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Everything created up to this moment has been looked at; claimed by conditional UPDATE.
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class AlertItem(Base):
    """One result a saved search has alerted about; never alerted twice."""

    __tablename__ = "alert_items"
    __table_args__ = (UniqueConstraint("search_id", "source", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(12))  # shift | position | assistant
    item_id: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
