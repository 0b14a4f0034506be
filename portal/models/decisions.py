"""The municipality's decision an employer works under, and the relatives it approves."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow


class HoursPer(LabelledEnum):
    """What the granted hours are counted over."""

    MONTH = "month"
    WEEK = "week"

    __labels__ = {"month": _l("month"), "week": _l("week")}


class Relation(LabelledEnum):
    """The relations that need the social worker's decision (DESIGN §1)."""

    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"

    __labels__ = {
        "spouse": _l("spouse"),
        "partner": _l("partner (living together)"),
        "child": _l("child"),
        "parent": _l("parent"),
        "sibling": _l("sibling"),
        "grandparent": _l("grandparent or grandchild"),
    }


class Decision(Base):
    """Granted hours, validity, which hours are paid, and two-assistant/trip permissions."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("granted_hours > 0", name="hours_positive"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    decided_on: Mapped[date]
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    granted_hours: Mapped[float] = mapped_column(Float)
    hours_per: Mapped[HoursPer] = mapped_column(str_enum(HoursPer), default=HoursPer.MONTH)
    evening: Mapped[bool] = mapped_column(Boolean, default=True)
    saturday: Mapped[bool] = mapped_column(Boolean, default=True)
    sunday: Mapped[bool] = mapped_column(Boolean, default=True)
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    max_night_hours: Mapped[float | None] = mapped_column(Float)  # per month, when granted
    two_assistants: Mapped[bool] = mapped_column(Boolean, default=False)
    trips: Mapped[bool] = mapped_column(Boolean, default=False)  # shifts over 24 h, to 14 days
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    relatives: Mapped[list[DecisionRelative]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionRelative.id"
    )


class DecisionRelative(Base):
    """A named relative the social worker approved as the employer's assistant."""

    __tablename__ = "decision_relatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(160))
    relation: Mapped[Relation] = mapped_column(str_enum(Relation))
    approved_on: Mapped[date]

    decision: Mapped[Decision] = relationship(back_populates="relatives")
