"""Bookings: THE one race-safe place that confirms an assistant for a shift.

Two requests may confirm at once (an employer clicking twice, an urgent round's answers
racing). The database decides, not Python: a conditional UPDATE moves the shift from
open to filled (only one transaction can win it), the partial unique index
`uq_bookings_active_shift` allows one active booking per shift, and the overlap rule
(exclusion constraint on PostgreSQL, triggers on SQLite; portal/models/constraints.py)
keeps an assistant from two overlapping active bookings. A regular position's occurrences
are computed, not rows, so a confirm first takes the assistant's row lock and then checks
them (positions/occurrences.py). Every loser gets ConflictError.
"""

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Role,
    Shift,
    ShiftState,
    Status,
    User,
    utcnow,
)
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.matching import changelog  # noqa: F401 - its session hook logs the changes
from portal.services.positions import occurrences, relatives
from portal.timeutil import to_local

LATE_CANCEL = timedelta(hours=24)
OPEN_OFFER_STATES = (OfferState.OFFERED, OfferState.APPLIED, OfferState.ACCEPTED)


def _may_confirm(shift: Shift, assistant_id: int, actor: User | None) -> bool:
    """The employer, staff, the system (None) or, on auto-confirm shifts, the assistant."""
    if actor is None or actor.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    if actor.id == shift.employer_id:
        return True
    return actor.id == assistant_id and shift.auto_confirm


def _declaration(shift_id: int, assistant_id: int) -> tuple[bool, str]:
    """What the assistant declared about being a relative on their offer or application."""
    offer = db.session.scalar(
        select(Offer).where(Offer.shift_id == shift_id, Offer.assistant_id == assistant_id)
    )
    return (offer.related_to_employer, offer.relation) if offer else (False, "")


def confirm(
    shift: Shift,
    assistant_id: int,
    actor: User | None,
    now: datetime | None = None,
    *,
    declared: tuple[bool, str] | None = None,
) -> Booking:
    """Confirm one assistant for an open shift, or raise ConflictError if someone won first.

    `declared` is the relative declaration when this route asked it itself (a
    coordinator's placement); otherwise the one on the assistant's offer counts. A
    declared relation needs the decision to name them. Flushes but never commits; on any
    DomainError the caller must roll back.
    """
    now = now or utcnow()
    if not _may_confirm(shift, assistant_id, actor):
        raise NotFoundError(_("No such shift."))
    assistant = db.session.get(User, assistant_id)
    profile = db.session.get(AssistantProfile, assistant_id)
    if assistant is None or profile is None or assistant.status != Status.APPROVED:
        raise DomainError(_("This assistant cannot be confirmed right now."))
    if shift.starts_at <= now:
        raise DomainError(_("The shift has already started; it can no longer be confirmed."))
    related, relation = declared or _declaration(shift.id, assistant_id)
    if related:
        day = to_local(shift.starts_at).date()
        relatives.require_approved(shift.employer_id, assistant, relation, day)
    taken = db.session.execute(
        update(Shift)
        .where(Shift.id == shift.id, Shift.state == ShiftState.OPEN)
        .values(state=ShiftState.FILLED)
        .execution_options(synchronize_session=False)
    )
    # an UPDATE's result is a CursorResult, the kind that carries a rowcount
    if cast(CursorResult[Any], taken).rowcount != 1:
        raise ConflictError(_("Someone else was confirmed for this shift a moment ago."))
    # Still approved when this commits: a conditional write on the user's row (a row lock
    # on PostgreSQL) orders it against a suspension or erasure, which cancels what it sees.
    still = db.session.execute(
        update(User)
        .where(User.id == assistant_id, User.status == Status.APPROVED, User.erased_at.is_(None))
        .values(status=Status.APPROVED)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], still).rowcount != 1:
        raise DomainError(_("This assistant cannot be confirmed right now."))
    occurrences.lock_assistant(assistant_id)
    if occurrences.works_regularly_at(assistant_id, shift.starts_at, shift.ends_at):
        raise ConflictError(occurrences.busy_message())
    booking = Booking(
        shift_id=shift.id,
        assistant_id=assistant_id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        confirmed_at=now,
    )
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError as error:
        # The unique index (shift taken) or the overlap rule (assistant busy) said no. The
        # failed flush already ended the transaction: roll it back before anything touches
        # the session again (translating may query for the signed-in user's language).
        db.session.rollback()
        text = str(error.orig)
        if "overlap" in text or "ex_bookings" in text:
            raise ConflictError(
                _("The assistant was just confirmed for another shift at the same time.")
            ) from error
        raise ConflictError(_("Someone else was confirmed for this shift a moment ago.")) from error
    except OperationalError as error:  # SQLite: a concurrent writer held the lock
        db.session.rollback()
        raise ConflictError(
            _("Someone else was confirming this shift at the same moment. Reload and check.")
        ) from error
    db.session.refresh(shift, ["state"])
    mine = _settle_offers(shift, assistant_id, now)
    if declared is not None:
        mine.related_to_employer, mine.relation = related, relation
    return booking


def _settle_offers(shift: Shift, assistant_id: int, now: datetime) -> Offer:
    """The confirmed assistant's offer is confirmed; everyone else's open one is filled."""
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id))
    mine = None
    for offer in offers:
        if offer.assistant_id == assistant_id:
            mine = offer
        elif offer.state in OPEN_OFFER_STATES:
            offer.state = OfferState.FILLED_ELSEWHERE
    if mine is None:
        mine = Offer(
            shift_id=shift.id,
            assistant_id=assistant_id,
            source=OfferSource.INVITATION,
            state=OfferState.CONFIRMED,
            answered_at=now,
        )
        db.session.add(mine)
    else:
        mine.state = OfferState.CONFIRMED
        mine.answered_at = mine.answered_at or now
    db.session.flush()
    return mine


def active_booking(shift_id: int) -> Booking | None:
    """The shift's active (not cancelled) booking, if any."""
    return db.session.scalar(
        select(Booking).where(Booking.shift_id == shift_id, Booking.cancelled_at.is_(None))
    )


def cancel_booking(
    booking: Booking, actor: User, now: datetime | None = None, *, reopen: bool = True
) -> Booking:
    """Cancel a booking; late (< 24 h before start) cancellations by the assistant count.

    With reopen=True the shift goes back to open so someone else can be confirmed.
    """
    now = now or utcnow()
    shift = booking.shift
    allowed = actor.id in (booking.assistant_id, shift.employer_id) or actor.role in (
        Role.COORDINATOR,
        Role.ADMIN,
    )
    if not allowed:
        raise NotFoundError(_("No such booking."))
    if booking.cancelled_at is not None:
        raise ConflictError(_("This booking was already cancelled."))
    if booking.starts_at <= now:
        raise DomainError(_("The shift has already started; it can no longer be cancelled."))
    booking.cancelled_at = now
    booking.cancelled_by_id = actor.id
    booking.late_cancel = booking.starts_at - now < LATE_CANCEL
    offer = db.session.scalar(
        select(Offer).where(Offer.shift_id == shift.id, Offer.assistant_id == booking.assistant_id)
    )
    if offer is not None:
        offer.state = OfferState.CANCELLED
    if reopen and shift.state == ShiftState.FILLED:
        shift.state = ShiftState.OPEN
    db.session.flush()
    return booking
