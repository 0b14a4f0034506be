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


DRAWS = 50  # random codes looked up at once


def new_code() -> str:
    """A 4-digit SMS reply code no offer holds now (a filled or declined offer frees its own).

    One query looks up DRAWS random codes. With most of the 9,000 four-digit codes held
    (thousands of offers out at once) a six-digit code is drawn the same way: two queries
    in all, where trying one code a query took 50 before falling back.
    Concurrent rounds may draw the same free code; `new_offer` then draws again.
    """
    for lowest, count in ((1000, 9000), (100000, 900000)):
        drawn = list(dict.fromkeys(f"{secrets.randbelow(count) + lowest}" for _ in range(DRAWS)))
        held = set(db.session.scalars(select(Offer.sms_code).where(Offer.sms_code.in_(drawn))))
        free = [code for code in drawn if code not in held]
        if free:
            return free[0]
    raise RuntimeError("no free SMS reply code")  # 50 six-digit codes all held: impossible
