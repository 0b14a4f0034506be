"""Append-only records: audit events, reports, notifications, outbox, change log."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow


class ReportKind(LabelledEnum):
    """What a report to the coordinators is."""

    REPORT = "report"  # content or behaviour reported by a user
    DISPUTE = "dispute"  # a no-show or rating disputed
    ACCESSIBILITY = "accessibility"  # accessibility feedback (answer due in 14 days)

    __labels__ = {
        "report": _l("report"),
        "dispute": _l("dispute"),
        "accessibility": _l("accessibility feedback"),
    }


class ReportState(LabelledEnum):
    """Whether a coordinator has handled a report."""

    OPEN = "open"
    CLOSED = "closed"

    __labels__ = {"open": _l("open"), "closed": _l("handled")}


class DeliveryChannel(LabelledEnum):
    """How a message reaches a user."""

    INAPP = "inapp"
    EMAIL = "email"
    SMS = "sms"

    __labels__ = {"inapp": _l("in the portal"), "email": _l("email"), "sms": _l("text message")}


class DeliveryState(LabelledEnum):
    """Where one message's delivery stands: queued → sending → sent | failed → answered."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    ANSWERED = "answered"

    __labels__ = {
        "queued": _l("waiting to be sent"),
        "sending": _l("being sent"),
        "sent": _l("sent"),
        "failed": _l("failed, will be retried"),
        "answered": _l("answered"),
    }


class AuditEvent(Base):
    """Who did what to whose data, when and why. Never updated or deleted."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject_at", "subject_user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="")


class Report(Base):
    """A report, dispute or accessibility feedback waiting for a coordinator."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target_type: Mapped[str] = mapped_column(String(20), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[ReportState] = mapped_column(str_enum(ReportState), default=ReportState.OPEN)
    outcome: Mapped[str] = mapped_column(String(24), default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact: Mapped[str] = mapped_column(String(254), default="")  # optional, for feedback


class Notification(Base):
    """A message to a user, shown in-app and sent on their chosen channels."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryLog(Base):
    """One attempt to deliver a notification on one channel."""

    __tablename__ = "delivery_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[DeliveryChannel] = mapped_column(str_enum(DeliveryChannel))
    address: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[DeliveryState] = mapped_column(
        str_enum(DeliveryState), default=DeliveryState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Retries with backoff: the sweeper re-sends anything due, so nothing is lost.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="SET NULL"), index=True
    )


class ChangeLog(Base):
    """One row per write that changes an assistant's ranking data (index freshness)."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
