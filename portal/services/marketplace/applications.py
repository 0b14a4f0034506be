"""Applications, invitations and confirmation of one assistant (via bookings.confirm)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import local_datetime
from portal.models import (
    Booking,
    ExcludedAssistant,
    ModerationState,
    Offer,
    OfferSource,
    OfferState,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
    User,
    UserBlock,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.marketplace import bookings
from portal.services.marketplace.shifts import own_shift
from portal.services.matching import adapter as matching
from portal.services.matching.adapter import RankedCandidate
from portal.services.matching.candidate_rows import load_candidates
from portal.services.positions import checks, relatives

APPLIED_STATES = (OfferState.APPLIED, OfferState.ACCEPTED, OfferState.CONFIRMED)


def offer_of(shift_id: int, assistant_id: int) -> Offer | None:
    """The assistant's offer or application for a shift, if any."""
    return db.session.scalar(
        select(Offer).where(Offer.shift_id == shift_id, Offer.assistant_id == assistant_id)
    )


def _excluded(shift: Shift, assistant_id: int) -> bool:
    """Excluded by the employer, or a block between them either way."""
    excluded = select(ExcludedAssistant.id).where(
        ExcludedAssistant.employer_id == shift.employer_id,
        ExcludedAssistant.assistant_id == assistant_id,
    )
    blocked = select(UserBlock.id).where(
        or_(
            and_(UserBlock.blocker_id == shift.employer_id, UserBlock.blocked_id == assistant_id),
            and_(UserBlock.blocker_id == assistant_id, UserBlock.blocked_id == shift.employer_id),
        )
    )
    return db.session.scalar(excluded.union(blocked).limit(1)) is not None


def shift_for_assistant(assistant: User, shift_id: int) -> Shift:
    """A shift the assistant may see: one they have an offer for, or an open, approved one
    it could be offered to (its tasks and aids are health data: not for everyone)."""
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.employer.status != Status.APPROVED:
        raise NotFoundError(_("No such shift."))
    mine = offer_of(shift.id, assistant.id)
    if shift.moderation != ModerationState.APPROVED:
        if mine is None or mine.state != OfferState.CONFIRMED:
            raise NotFoundError(_("No such shift."))
        return shift
    if mine is None and (
        shift.state != ShiftState.OPEN
        or _excluded(shift, assistant.id)
        or not matching.could_be_offered(assistant, shift)
    ):
        raise NotFoundError(_("No such shift."))
    return shift


def _hold_shown(shift: Shift) -> None:
    """Still open and approved when this commits: a conditional write on the shift's row
    (a row lock on PostgreSQL) orders it against a removal, which withdraws what it sees."""
    held = db.session.execute(
        update(Shift)
        .where(
            Shift.id == shift.id,
            Shift.state == ShiftState.OPEN,
            Shift.moderation == ModerationState.APPROVED,
        )
        .values(moderation=ModerationState.APPROVED)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], held).rowcount != 1:
        raise DomainError(_("This shift is not taking applications."))


def _require_approved(assistant: User) -> None:
    if assistant.role != Role.ASSISTANT or assistant.status != Status.APPROVED:
        raise DomainError(_("Only approved assistants can apply."))


def apply(assistant: User, shift_id: int, message: str, related: bool, relation: str) -> Offer:
    """Apply for an open shift with a message and the relative declaration."""
    _require_approved(assistant)
    shift = shift_for_assistant(assistant, shift_id)
    if shift.state != ShiftState.OPEN or shift.kind == ShiftKind.URGENT:
        raise DomainError(_("This shift is not taking applications."))
    related, relation = relatives.declaration(related, relation)
    offer = offer_of(shift.id, assistant.id)
    if offer is not None and offer.state in APPLIED_STATES:
        raise ConflictError(_("You have already applied for this shift."))
    _hold_shown(shift)
    if offer is None:
        offer = Offer(shift_id=shift.id, assistant_id=assistant.id, source=OfferSource.APPLICATION)
        db.session.add(offer)
    offer.state = OfferState.APPLIED
    offer.message = message.strip()
    offer.related_to_employer, offer.relation = related, relation
    offer.answered_at = utcnow()
    db.session.flush()
    tell(
        shift.employer,
        "application",
        lambda: (
            _("New application: %(title)s", title=shift.title),
            _(
                "%(name)s applied for your shift %(title)s.",
                name=assistant.display_name,
                title=shift.title,
            ),
        ),
        url=f"/vuorot/{shift.id}/hallinta",
    )
    return offer


def withdraw(assistant: User, shift_id: int) -> Offer:
    """Withdraw an application (or a yes to an invitation) before confirmation."""
    offer = offer_of(shift_id, assistant.id)
    if offer is None or offer.state not in (OfferState.APPLIED, OfferState.ACCEPTED):
        raise NotFoundError(_("You have no open application for this shift."))
    offer.state = OfferState.WITHDRAWN
    offer.answered_at = utcnow()
    db.session.flush()
    return offer


def answer_invitation(
    assistant: User, shift_id: int, accept: bool, declared: tuple[bool, str] = (False, "")
) -> Offer:
    """Say yes or no to an employer's invitation; a yes carries the relative declaration."""
    _require_approved(assistant)
    offer = offer_of(shift_id, assistant.id)
    if offer is None or offer.state != OfferState.OFFERED:
        raise NotFoundError(_("No such invitation."))
    _hold_shown(offer.shift)
    offer.state = OfferState.ACCEPTED if accept else OfferState.DECLINED
    if accept:
        offer.related_to_employer, offer.relation = declared
    offer.answered_at = utcnow()
    db.session.flush()
    return offer


def invite(
    employer: User,
    shift_id: int,
    assistant_ids: list[int],
    ranked: Sequence[RankedCandidate] | None = None,
) -> int:
    """Invite assistants to an open shift; returns how many new invitations were sent."""
    shift = own_shift(employer, shift_id)
    if shift.state != ShiftState.OPEN:
        raise DomainError(_("Only open shifts can have invitations."))
    if shift.moderation != ModerationState.APPROVED:
        raise DomainError(_("A coordinator has not approved this shift yet."))
    _hold_shown(shift)
    shown = {c.id for c in load_candidates(assistant_ids)}
    by_id = {r.assistant.id: (i, r) for i, r in enumerate(ranked or [], start=1)}
    sent = 0
    for assistant_id in dict.fromkeys(assistant_ids):
        assistant = db.session.get(User, assistant_id)
        if assistant is None or assistant.role != Role.ASSISTANT or assistant_id not in shown:
            raise NotFoundError(_("No such assistant."))
        if offer_of(shift.id, assistant_id) is not None or _excluded(shift, assistant_id):
            continue
        position, found = by_id.get(assistant_id, (None, None))
        db.session.add(
            Offer(
                shift_id=shift.id,
                assistant_id=assistant_id,
                source=OfferSource.INVITATION,
                state=OfferState.OFFERED,
                rank=position,
                score=found.match.score if found else None,
                distance_km=found.match.distance_km if found else None,
            )
        )
        tell(
            assistant,
            "invitation",
            lambda: (
                _("You are invited to a shift: %(title)s", title=shift.title),
                _(
                    "An employer invites you to the shift %(title)s on %(when)s. "
                    "Answer in Avustajatori.",
                    title=shift.title,
                    when=local_datetime(shift.starts_at),
                ),
            ),
            url=f"/vuorot/{shift.id}",
        )
        sent += 1
    db.session.flush()
    return sent


def shift_offers(employer: User, shift_id: int) -> list[Offer]:
    """Applications and invitations of one of the employer's shifts."""
    shift = own_shift(employer, shift_id)
    return list(
        db.session.scalars(
            select(Offer).where(Offer.shift_id == shift.id).order_by(Offer.created_at)
        )
    )


def confirm_offer(
    employer: User,
    shift_id: int,
    offer_id: int,
    now: datetime | None = None,
    *,
    acknowledged: bool = False,
) -> Booking:
    """Confirm the assistant of an application or accepted invitation (race-safe).

    Warns first (WarningsPending) past the decision or the Working Hours Act.
    """
    shift = own_shift(employer, shift_id)
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.shift_id != shift.id:
        raise NotFoundError(_("No such application."))
    if offer.state == OfferState.FILLED_ELSEWHERE:  # lost a race with another confirmation
        raise ConflictError(_("Someone else was confirmed for this shift a moment ago."))
    if offer.state not in (OfferState.APPLIED, OfferState.ACCEPTED):
        raise DomainError(_("Only an application or an accepted invitation can be confirmed."))
    checks.check_booking(employer, shift, offer.assistant_id, acknowledged)
    booking = bookings.confirm(shift, offer.assistant_id, employer, now)
    tell(
        offer.assistant,
        "confirmed",
        lambda: (
            _("You are confirmed: %(title)s", title=shift.title),
            _(
                "You are confirmed for the shift %(title)s on %(when)s. See the address and "
                "the briefing card in Avustajatori.",
                title=shift.title,
                when=local_datetime(shift.starts_at),
            ),
        ),
        url=f"/vuorot/{shift.id}",
    )
    return booking


def employer_sees_contact(employer: User, shift: Shift, assistant_id: int) -> bool:
    """Employers see an assistant's contact details only if they applied or are confirmed."""
    if shift.employer_id != employer.id:
        return False
    offer = offer_of(shift.id, assistant_id)
    return offer is not None and offer.state in APPLIED_STATES


def assistant_booking(assistant: User, shift: Shift) -> Booking | None:
    """The assistant's active booking of this shift: only then are contacts revealed."""
    booking = bookings.active_booking(shift.id)
    return booking if booking is not None and booking.assistant_id == assistant.id else None


def my_offers(assistant: User) -> list[Offer]:
    """The assistant's open applications and invitations, soonest shift first."""
    return list(
        db.session.scalars(
            select(Offer)
            .join(Shift, Shift.id == Offer.shift_id)
            .where(
                Offer.assistant_id == assistant.id,
                Offer.state.in_([OfferState.APPLIED, OfferState.OFFERED, OfferState.ACCEPTED]),
                Shift.starts_at > utcnow(),
            )
            .order_by(Shift.starts_at)
        )
    )
