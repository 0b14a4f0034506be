"""Hooks called when shifts change; the urgent-shift feature starts offer rounds here."""

from datetime import datetime

from sqlalchemy import update

from portal.extensions import db
from portal.models import ModerationState, Offer, OfferState, RoundState, Shift, ShiftState, utcnow
from portal.services.matching.adapter import RankedCandidate
from portal.services.urgent import round_candidates, rounds


def _starts_round(shift: Shift) -> bool:
    """An open, approved urgent shift runs an offer round."""
    return rounds.is_urgent(shift) and shift.state == ShiftState.OPEN and shift_approved(shift)


def ranking_before_posting(shift: Shift) -> list[RankedCandidate] | None:
    """For a new shift that will start a round: its ranking, read before the shift is written."""
    return round_candidates.rank_new(shift) if _starts_round(shift) else None


def shift_posted(
    shift: Shift, now: datetime | None = None, ranked: list[RankedCandidate] | None = None
) -> None:
    """Called (flushed, not committed) after a shift is posted: urgent ones start a round.

    `ranked`: from `ranking_before_posting`, when the poster read it before writing; the
    shift is then new, so it has no round yet.
    """
    if _starts_round(shift) and (ranked is not None or rounds.round_for(shift.id) is None):
        rounds.start(shift, now or utcnow(), ranked=ranked)


def shift_approved(shift: Shift) -> bool:
    """Only an approved shift text is shown, offered or applied for."""
    return shift.moderation == ModerationState.APPROVED


def shift_withdrawn(shift: Shift) -> None:
    """A coordinator removed the shift: open offers end and its round stops."""
    db.session.execute(
        update(Offer)
        .where(
            Offer.shift_id == shift.id,
            Offer.state.in_([OfferState.OFFERED, OfferState.APPLIED, OfferState.ACCEPTED]),
        )
        .values(state=OfferState.WITHDRAWN, sms_code=None)
        .execution_options(synchronize_session=False)
    )
    offer_round = rounds.round_for(shift.id)
    if offer_round is not None and offer_round.state != RoundState.FILLED:
        offer_round.state, offer_round.window_ends_at = RoundState.STOPPED, None
        offer_round.version += 1
    db.session.flush()
