"""A suspended or erased assistant leaves every future shift and position; offers and feed end."""

from datetime import datetime

from sqlalchemy import select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    Booking,
    Offer,
    OfferState,
    Shift,
    ShiftState,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.notify.tokens import public_url
from portal.services.marketplace import bookings
from portal.services.positions import withdrawn
from portal.services.urgent import rounds
from portal.timeutil import to_local

OPEN_OFFER_STATES = (OfferState.OFFERED, OfferState.APPLIED, OfferState.ACCEPTED)


def _when(shift: Shift) -> str:
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"


def _tell_employer(shift: Shift) -> None:
    """The employer hears, in their language, that the shift is open again (no reason given)."""
    tell(
        shift.employer,
        "booking.withdrawn",
        lambda: (
            _("Your assistant can no longer come: %(title)s", title=shift.title),
            _(
                "The assistant confirmed for %(title)s %(when)s can no longer work it. "
                "The booking is cancelled and the shift is open again.",
                title=shift.title,
                when=_when(shift),
            ),
        ),
        url=public_url("shifts.manage", shift_id=shift.id),
    )


def _reopen(staff: User, booking: Booking, now: datetime) -> None:
    """Cancel one future booking for the assistant; an urgent shift searches again."""
    shift = booking.shift
    bookings.cancel_booking(booking, staff, now, reopen=True)
    booking.late_cancel = False  # the assistant did not cancel; reliability is not theirs
    _tell_employer(shift)
    if rounds.is_urgent(shift) and shift.state == ShiftState.OPEN:
        offer_round = rounds.round_for(shift.id)
        rounds.start(shift, now, offer_round.strategy if offer_round else "tiered")


def withdraw_assistant(staff: User, assistant: User, now: datetime | None = None) -> int:
    """Cancel future bookings, end or undo employments, withdraw offers, turn the feed off.

    Returns how many bookings were cancelled.
    """
    now = now or utcnow()
    future = list(
        db.session.scalars(
            select(Booking)
            .where(
                Booking.assistant_id == assistant.id,
                Booking.cancelled_at.is_(None),
                Booking.starts_at > now,
            )
            .order_by(Booking.starts_at, Booking.id)
        )
    )
    for booking in future:
        _reopen(staff, booking, now)
    withdrawn.leave_positions(staff, assistant, to_local(now).date())
    db.session.execute(
        update(Offer)
        .where(Offer.assistant_id == assistant.id, Offer.state.in_(OPEN_OFFER_STATES))
        .values(state=OfferState.WITHDRAWN, sms_code=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AssistantProfile)
        .where(AssistantProfile.user_id == assistant.id)
        .values(calendar_token=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return len(future)
