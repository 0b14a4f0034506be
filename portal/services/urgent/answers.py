"""Answers to urgent offers (web, signed link, SMS), the employer's pick, hand placement.

Confirmation always goes through bookings.confirm, which lets exactly one assistant win
even when answers, picks and cancellations race; the losers get ConflictError.
"""

import re
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    Booking,
    DeliveryLog,
    Offer,
    OfferRound,
    OfferState,
    Role,
    RoundState,
    Shift,
    ShiftState,
    User,
)
from portal.services import audit
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.marketplace import bookings
from portal.services.positions import checks, occurrences, relatives
from portal.services.urgent import offer_messages, rounds
from portal.timeutil import to_local

SMS_REPLY = re.compile(r"^\s*([KEJN])\s*(\d{4,6})\s*$", re.IGNORECASE)
YES_LETTERS = {"K", "J"}  # kyllä / ja


def own_offer(user: User, offer_id: int) -> Offer:
    """The user's own offer, else NotFoundError."""
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.assistant_id != user.id:
        raise NotFoundError(_("No such offer."))
    return offer


def offer_by_id(offer_id: int) -> Offer | None:
    """An offer by id (a signed link names it; the signature is the permission)."""
    return db.session.get(Offer, offer_id)


def answer(
    offer: Offer, yes: bool, channel: str, now: datetime, declared: tuple[bool, str] | None = None
) -> str:
    """Record one answer; returns confirmed | accepted | declined | filled | already.

    The answer is claimed with a conditional UPDATE, so of racing answers to one offer
    (a double click, a retried link, a yes and a no at once) exactly one is recorded.
    A yes carries the relative declaration (an SMS yes declares no relation: the offer
    text says relatives answer on the page). A declared relative is never auto-confirmed
    unless the decision names them; the employer sees the yes and the declaration.
    """
    if not _claim(offer, channel, now):
        db.session.refresh(offer)
        return "filled" if offer.state == OfferState.FILLED_ELSEWHERE and yes else "already"
    db.session.refresh(offer)
    _mark_answered(offer, now)
    if offer.state == OfferState.FILLED_ELSEWHERE:  # a late answer after someone else won
        if yes:
            offer_messages.already_filled(offer, now)
        db.session.flush()
        return "filled" if yes else "declined"
    shift = offer.shift
    if shift.state != ShiftState.OPEN or shift.starts_at <= now:
        offer.state = OfferState.FILLED_ELSEWHERE
        if yes:
            offer_messages.already_filled(offer, now)
        db.session.flush()
        return "filled" if yes else "declined"
    offer_round = rounds.round_for(shift.id)
    if not yes:
        offer.state, offer.sms_code = OfferState.DECLINED, None
        db.session.flush()
        _advance_if_all_declined(offer_round, now)
        return "declined"
    if busy(offer.assistant_id, shift):
        offer.state, offer.sms_code = OfferState.DECLINED, None  # booked elsewhere meanwhile
        db.session.flush()
        _advance_if_all_declined(offer_round, now)
        return "declined"
    offer.state = OfferState.ACCEPTED
    offer.related_to_employer, offer.relation = declared or (False, "")
    db.session.flush()
    if shift.auto_confirm and _may_auto_confirm(offer):
        try:
            booking = bookings.confirm(shift, offer.assistant_id, None, now)
        except ConflictError:
            offer.state = OfferState.FILLED_ELSEWHERE
            offer_messages.already_filled(offer, now)
            db.session.flush()
            return "filled"
        settle(booking, offer_round, now)
        return "confirmed"
    offer_messages.yes_received(offer, now)
    return "accepted"


def _claim(offer: Offer, channel: str, now: datetime) -> bool:
    """Record that this offer is answered, unless another request already did."""
    claimed = db.session.execute(
        update(Offer)
        .where(
            Offer.id == offer.id,
            Offer.answered_at.is_(None),
            Offer.state.in_((OfferState.OFFERED, OfferState.FILLED_ELSEWHERE)),
        )
        .values(answered_at=now, answer_channel=channel)
        .execution_options(synchronize_session=False)
    )
    # an UPDATE's result is a CursorResult, the kind that carries a rowcount
    return cast(CursorResult[Any], claimed).rowcount == 1


def _may_auto_confirm(offer: Offer) -> bool:
    """Not a declared relative, or one the decision names."""
    if not offer.related_to_employer:
        return True
    day = to_local(offer.shift.starts_at).date()
    return relatives.approved(offer.shift.employer_id, offer.assistant, offer.relation, day)


def busy(assistant_id: int, shift: Shift) -> bool:
    """The assistant already has an active booking or a regular occurrence overlapping it."""
    if occurrences.works_regularly_at(assistant_id, shift.starts_at, shift.ends_at):
        return True
    return (
        db.session.scalar(
            select(Booking.id).where(
                Booking.assistant_id == assistant_id,
                Booking.cancelled_at.is_(None),
                Booking.starts_at < shift.ends_at,
                Booking.ends_at > shift.starts_at,
            )
        )
        is not None
    )


def _mark_answered(offer: Offer, now: datetime) -> None:
    db.session.execute(
        update(DeliveryLog)
        .where(DeliveryLog.offer_id == offer.id, DeliveryLog.state == "sent")
        .values(state="answered", answered_at=now)
        .execution_options(synchronize_session=False)
    )


def _advance_if_all_declined(offer_round: OfferRound | None, now: datetime) -> None:
    """Everyone out said no: the next wave at once; some still out: top up if too few."""
    if offer_round is None or offer_round.state != RoundState.RUNNING:
        return
    waiting = db.session.scalar(
        select(Offer.id).where(
            Offer.shift_id == offer_round.shift_id,
            Offer.state.in_((OfferState.OFFERED, OfferState.ACCEPTED)),
        )
    )
    if waiting is None:
        rounds.next_wave(offer_round, now)
    elif not _any_yes(offer_round):
        rounds.top_up(offer_round, now)  # others still out: ask more now if they are too few


def _any_yes(offer_round: OfferRound) -> bool:
    """Someone already said yes: the employer picks, nobody new needs asking."""
    yes = db.session.scalar(
        select(Offer.id).where(
            Offer.shift_id == offer_round.shift_id, Offer.state == OfferState.ACCEPTED
        )
    )
    return yes is not None


def settle(booking: Booking, offer_round: OfferRound | None, now: datetime) -> None:
    """After a confirmation: close the round, tell the confirmed one and everyone else."""
    if offer_round is not None:
        offer_round.state, offer_round.filled_at = RoundState.FILLED, now
        offer_round.window_ends_at, offer_round.version = None, offer_round.version + 1
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == booking.shift_id))
    for offer in offers:
        offer.sms_code = None
        if offer.assistant_id == booking.assistant_id:
            offer_messages.confirmed(offer, now)
        elif offer.state == OfferState.FILLED_ELSEWHERE and offer.source == "round":
            offer_messages.filled_elsewhere(offer, now)
    db.session.flush()


def pick(employer: User, offer_id: int, now: datetime, *, acknowledged: bool = False) -> Booking:
    """The employer confirms one assistant who said yes (warned first past the rules)."""
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.shift.employer_id != employer.id:
        raise NotFoundError(_("No such offer."))
    if offer.state != OfferState.ACCEPTED:
        raise DomainError(_("This assistant has not said yes."))
    checks.check_booking(employer, offer.shift, offer.assistant_id, acknowledged)
    booking = bookings.confirm(offer.shift, offer.assistant_id, employer, now)
    settle(booking, rounds.round_for(offer.shift_id), now)
    return booking


def place_by_hand(
    coordinator: User,
    shift: Shift,
    assistant_id: int,
    now: datetime,
    *,
    declared: tuple[bool, str] = (False, ""),
    acknowledged: bool = False,
) -> Booking:
    """A coordinator places an assistant directly (audited), with what they declared."""
    if coordinator.role not in (Role.COORDINATOR, Role.ADMIN):
        raise NotFoundError(_("No such shift."))
    checks.check_booking(coordinator, shift, assistant_id, acknowledged)
    booking = bookings.confirm(shift, assistant_id, coordinator, now, declared=declared)
    audit.record(coordinator, "shift.placed_by_hand", obj=shift, assistant_id=assistant_id)
    settle(booking, rounds.round_for(shift.id), now)
    return booking


def cancel_confirmed(assistant: User, offer_id: int, now: datetime) -> OfferRound | None:
    """The confirmed assistant cancels: the booking ends and the round re-opens."""
    offer = own_offer(assistant, offer_id)
    booking = bookings.active_booking(offer.shift_id)
    if booking is None or booking.assistant_id != assistant.id:
        raise ConflictError(_("You are not confirmed for this shift."))
    bookings.cancel_booking(booking, assistant, now, reopen=True)
    offer_round = rounds.round_for(offer.shift_id)
    offer_messages.assistant_cancelled(offer, now)
    if offer_round is not None and offer.shift.state == ShiftState.OPEN:
        rounds.start(offer.shift, now, offer_round.strategy)
    return offer_round


def answer_sms(phone: str, text: str, now: datetime) -> str:
    """An SMS reply 'K 1234' (yes) or 'E 1234' (no) from the offer's assistant's phone."""
    match = SMS_REPLY.match(text or "")
    if not match:
        return "unknown"
    offer = db.session.scalar(select(Offer).where(Offer.sms_code == match.group(2)))
    if offer is None or _digits(offer.assistant.phone) != _digits(phone):
        return "unknown"
    return answer(offer, match.group(1).upper() in YES_LETTERS, "sms", now)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:]  # 040 1234567 and +358 40 1234567 are the same phone
