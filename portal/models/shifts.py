"""Shifts, offers and applications, bookings, offer rounds and ratings."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow
from portal.models.places import PostalCode
from portal.models.profiles import ModerationState, Skill
from portal.models.users import User


class ShiftKind(enum.StrEnum):
    """Regular position (weekly pattern), one-off shift or urgent substitute shift."""

    REGULAR = "regular"
    ONE_OFF = "one_off"
    URGENT = "urgent"


class ShiftState(enum.StrEnum):
    """DESIGN §5: draft → open → filled → completed | cancelled."""

    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


shift_required_skills = Table(
    "shift_required_skills",
    Base.metadata,
    Column("shift_id", ForeignKey("shifts.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)
shift_preferred_skills = Table(
    "shift_preferred_skills",
    Base.metadata,
    Column("shift_id", ForeignKey("shifts.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class Shift(Base):
    """Work an employer needs done: start and end in UTC, at a postal code."""

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_shifts_state_starts_at", "state", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ShiftKind] = mapped_column(str_enum(ShiftKind))
    state: Mapped[ShiftState] = mapped_column(str_enum(ShiftState), default=ShiftState.OPEN)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    weekly_pattern: Mapped[str] = mapped_column(Text, default="")  # regular: "0 480 960;2 ..."
    postcode: Mapped[str] = mapped_column(ForeignKey("postal_codes.code"))
    languages: Mapped[str] = mapped_column(String(120), default="")
    auto_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    moderation: Mapped[ModerationState] = mapped_column(
        str_enum(ModerationState), default=ModerationState.APPROVED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="SET NULL"))

    employer: Mapped[User] = relationship(
        primaryjoin="Shift.employer_id == User.id", foreign_keys=[employer_id], viewonly=True
    )
    place: Mapped[PostalCode] = relationship()
    required_skills: Mapped[list[Skill]] = relationship(secondary=shift_required_skills)
    preferred_skills: Mapped[list[Skill]] = relationship(secondary=shift_preferred_skills)


class OfferSource(enum.StrEnum):
    """How an assistant came to be considered for a shift."""

    APPLICATION = "application"  # the assistant applied
    INVITATION = "invitation"  # the employer invited them
    ROUND = "round"  # an urgent offer round offered it


class OfferState(LabelledEnum):
    """Where one assistant's offer or application stands."""

    OFFERED = "offered"  # waiting for the assistant's answer
    APPLIED = "applied"  # waiting for the employer
    ACCEPTED = "accepted"  # the assistant said yes; not yet confirmed
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer in the window
    WITHDRAWN = "withdrawn"
    CONFIRMED = "confirmed"
    FILLED_ELSEWHERE = "filled_elsewhere"
    CANCELLED = "cancelled"

    __labels__ = {
        "offered": _l("waiting for an answer"),
        "applied": _l("applied"),
        "accepted": _l("said yes"),
        "declined": _l("said no"),
        "expired": _l("no answer"),
        "withdrawn": _l("withdrawn"),
        "confirmed": _l("confirmed"),
        "filled_elsewhere": _l("filled by someone else"),
        "cancelled": _l("cancelled"),
    }


class Offer(Base):
    """One assistant and one shift: an application, invitation or urgent offer."""

    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("shift_id", "assistant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    source: Mapped[OfferSource] = mapped_column(str_enum(OfferSource))
    state: Mapped[OfferState] = mapped_column(str_enum(OfferState))
    tier: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)  # recommender position when offered
    score: Mapped[float | None]
    distance_km: Mapped[float | None]
    message: Mapped[str] = mapped_column(Text, default="")
    related_to_employer: Mapped[bool] = mapped_column(Boolean, default=False)
    relation: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_channel: Mapped[str] = mapped_column(String(12), default="")
    sms_code: Mapped[str | None] = mapped_column(String(8), unique=True)

    shift: Mapped[Shift] = relationship()
    assistant: Mapped[User] = relationship(
        primaryjoin="Offer.assistant_id == User.id", foreign_keys=[assistant_id], viewonly=True
    )


class AfterShift(LabelledEnum):
    """DESIGN §5 after the shift: confirmed → happened | no-show → disputed → settled."""

    CONFIRMED = "confirmed"  # booked; nobody has said how it went (or only the assistant)
    HAPPENED = "happened"  # the employer confirmed it took place
    NO_SHOW = "no_show"  # the employer marked that the assistant did not come
    DISPUTED = "disputed"  # the two sides disagree; a coordinator decides
    SETTLED = "settled"  # a coordinator decided the dispute

    __labels__ = {
        "confirmed": _l("Booked"),
        "happened": _l("The shift happened"),
        "no_show": _l("Marked as a no-show"),
        "disputed": _l("Disputed: a coordinator decides"),
        "settled": _l("Settled by a coordinator"),
    }


class Booking(Base):
    """The one confirmed assistant of a shift; at most one active booking per shift."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index(
            "uq_bookings_active_shift",
            "shift_id",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
        Index("ix_bookings_assistant_starts_at", "assistant_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE")
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)  # copied for the overlap rule
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    late_cancel: Mapped[bool] = mapped_column(Boolean, default=False)
    employer_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assistant_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_show: Mapped[bool] = mapped_column(Boolean, default=False)
    no_show_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[AfterShift] = mapped_column(
        str_enum(AfterShift), default=AfterShift.CONFIRMED, server_default="confirmed"
    )

    shift: Mapped[Shift] = relationship()


class Rating(Base):
    """One side's 1–5 rating of the other after a shift."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("booking_id", "rater_id"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    ratee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stars: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
