"""The coordinators' live view: open urgent shifts, who is free near one, the Lapland map.

"Who is free near here" asks portal/services/matching.py (the recommender adapter): only
approved assistants within both travel limits, free for the whole shift (weekly windows,
exceptions and bookings), and not excluded by the employer, best first.
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    Municipality,
    Offer,
    OfferRound,
    PostalCode,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
    User,
)
from portal.services.errors import NotFoundError
from portal.services.matching import adapter as matching

REGION = "Lappi"


@dataclass(frozen=True)
class UrgentShift:
    """An open urgent shift with its current round's tier and the answers so far."""

    shift: Shift
    tier: int | None
    answers: dict[str, int]
    has_round: bool


def open_urgent_shifts(now: datetime) -> list[UrgentShift]:
    """Open urgent shifts not yet over, soonest first."""
    shifts = list(
        db.session.scalars(
            select(Shift)
            .where(
                Shift.kind == ShiftKind.URGENT,
                Shift.state == ShiftState.OPEN,
                Shift.ends_at > now,
            )
            .order_by(Shift.starts_at, Shift.id)
        )
    )
    offers = db.session.scalars(select(Offer).where(Offer.shift_id.in_([s.id for s in shifts])))
    tiers: dict[int, int] = {}
    answers: dict[int, Counter[str]] = {s.id: Counter() for s in shifts}
    for offer in offers:
        if offer.tier is not None:
            tiers[offer.shift_id] = max(tiers.get(offer.shift_id, 0), offer.tier)
        answers[offer.shift_id][str(offer.state)] += 1
    running = {
        r.shift_id: r
        for r in db.session.scalars(
            select(OfferRound).where(OfferRound.shift_id.in_([s.id for s in shifts]))
        )
    }
    return [
        UrgentShift(
            s,
            running[s.id].tier if s.id in running else tiers.get(s.id),
            dict(answers[s.id]),
            s.id in running,
        )
        for s in shifts
    ]


def get_shift(shift_id: int) -> Shift:
    """A shift by id, or NotFoundError."""
    shift = db.session.get(Shift, shift_id)
    if shift is None:
        raise NotFoundError("No such shift.")
    return shift


def free_near(shift: Shift, limit: int = 20) -> list[tuple[User, float, str]]:
    """Eligible assistants free for the shift, best first, from the matching service."""
    ranked = matching.rank_for_shift(shift, limit)
    places = dict(
        db.session.execute(
            select(AssistantProfile.user_id, Municipality.name_fi)
            .join(PostalCode, PostalCode.code == AssistantProfile.postcode)
            .join(Municipality, Municipality.code == PostalCode.municipality_code)
            .where(AssistantProfile.user_id.in_([r.assistant.id for r in ranked]))
        ).all()
    )
    return [(r.assistant, round(r.road_km, 1), places.get(r.assistant.id, "")) for r in ranked]


@dataclass(frozen=True)
class MapPoint:
    """One municipality on the map: where it is drawn and its supply and demand."""

    code: str
    name: str
    x: float
    y: float
    supply: int
    open_shifts: int
    unfilled: int

    @property
    def demand(self) -> int:
        """Open and unfilled shifts together."""
        return self.open_shifts + self.unfilled


def _count_by_municipality(query: Select[str, int]) -> Counter[str]:
    return Counter(dict(db.session.execute(query).all()))


def map_points(
    now: datetime, since: datetime, locale: str = "fi", width: int = 460
) -> list[MapPoint]:
    """Lapland municipalities projected (equirectangular, x scaled by cos(lat))."""
    places = list(
        db.session.scalars(
            select(Municipality).where(Municipality.region_fi == REGION).order_by(Municipality.code)
        )
    )
    if not places:
        return []
    supply = _count_by_municipality(
        select(PostalCode.municipality_code, func.count())
        .join(AssistantProfile, AssistantProfile.postcode == PostalCode.code)
        .join(User, User.id == AssistantProfile.user_id)
        .where(
            User.status == Status.APPROVED,
            User.role == Role.ASSISTANT,
            AssistantProfile.visible.is_(True),
            AssistantProfile.windows.any(),
        )
        .group_by(PostalCode.municipality_code)
    )
    unbooked = (
        select(PostalCode.municipality_code, func.count())
        .join(Shift, Shift.postcode == PostalCode.code)
        .outerjoin(Booking, and_(Booking.shift_id == Shift.id, Booking.cancelled_at.is_(None)))
        .where(Shift.state == ShiftState.OPEN, Booking.id.is_(None))
        .group_by(PostalCode.municipality_code)
    )
    open_now = _count_by_municipality(unbooked.where(Shift.starts_at > now))
    unfilled = _count_by_municipality(
        unbooked.where(Shift.starts_at <= now, Shift.starts_at >= since)
    )
    mid = math.radians(sum(p.lat for p in places) / len(places))
    xs = [p.lon * math.cos(mid) for p in places]
    min_x, max_x = min(xs), max(xs)
    max_lat = max(p.lat for p in places)
    scale = (width - 120) / max(max_x - min_x, 1e-6)
    return [
        MapPoint(
            p.code,
            p.name(locale),
            round(60 + (x - min_x) * scale, 1),
            round(40 + (max_lat - p.lat) * scale, 1),
            supply.get(p.code, 0),
            open_now.get(p.code, 0),
            unfilled.get(p.code, 0),
        )
        for p, x in zip(places, xs, strict=True)
    ]


def map_height(points: list[MapPoint]) -> int:
    """The SVG height that fits every point and its label."""
    return int(max((p.y for p in points), default=0) + 60)
