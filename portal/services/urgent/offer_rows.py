"""Round offer rows: one per asked assistant, with a free SMS reply code."""

import secrets
from datetime import datetime

from sqlalchemy import select

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
        sms_code=new_code(),
    )
    db.session.add(offer)
    return offer


def new_code() -> str:
    """A 4-digit SMS reply code not used by any open offer (closed offers free theirs)."""
    for _attempt in range(50):
        code = f"{secrets.randbelow(9000) + 1000}"
        if db.session.scalar(select(Offer.id).where(Offer.sms_code == code)) is None:
            return code
    return f"{secrets.randbelow(900000) + 100000}"
