"""Assistant and employer profiles, skills, availability, ring and exclusions."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, str_enum, utcnow
from portal.models.places import PostalCode
from portal.models.users import User


class Skill(Base):
    """A term of the managed skill vocabulary, kept by admins."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_fi: Mapped[str] = mapped_column(String(80))
    name_sv: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def name(self, locale: str) -> str:
        """The skill's name in the given UI language."""
        return {"sv": self.name_sv, "en": self.name_en}.get(locale, self.name_fi)


assistant_skills = Table(
    "assistant_skills",
    Base.metadata,
    Column(
        "assistant_id",
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class ModerationState(enum.StrEnum):
    """Whether a text may be shown to others."""

    PENDING = "pending"
    APPROVED = "approved"
    REMOVED = "removed"


class AssistantProfile(Base):
    """An assistant's job-search announcement and where and when they work."""

    __tablename__ = "assistant_profiles"
    __table_args__ = (CheckConstraint("max_travel_km >= 0", name="travel_nonnegative"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    announcement: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(String(120), default="fi")  # space-separated codes
    postcode: Mapped[str | None] = mapped_column(ForeignKey("postal_codes.code"))
    pin_lat: Mapped[float | None] = mapped_column(Float)
    pin_lon: Mapped[float | None] = mapped_column(Float)
    max_travel_km: Mapped[float] = mapped_column(Float, default=40.0)  # road km, as entered
    on_call: Mapped[bool] = mapped_column(Boolean, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    moderation: Mapped[ModerationState] = mapped_column(
        str_enum(ModerationState), default=ModerationState.APPROVED
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The secret of the personal iCal feed URL; None when revoked or never made.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship()
    place: Mapped[PostalCode | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=assistant_skills)
    windows: Mapped[list[AvailabilityWindow]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="(AvailabilityWindow.weekday, AvailabilityWindow.start_min)",
    )
    exceptions: Mapped[list[AvailabilityException]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="AvailabilityException.day",
    )

    @property
    def language_codes(self) -> list[str]:
        """Languages as a list of ISO codes."""
        return self.languages.split()


class AvailabilityWindow(Base):
    """A weekly window in Europe/Helsinki time; may run over midnight (end < start)."""

    __tablename__ = "availability_windows"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("start_min BETWEEN 0 AND 1439", name="start_range"),
        CheckConstraint("end_min BETWEEN 1 AND 1440", name="end_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start_min: Mapped[int] = mapped_column(Integer)
    end_min: Mapped[int] = mapped_column(Integer)

    profile: Mapped[AssistantProfile] = relationship(back_populates="windows")


class ExceptionKind(enum.StrEnum):
    """A dated change to the weekly pattern."""

    HOLIDAY = "holiday"
    SICK = "sick"
    EXTRA = "extra"


class AvailabilityException(Base):
    """A dated exception: away (holiday, sick) or extra time available."""

    __tablename__ = "availability_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date]
    kind: Mapped[ExceptionKind] = mapped_column(str_enum(ExceptionKind))
    start_min: Mapped[int] = mapped_column(Integer, default=0)
    end_min: Mapped[int] = mapped_column(Integer, default=1440)
    note: Mapped[str] = mapped_column(String(200), default="")

    profile: Mapped[AssistantProfile] = relationship(back_populates="exceptions")


class EmployerProfile(Base):
    """An employer, or a substitute employer acting for a principal."""

    __tablename__ = "employer_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    acts_for_principal: Mapped[bool] = mapped_column(Boolean, default=False)
    principal_name: Mapped[str] = mapped_column(String(120), default="")
    postcode: Mapped[str | None] = mapped_column(ForeignKey("postal_codes.code"))
    street_address: Mapped[str] = mapped_column(String(200), default="")  # confirmed only
    tasks: Mapped[str] = mapped_column(Text, default="")
    aids: Mapped[str] = mapped_column(Text, default="")
    briefing_card: Mapped[str] = mapped_column(Text, default="")  # confirmed assistant only
    max_distance_km: Mapped[float | None] = mapped_column(Float)  # road km, as entered
    auto_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    # Pay (issue 13): who pays (None: by municipality, else the default payer), the
    # unraised hourly wage of this employer's assistants, and the hours a month granted
    # (a stand-in until the decision of issue 11; read only via granted_hours()).
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payers.id", ondelete="SET NULL"))
    hourly_wage: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    monthly_hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))

    user: Mapped[User] = relationship()
    place: Mapped[PostalCode | None] = relationship()
    ring: Mapped[list[RingMember]] = relationship(cascade="all, delete-orphan")
    excluded: Mapped[list[ExcludedAssistant]] = relationship(cascade="all, delete-orphan")


class RingMember(Base):
    """An assistant in an employer's substitute ring (sijaisrinki)."""

    __tablename__ = "ring_members"
    __table_args__ = (UniqueConstraint("employer_id", "assistant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExcludedAssistant(Base):
    """An assistant the employer does not want offered to them."""

    __tablename__ = "excluded_assistants"
    __table_args__ = (UniqueConstraint("employer_id", "assistant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
