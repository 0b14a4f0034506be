"""Who an urgent round may ask, in ask order: ranked, not yet asked, in tiers (DESIGN §5).

Tier 1 is the employer's ring and assistants they rated 4 or more; tier 2 on-call
assistants; tier 3 everyone else eligible. The round (rounds.py) sizes its waves from this.
"""

from datetime import datetime

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Booking, MessagePrefs, Offer, Rating, Shift, Status
from portal.services.matching import adapter as matching
from portal.services.matching.adapter import RankedCandidate

RANK_DEPTH = 200  # how deep a round's ranking reads: tiers reorder it


def rank_new(shift: Shift) -> list[RankedCandidate]:
    """The ranking a new shift's first wave chooses from, read before the shift is written.

    On SQLite the first write of a transaction holds the database's one write lock until
    the commit: ranking 200 deep before it shortens every other writer's wait.
    """
    return matching.rank_for_shift(shift, RANK_DEPTH)


def trusted(employer_id: int) -> set[int]:
    """Tier 1 extras: assistants this employer rated 4 or more on average."""
    rows = db.session.execute(
        select(Rating.ratee_id, func.avg(Rating.stars))
        .join(Booking, Booking.id == Rating.booking_id)
        .join(Shift, Shift.id == Booking.shift_id)
        .where(Shift.employer_id == employer_id, Rating.rater_id == employer_id)
        .group_by(Rating.ratee_id)
    )
    return {assistant_id for assistant_id, average in rows if average >= 4}


def tier_of(ranked: RankedCandidate, trusted_ids: set[int]) -> int:
    """1 ring or trusted, 2 on call, 3 everyone else eligible."""
    if ranked.in_ring or ranked.assistant.id in trusted_ids:
        return 1
    return 2 if ranked.candidate.on_call else 3


def fresh_candidates(
    shift: Shift, now: datetime, ranked: list[RankedCandidate] | None = None
) -> list[RankedCandidate]:
    """Ranked eligible assistants not yet offered this shift and not pausing offers.

    `ranked`: read before a new shift was written (`rank_new`): nobody was offered it yet.
    """
    taken = (
        set(db.session.scalars(select(Offer.assistant_id).where(Offer.shift_id == shift.id)))
        if ranked is None
        else set()
    )
    paused = set(
        db.session.scalars(select(MessagePrefs.user_id).where(MessagePrefs.paused_until > now))
    )
    return [
        r
        for r in (ranked if ranked is not None else matching.rank_for_shift(shift, RANK_DEPTH))
        if r.assistant.id not in taken | paused and r.assistant.status == Status.APPROVED
    ]


def in_tiers(shift: Shift, fresh: list[RankedCandidate]) -> list[tuple[RankedCandidate, int]]:
    """(candidate, tier) in ask order; sorted() keeps the recommender order inside a tier."""
    trusted_ids = trusted(shift.employer_id)
    return sorted(((r, tier_of(r, trusted_ids)) for r in fresh), key=lambda pair: pair[1])
