"""What is next for an assistant or an employer: the home page's short lists."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AfterShift,
    AssistantProfile,
    AvailabilityWindow,
    Booking,
    EmployerProfile,
    Offer,
    OfferState,
    Shift,
    ShiftState,
    User,
    utcnow,
)

ANSWERS = (OfferState.APPLIED, OfferState.ACCEPTED)


@dataclass
class AssistantNext:
    """The assistant's next shift, offers waiting for an answer, what the profile lacks."""

    next_booking: Booking | None = None
    open_offers: list[Offer] = field(default_factory=list)
    needs_announcement: bool = False
    needs_availability: bool = False


@dataclass
class EmployerNext:
    """The employer's open shifts with their answers, the next filled shift, after-shift work."""

    open_shifts: list[tuple[Shift, int]] = field(default_factory=list)
    next_booking: Booking | None = None
    to_confirm: list[Booking] = field(default_factory=list)
    needs_profile: bool = False


def assistant_next(user: User, now: datetime | None = None) -> AssistantNext:
    """The assistant's next confirmed shift and the offers that wait for an answer."""
    now = now or utcnow()
    booking = db.session.scalar(
        select(Booking)
        .where(
            Booking.assistant_id == user.id,
            Booking.cancelled_at.is_(None),
            Booking.ends_at > now,
        )
        .order_by(Booking.starts_at)
        .limit(1)
    )
    offers = list(
        db.session.scalars(
            select(Offer)
            .join(Shift, Shift.id == Offer.shift_id)
            .where(
                Offer.assistant_id == user.id,
                Offer.state == OfferState.OFFERED,
                Shift.state == ShiftState.OPEN,
                Shift.starts_at > now,
            )
            .order_by(Shift.starts_at)
            .limit(5)
        )
    )
    profile = db.session.get(AssistantProfile, user.id)
    windows = db.session.scalar(
        select(func.count()).where(AvailabilityWindow.assistant_id == user.id)
    )
    return AssistantNext(
        next_booking=booking,
        open_offers=offers,
        needs_announcement=profile is None or not profile.announcement.strip(),
        needs_availability=not windows,
    )


def employer_next(user: User, now: datetime | None = None) -> EmployerNext:
    """The employer's open shifts ahead with how many answered, and shifts to confirm."""
    now = now or utcnow()
    answers = (
        select(func.count())
        .where(Offer.shift_id == Shift.id, Offer.state.in_(ANSWERS))
        .correlate(Shift)
        .scalar_subquery()
    )
    open_shifts = [
        (shift, count)
        for shift, count in db.session.execute(
            select(Shift, answers)
            .where(
                Shift.employer_id == user.id,
                Shift.state == ShiftState.OPEN,
                Shift.starts_at > now,
            )
            .order_by(Shift.starts_at)
            .limit(8)
        )
    ]
    mine = select(Booking).join(Shift, Shift.id == Booking.shift_id)
    mine = mine.where(Shift.employer_id == user.id, Booking.cancelled_at.is_(None))
    next_booking = db.session.scalar(
        mine.where(Booking.ends_at > now).order_by(Booking.starts_at).limit(1)
    )
    to_confirm = list(
        db.session.scalars(
            mine.where(Booking.ends_at <= now, Booking.outcome == AfterShift.CONFIRMED)
            .order_by(Booking.starts_at.desc())
            .limit(5)
        )
    )
    profile = db.session.get(EmployerProfile, user.id)
    return EmployerNext(
        open_shifts=open_shifts,
        next_booking=next_booking,
        to_confirm=to_confirm,
        needs_profile=profile is None or not profile.postcode,
    )
