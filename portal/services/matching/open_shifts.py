"""Open shifts as ShiftRequests for one assistant, read in a fixed number of queries.

"Shifts for me" used to read the employer, exclusions, ring and history once per shift
(hundreds of queries at national size). Here each kind of fact is one query over all the
open shifts the filters select, so the count stays the same however many shifts exist.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVarTuple

import numpy as np
from sqlalchemy import ColumnElement, Row, Select, literal, select, union_all

from portal.extensions import db
from portal.models import (
    EmployerProfile,
    ModerationState,
    Municipality,
    PostalCode,
    Shift,
    ShiftState,
    Skill,
    Status,
    User,
)
from portal.models.shifts import shift_preferred_skills, shift_required_skills
from portal.services.matching.circle import employers_with
from portal.services.matching.distance import estimator
from portal.timeutil import local_span_to_utc
from recommender import Candidate, ShiftRequest, haversine_km
from recommender.timegrid import coverage

Ts = TypeVarTuple("Ts")
MAX_ROWS = 2000  # the soonest open shifts considered for one assistant
KM_PER_DEGREE = 6391.7 * math.pi / 180  # the recommender's earth radius (recommender.geo)


@dataclass(frozen=True)
class OpenShift:
    """One open shift near the assistant, with what the page needs about its employer."""

    shift_id: int
    request: ShiftRequest
    region: str | None
    in_ring: bool
    worked_before: bool


def request_for(
    shift: Shift | Row[*tuple[Any, ...]],
    *,
    lat: float,
    lon: float,
    region: str | None,
    employer_km: float | None,
    tasks: str | None,
    required: Iterable[str],
    preferred: Iterable[str],
    exclude: Iterable[int],
    ring: Iterable[int],
    min_coverage: float,
) -> ShiftRequest:
    """A ShiftRequest from a shift (or a row of its columns) and facts already read."""
    limit = estimator().straight_km(employer_km, region) if employer_km else None
    text = " ".join(part for part in (shift.title, shift.description, tasks) if part)
    return ShiftRequest(
        lat=lat,
        lon=lon,
        start=shift.starts_at,
        end=shift.ends_at,
        required_skills=frozenset(required),
        preferred_skills=frozenset(preferred),
        languages=frozenset(shift.languages.split()),
        max_distance_km=limit,
        min_coverage=min_coverage,
        exclude=frozenset(exclude),
        ring=frozenset(ring),
        text=text,
    )


def box(me: Candidate) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """SQL conditions for a lat/lon box around the assistant holding their travel circle."""
    dlat = me.max_travel_km / KM_PER_DEGREE * 1.01
    widest = math.cos(math.radians(min(89.0, abs(me.lat) + dlat)))
    dlon = min(180.0, dlat / max(widest, 1e-6))
    return (
        PostalCode.lat.between(me.lat - dlat, me.lat + dlat),
        PostalCode.lon.between(me.lon - dlon, me.lon + dlon),
    )


def _filters(
    stmt: Select[*Ts],
    me: Candidate,
    now: datetime,
    on_day: date | None,
    municipality: str | None,
    kind: str | None,
) -> Select[*Ts]:
    """The open, future shifts near the assistant matching the page's filters."""
    stmt = (
        stmt.join(PostalCode, PostalCode.code == Shift.postcode)
        .join(User, User.id == Shift.employer_id)
        .where(Shift.state == ShiftState.OPEN, Shift.starts_at > now)
        .where(Shift.moderation == ModerationState.APPROVED)  # held or removed: not listed
        .where(User.status == Status.APPROVED, *box(me))
    )
    if on_day is not None:
        day_start, day_end = local_span_to_utc(on_day, time(0), time(0))
        stmt = stmt.where(Shift.starts_at >= day_start, Shift.starts_at < day_end)
    if municipality:
        stmt = stmt.where(PostalCode.municipality_code == municipality)
    if kind:
        stmt = stmt.where(Shift.kind == kind)
    return stmt.order_by(Shift.starts_at, Shift.id).limit(MAX_ROWS)


def _skills(shift_ids: list[int]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Required and preferred skill codes per shift (one query; at most MAX_ROWS ids)."""
    required: dict[int, set[str]] = defaultdict(set)
    preferred: dict[int, set[str]] = defaultdict(set)
    both = union_all(
        *(
            select(table.c.shift_id, Skill.code, literal(tag).label("required"))
            .join(Skill, Skill.id == table.c.skill_id)
            .where(table.c.shift_id.in_(shift_ids))
            for table, tag in ((shift_required_skills, True), (shift_preferred_skills, False))
        )
    )
    for shift_id, code, is_required in db.session.execute(both):
        (required if is_required else preferred)[shift_id].add(code)
    return required, preferred


def open_shifts_near(
    me: Candidate,
    now: datetime,
    *,
    on_day: date | None = None,
    municipality: str | None = None,
    kind: str | None = None,
    min_coverage: float = 1.0,
) -> list[OpenShift]:
    """Open future shifts within the assistant's travel limit that they are free for.

    The box query reads plain columns, not Shift objects: at national size it returns up
    to MAX_ROWS rows, most of which fail the distance or the free-time check.
    """
    query = _filters(
        select(
            Shift.id,
            Shift.title,
            Shift.description,
            Shift.starts_at,
            Shift.ends_at,
            Shift.languages,
            Shift.employer_id,
            PostalCode.lat,
            PostalCode.lon,
            Municipality.region_fi,
            EmployerProfile.max_distance_km,
            EmployerProfile.tasks,
        ).outerjoin(EmployerProfile, EmployerProfile.user_id == Shift.employer_id),
        me,
        now,
        on_day,
        municipality,
        kind,
    ).join(Municipality, Municipality.code == PostalCode.municipality_code)
    rows = db.session.execute(query).all()
    km = np.atleast_1d(haversine_km(me.lat, me.lon, [r.lat for r in rows], [r.lon for r in rows]))
    # The exact coverage of one assistant is cheap; most shifts fail it.
    fits = [
        row
        for row, d in zip(rows, km, strict=True)
        if d <= me.max_travel_km
        and coverage(me.weekly, me.busy, row.starts_at, row.ends_at) >= min_coverage - 1e-9
    ]
    if not fits:
        return []
    # A list of ids, not the filter query again as a subquery: SQLite ran that twice more.
    required, preferred = _skills([row.id for row in fits])
    excluded, rings, worked = employers_with(me.id, now)
    result = []
    for row in fits:
        employer = row.employer_id
        in_ring, before = employer in rings, employer in worked
        request = request_for(
            row,
            lat=row.lat,
            lon=row.lon,
            region=row.region_fi,
            employer_km=row.max_distance_km,
            tasks=row.tasks,
            required=required[row.id],
            preferred=preferred[row.id],
            exclude={me.id} if employer in excluded else set(),
            ring={me.id} if in_ring or before else set(),
            min_coverage=min_coverage,
        )
        result.append(OpenShift(row.id, request, row.region_fi, in_ring, before))
    return result
