"""Users, their login sessions, login attempts and the vetting record."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    """What a user is to the portal."""

    ASSISTANT = "assistant"
    EMPLOYER = "employer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Status(enum.StrEnum):
    """Where a user is in vetting; only approved users are seen by others."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class User(UserMixin, Base):
    """A person with an account: assistant, employer, coordinator or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.PENDING)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(40), default="")
    locale: Mapped[str] = mapped_column(String(5), default="fi")
    agreement_version: Mapped[str] = mapped_column(String(20))
    agreement_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    vetting: Mapped[VettingRecord | None] = relationship(
        back_populates="user", foreign_keys="VettingRecord.user_id", uselist=False
    )

    # Set by the session loader; flask-login keeps it, not the user id, in the cookie.
    if TYPE_CHECKING:  # a plain attribute: SQLAlchemy must not see an annotation here
        session_token: str | None
    session_token = None

    def get_id(self) -> str | None:
        """The sign-in session token (flask-login's user id)."""
        return self.session_token

    @property
    def display_name(self) -> str:
        """First name and initial: all that others see before a confirmation."""
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}"

    @property
    def full_name(self) -> str:
        """First and last name, for the user themself and confirmed counterparts."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_approved(self) -> bool:
        """True when others may see this user and they may post or apply."""
        return self.status == Status.APPROVED


class AuthSession(Base):
    """One signed-in browser; revoked on logout, password change or suspension."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """A failed password or a password-reset request, counted for throttling."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "signin": a failed password; "reset": a reset link was asked for.
    kind: Mapped[str] = mapped_column(String(8), default="signin", server_default="signin")


class IdentityMethod(enum.StrEnum):
    """How a coordinator saw the user's identity."""

    IN_PERSON = "in_person"
    STRONG_EID = "strong_eid"
    VIDEO = "video"


class VettingRecord(Base):
    """What the centre checked about a user; never the documents themselves."""

    __tablename__ = "vetting_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    identity_method: Mapped[IdentityMethod | None] = mapped_column(str_enum(IdentityMethod))
    identity_seen_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    identity_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    criminal_record_seen_on: Mapped[date | None]
    interview_notes: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[str] = mapped_column(Text, default="")
    info_requested: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(back_populates="vetting", foreign_keys=[user_id])
    references: Mapped[list[VettingReference]] = relationship(
        back_populates="vetting", cascade="all, delete-orphan"
    )


class VettingReference(Base):
    """A reference the centre contacted about a user."""

    __tablename__ = "vetting_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    vetting_id: Mapped[int] = mapped_column(
        ForeignKey("vetting_records.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[str] = mapped_column(String(120))
    contacted_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    vetting: Mapped[VettingRecord] = relationship(back_populates="references")
