"""Round offer rows: one per asked assistant, each with a free SMS reply code."""

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Offer, OfferRound, OfferSource, OfferState, Shift
from portal.services.matching.adapter import RankedCandidate

CODE_ATTEMPTS = 5
DRAWS = 50  # random codes looked up at once


def new_offers(
    offer_round: OfferRound,
    shift: Shift,
    chosen: list[tuple[RankedCandidate, int]],
    now: datetime,
) -> list[Offer]:
    """A wave's round offers, answerable while the round runs (expires_at = window's end).

    Their codes come from one look-up and the rows go in one savepoint. Another round
    may take a drawn code between the look-up and the insert: the unique index refuses
    it, the savepoint undoes this wave's rows only, and the wave draws again.
    """
    offers = [
        Offer(
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
        for ranked, tier in chosen
    ]
    if not offers:
        return offers
    db.session.flush()  # what came before stays out of the savepoint below
    for _attempt in range(CODE_ATTEMPTS):
        for offer, code in zip(offers, new_codes(len(offers)), strict=True):
            offer.sms_code = code
        try:
            with db.session.begin_nested():  # a clash undoes this wave's insert only
                db.session.add_all(offers)
        except IntegrityError:
            continue  # a round elsewhere took a code after new_codes saw it free
        return offers
    raise RuntimeError("no free SMS reply code")  # only if the unique index is broken


def new_codes(count: int) -> list[str]:
    """`count` distinct SMS reply codes no offer holds now, 4 digits while they last.

    One query looks up DRAWS random four-digit codes (a filled or declined offer frees
    its own). With most of the 9,000 held (thousands of offers out at once), the rest
    are six-digit codes drawn the same way: two queries in all.
    """
    found: list[str] = []
    for lowest, span in ((1000, 9000), (100000, 900000)):
        drawn = list(dict.fromkeys(f"{secrets.randbelow(span) + lowest}" for _ in range(DRAWS)))
        held = set(db.session.scalars(select(Offer.sms_code).where(Offer.sms_code.in_(drawn))))
        found += [code for code in drawn if code not in held][: count - len(found)]
        if len(found) == count:
            return found
    raise RuntimeError("no free SMS reply code")  # 50 six-digit codes all held: impossible
