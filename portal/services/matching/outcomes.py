"""Stored outcomes → recommender Outcome objects for Ranker.fit."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, Offer, OfferState, Rating, Shift
from portal.services.matching.adapter import shift_request
from portal.services.matching.candidate_rows import load_candidates
from recommender import Outcome

ANSWERED = {
    OfferState.ACCEPTED: True,
    OfferState.CONFIRMED: True,
    OfferState.APPLIED: True,
    OfferState.FILLED_ELSEWHERE: True,
    OfferState.DECLINED: False,
    OfferState.EXPIRED: False,
}


def build_outcomes(limit: int = 20000) -> list[Outcome]:
    """One Outcome per answered offer: accepted or not, and the employer's rating."""
    offers = list(
        db.session.scalars(
            select(Offer)
            .where(Offer.state.in_(list(ANSWERED)))
            .order_by(Offer.id.desc())
            .limit(limit)
        )
    )
    candidates = {c.id: c for c in load_candidates({o.assistant_id for o in offers})}
    ratings = dict(
        db.session.execute(
            select(Booking.id, Rating.stars)
            .join(Rating, Rating.booking_id == Booking.id)
            .join(Shift, Shift.id == Booking.shift_id)
            .where(Rating.rater_id == Shift.employer_id)
        ).all()
    )
    booking_of = dict(
        db.session.execute(
            select(Booking.shift_id, Booking.id).where(Booking.cancelled_at.is_(None))
        ).all()
    )
    requests, result = {}, []
    for offer in offers:
        candidate = candidates.get(offer.assistant_id)
        if candidate is None:
            continue
        if offer.shift_id not in requests:
            requests[offer.shift_id] = shift_request(offer.shift, min_coverage=0.0)
        rating = None
        if offer.state == OfferState.CONFIRMED:
            booking_id = booking_of.get(offer.shift_id)
            stars = ratings.get(booking_id) if booking_id is not None else None
            rating = float(stars) if stars is not None else None
        result.append(
            Outcome(
                shift=requests[offer.shift_id],
                candidate=candidate,
                accepted=ANSWERED[offer.state],
                rating=rating,
            )
        )
    return result
