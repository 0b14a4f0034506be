"""Urgent offer rounds and each user's message preferences."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow
from portal.models.board import AlertFrequency
from portal.models.shifts import Shift


class RoundState(LabelledEnum):
    """Where an urgent shift's offer round stands."""

    RUNNING = "running"  # offers out, waiting for answers or the window end
    WAITING_PICK = "waiting_pick"  # yeses collected, the employer has not picked yet
    FILLED = "filled"
    STOPPED = "stopped"  # the employer stopped it
    EXHAUSTED = "exhausted"  # every tier tried; coordinators alerted

    __labels__ = {
        "running": _l("asking assistants"),
        "waiting_pick": _l("waiting for your pick"),
        "filled": _l("filled"),
        "stopped": _l("stopped"),
        "exhausted": _l("nobody found, coordinators alerted"),
    }


class RoundStrategy(LabelledEnum):
    """How an urgent shift's assistants are asked (the simulation compares all three)."""

    TIERED = "tiered"  # ring, then on-call, then everyone, in waves
    BROADCAST = "broadcast"  # everyone eligible at once
    SEQUENTIAL = "sequential"  # one at a time in ranked order, like a coordinator phoning

    __labels__ = {
        "tiered": _l("in tiers"),
        "broadcast": _l("everyone at once"),
        "sequential": _l("one at a time"),
    }


class OfferRound(Base):
    """One urgent shift's tiered search; `version` changes whenever its timers go stale."""

    __tablename__ = "offer_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), unique=True)
    strategy: Mapped[RoundStrategy] = mapped_column(
        str_enum(RoundStrategy), default=RoundStrategy.TIERED
    )
    state: Mapped[RoundState] = mapped_column(str_enum(RoundState), default=RoundState.RUNNING)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    wave: Mapped[int] = mapped_column(Integer, default=0)  # batches sent so far in all tiers
    version: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # coordinators alerted
    messages: Mapped[int] = mapped_column(Integer, default=0)  # offers sent

    shift: Mapped[Shift] = relationship()


class MessagePrefs(Base):
    """How and when a user wants to be reached; a missing row means the defaults."""

    __tablename__ = "message_prefs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    inapp: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    sms: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_start: Mapped[int] = mapped_column(Integer, default=22)  # local hour
    quiet_end: Mapped[int] = mapped_column(Integer, default=7)
    night_urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # SMS at night if soon
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # "no offers today"
    email_unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Saved-search alerts (the board): at once, as a daily digest, or never.
    alert_frequency: Mapped[AlertFrequency] = mapped_column(
        str_enum(AlertFrequency), default=AlertFrequency.DAILY, server_default="daily"
    )
