"""The coordinators' live view: open urgent shifts, who is free near one, the Lapland map.

"Who is free near here" is a simple gazetteer distance query (matching.py from the
marketplace branch had not landed): approved, visible assistants whose own travel limit
(road km, converted with the 1.3 detour factor) reaches the shift, with a weekly window
covering the shift's start, no holiday or sick day then and no overlapping booking.
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from geopy.distance import great_circle
from sqlalchemy import and_, func, select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    Booking,
    ExceptionKind,
    Municipality,
    Offer,
    PostalCode,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
    User,
)
from portal.services.errors import NotFoundError
from portal.timeutil import to_local

DETOUR = 1.3  # road km per straight-line km (DESIGN §4 default)
REGION = "Lappi"


@dataclass(frozen=True)
class UrgentShift:
    """An open urgent shift with its current round's tier and the answers so far."""

    shift: Shift
    tier: int | None
    answers: dict[str, int]


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
    answers: dict[int, Counter] = {s.id: Counter() for s in shifts}
    for offer in offers:
        if offer.tier is not None:
            tiers[offer.shift_id] = max(tiers.get(offer.shift_id, 0), offer.tier)
        answers[offer.shift_id][str(offer.state)] += 1
    return [UrgentShift(s, tiers.get(s.id), dict(answers[s.id])) for s in shifts]


def get_shift(shift_id: int) -> Shift:
    """A shift by id, or NotFoundError."""
    shift = db.session.get(Shift, shift_id)
    if shift is None:
        raise NotFoundError("No such shift.")
    return shift


def _covers(windows, weekday: int, minute: int) -> bool:
    """True when a weekly window (local time; may run past midnight) covers the moment."""
    for w in windows:
        if w.start_min < w.end_min and w.weekday == weekday and w.start_min <= minute < w.end_min:
            return True
        if w.end_min <= w.start_min:  # over midnight
            if (w.weekday == weekday and minute >= w.start_min) or (
                (w.weekday + 1) % 7 == weekday and minute < w.end_min
            ):
                return True
    return False


def free_near(shift: Shift, limit: int = 20) -> list[tuple[User, float, str]]:
    """Approved assistants free for the shift and within their travel limit, nearest first."""
    origin = (shift.place.lat, shift.place.lon)
    local = to_local(shift.starts_at)
    busy = set(
        db.session.scalars(
            select(Booking.assistant_id).where(
                Booking.cancelled_at.is_(None),
                Booking.starts_at < shift.ends_at,
                Booking.ends_at > shift.starts_at,
            )
        )
    )
    away = set(
        db.session.scalars(
            select(AvailabilityException.assistant_id).where(
                AvailabilityException.day == local.date(),
                AvailabilityException.kind != ExceptionKind.EXTRA,
            )
        )
    )
    rows = db.session.execute(
        select(User, AssistantProfile, PostalCode)
        .join(AssistantProfile, AssistantProfile.user_id == User.id)
        .join(PostalCode, PostalCode.code == AssistantProfile.postcode)
        .where(
            User.role == Role.ASSISTANT,
            User.status == Status.APPROVED,
            User.erased_at.is_(None),
            AssistantProfile.visible.is_(True),
        )
    )
    found = []
    minute = local.hour * 60 + local.minute
    for user, profile, place in rows:
        if user.id in busy or user.id in away:
            continue
        home = (profile.pin_lat or place.lat, profile.pin_lon or place.lon)
        road_km = great_circle(origin, home).km * DETOUR
        if road_km > profile.max_travel_km or not _covers(profile.windows, local.weekday(), minute):
            continue
        found.append((user, round(road_km, 1), place.municipality.name_fi))
    found.sort(key=lambda item: (item[1], item[0].id))
    return found[:limit]


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


def _count_by_municipality(query) -> Counter:
    return Counter(dict(db.session.execute(query).all()))


def map_points(now: datetime, since: datetime, locale: str = "fi", width: int = 460) -> list:
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
