"""Regular positions (job ads with a weekly pattern), applications, employments, absences."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow
from portal.models.places import PostalCode
from portal.models.profiles import Skill
from portal.models.users import User


class PositionState(LabelledEnum):
    """An open position takes applications; a filled one has its employment."""

    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"

    __labels__ = {"open": _l("open"), "filled": _l("filled"), "closed": _l("closed")}


class ApplicationState(LabelledEnum):
    """Where one assistant's application for a position stands."""

    APPLIED = "applied"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"
    NOT_HIRED = "not_hired"

    __labels__ = {
        "applied": _l("applied"),
        "withdrawn": _l("withdrawn"),
        "hired": _l("hired"),
        "not_hired": _l("not hired"),
    }


class AbsenceReason(LabelledEnum):
    """Why a regular assistant is off for one occurrence."""

    SICK = "sick"
    HOLIDAY = "holiday"
    OTHER = "other"

    __labels__ = {"sick": _l("Sick"), "holiday": _l("Holiday"), "other": _l("Other reason")}


position_required_skills = Table(
    "position_required_skills",
    Base.metadata,
    Column("position_id", ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)
position_preferred_skills = Table(
    "position_preferred_skills",
    Base.metadata,
    Column("position_id", ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class Position(Base):
    """A regular position: weekly windows from a start date, ongoing or until an end date."""

    __tablename__ = "positions"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    state: Mapped[PositionState] = mapped_column(
        str_enum(PositionState), default=PositionState.OPEN
    )
    title: Mapped[str] = mapped_column(String(120))
    tasks: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    postcode: Mapped[str] = mapped_column(ForeignKey("postal_codes.code"))
    languages: Mapped[str] = mapped_column(String(120), default="")
    pay_basis: Mapped[str] = mapped_column(String(200), default="")
    # When the regular assistant reports a day off, start the urgent round at once.
    urgent_round_on_absence: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer: Mapped[User] = relationship(
        primaryjoin="Position.employer_id == User.id", foreign_keys=[employer_id], viewonly=True
    )
    place: Mapped[PostalCode] = relationship()
    windows: Mapped[list[PositionWindow]] = relationship(
        cascade="all, delete-orphan",
        order_by="(PositionWindow.weekday, PositionWindow.start_min)",
    )
    required_skills: Mapped[list[Skill]] = relationship(secondary=position_required_skills)
    preferred_skills: Mapped[list[Skill]] = relationship(secondary=position_preferred_skills)


class PositionWindow(Base):
    """One weekly window of a position in Helsinki time; end <= start runs over midnight."""

    __tablename__ = "position_windows"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("start_min BETWEEN 0 AND 1439", name="start_range"),
        CheckConstraint("end_min BETWEEN 1 AND 1440", name="end_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start_min: Mapped[int] = mapped_column(Integer)
    end_min: Mapped[int] = mapped_column(Integer)


class PositionApplication(Base):
    """One assistant's application for a position, with the relative declaration."""

    __tablename__ = "position_applications"
    __table_args__ = (UniqueConstraint("position_id", "assistant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ApplicationState] = mapped_column(str_enum(ApplicationState))
    message: Mapped[str] = mapped_column(Text, default="")
    related_to_employer: Mapped[bool] = mapped_column(Boolean, default=False)
    relation: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    position: Mapped[Position] = relationship()
    assistant: Mapped[User] = relationship(
        primaryjoin="PositionApplication.assistant_id == User.id",
        foreign_keys=[assistant_id],
        viewonly=True,
    )


class Employment(Base):
    """The hired assistant of a position; its occurrences are the assistant's busy time.

    One per position (the unique constraint decides a hiring race); an end date ends it.
    """

    __tablename__ = "employments"
    __table_args__ = (
        UniqueConstraint("position_id"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    hired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    position: Mapped[Position] = relationship()
    assistant: Mapped[User] = relationship(
        primaryjoin="Employment.assistant_id == User.id",
        foreign_keys=[assistant_id],
        viewonly=True,
    )
    absences: Mapped[list[Absence]] = relationship(
        back_populates="employment", cascade="all, delete-orphan", order_by="Absence.starts_at"
    )


class Absence(Base):
    """One occurrence the regular assistant is off; a substitute shift covers it."""

    __tablename__ = "absences"
    __table_args__ = (UniqueConstraint("employment_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(
        ForeignKey("employments.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the occurrence it frees
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[AbsenceReason] = mapped_column(str_enum(AbsenceReason))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="SET NULL"))

    employment: Mapped[Employment] = relationship(back_populates="absences")

    @property
    def assistant_id(self) -> int:
        """The regular assistant whose time this frees (for the change log)."""
        return self.employment.assistant_id
