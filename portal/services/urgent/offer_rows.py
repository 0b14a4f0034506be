"""Round offer rows: one per asked assistant, with a free SMS reply code."""

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Offer, OfferRound, OfferSource, OfferState, Shift
from portal.services.matching.adapter import RankedCandidate


def new_offer(
    offer_round: OfferRound, shift: Shift, ranked: RankedCandidate, tier: int, now: datetime
) -> Offer:
    """One round offer, answerable while the round runs (expires_at = its window's end)."""
    offer = Offer(
        shift_id=shift.id,
        assistant_id=ranked.assistant.id,
        source=OfferSource.ROUND,
        state=OfferState.OFFERED,
        tier=tier,
        rank=offer_round.wave,
        score=ranked.match.score,
        distance_km=round(ranked.road_km, 1),
        created_at=now,
        expires_at=offer_round.window_ends_at,
    )
    db.session.flush()  # what came before stays out of the savepoint below
    for _attempt in range(CODE_ATTEMPTS):
        offer.sms_code = new_code()
        try:
            with db.session.begin_nested():  # a clash undoes this insert only
                db.session.add(offer)
        except IntegrityError:
            continue  # a round elsewhere took the code after new_code saw it free
        return offer
    raise RuntimeError("no free SMS reply code")  # only if the unique index is broken


CODE_ATTEMPTS = 5


def new_code() -> str:
    """A 4-digit SMS reply code no offer holds now (a filled or declined offer frees its own).

    Concurrent rounds may draw the same free code; `new_offer` then draws again.
    """
    for _attempt in range(50):
        code = f"{secrets.randbelow(9000) + 1000}"
        if db.session.scalar(select(Offer.id).where(Offer.sms_code == code)) is None:
            return code
    return f"{secrets.randbelow(900000) + 100000}"
