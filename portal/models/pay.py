"""Payers and their pay schemes, pay-period sheets and timesheets (issue 13)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow
from portal.models.shifts import Booking
from portal.pay import PayRules, PayScheme

RATE = Numeric(6, 4)


class Payer(Base):
    """Who pays the assistants' wages (a municipality or wellbeing area) and by what rules."""

    __tablename__ = "payers"
    __table_args__ = (
        CheckConstraint("split_day BETWEEN 1 AND 27", name="split_day_range"),
        CheckConstraint("first_due_day BETWEEN 1 AND 31", name="first_due_range"),
        CheckConstraint("second_due_day BETWEEN 1 AND 31", name="second_due_range"),
        Index(
            "uq_payers_one_default",
            "is_default",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The municipality whose employers this payer pays by default (None: only by choice).
    municipality_code: Mapped[str | None] = mapped_column(
        ForeignKey("municipalities.code"), unique=True
    )
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    evening: Mapped[Decimal] = mapped_column(RATE, default=Decimal("0.15"))
    night: Mapped[Decimal] = mapped_column(RATE, default=Decimal("0.30"))
    saturday: Mapped[Decimal] = mapped_column(RATE, default=Decimal("0.20"))
    sunday: Mapped[Decimal] = mapped_column(RATE, default=Decimal("1.00"))
    split_day: Mapped[int] = mapped_column(Integer, default=15)
    first_due_day: Mapped[int] = mapped_column(Integer, default=20)
    second_due_day: Mapped[int] = mapped_column(Integer, default=5)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def scheme(self) -> PayScheme:
        """This payer's rates and periods as the pure pay rules' PayScheme."""
        rules = PayRules(
            evening=Decimal(self.evening),
            night=Decimal(self.night),
            saturday=Decimal(self.saturday),
            sunday=Decimal(self.sunday),
        )
        return PayScheme(
            rules=rules,
            split_day=self.split_day,
            first_due_day=self.first_due_day,
            second_due_day=self.second_due_day,
        )


class SheetState(LabelledEnum):
    """A pay period's sheet for one employer: open for changes, or locked for payroll."""

    OPEN = "open"
    LOCKED = "locked"

    __labels__ = {"open": _l("open"), "locked": _l("locked")}


class PeriodSheet(Base):
    """One employer's pay period: the row every timesheet change and the lock race on."""

    __tablename__ = "period_sheets"
    __table_args__ = (UniqueConstraint("employer_id", "first_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer_profiles.user_id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    due_day: Mapped[date] = mapped_column(Date)
    state: Mapped[SheetState] = mapped_column(str_enum(SheetState), default=SheetState.OPEN)
    version: Mapped[int] = mapped_column(Integer, default=0)  # bumped by every change
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TimesheetState(LabelledEnum):
    """Where one recorded span of work stands."""

    SUBMITTED = "submitted"  # recorded by the assistant, waiting for the employer
    RETURNED = "returned"  # the employer asked for a correction
    APPROVED = "approved"

    __labels__ = {
        "submitted": _l("waiting for approval"),
        "returned": _l("returned for correction"),
        "approved": _l("approved"),
    }


class Timesheet(Base):
    """The actual start, end and unpaid breaks of one piece of booked work.

    The work is a booking, or an employment's occurrence on one local day
    (`employment_id` + `work_day`): exactly one of the two is set.
    """

    __tablename__ = "timesheets"
    __table_args__ = (
        CheckConstraint("actual_end > actual_start", name="ends_after_start"),
        CheckConstraint("break_minutes >= 0", name="break_nonnegative"),
        CheckConstraint(
            "(booking_id IS NOT NULL AND employment_id IS NULL AND work_day IS NULL)"
            " OR (booking_id IS NULL AND employment_id IS NOT NULL AND work_day IS NOT NULL)",
            name="booking_or_occurrence",
        ),
        UniqueConstraint("employment_id", "work_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("period_sheets.id", ondelete="CASCADE"), index=True
    )
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    employment_id: Mapped[int | None] = mapped_column(
        ForeignKey("employments.id", ondelete="CASCADE")
    )
    work_day: Mapped[date | None] = mapped_column(Date)
    assistant_id: Mapped[int] = mapped_column(
        ForeignKey("assistant_profiles.user_id", ondelete="CASCADE"), index=True
    )
    actual_start: Mapped[datetime] = mapped_column(UTCDateTime)
    actual_end: Mapped[datetime] = mapped_column(UTCDateTime)
    break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[TimesheetState] = mapped_column(
        str_enum(TimesheetState), default=TimesheetState.SUBMITTED
    )
    comment: Mapped[str] = mapped_column(Text, default="")  # the employer's, when returned
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    sheet: Mapped[PeriodSheet] = relationship()
    booking: Mapped[Booking | None] = relationship()
