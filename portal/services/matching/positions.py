"""The recommender's view of regular positions: ranked over their coming occurrences."""

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from portal.extensions import db
from portal.models import (
    EmployerProfile,
    Position,
    PositionState,
    PostalCode,
    Status,
    User,
    utcnow,
)
from portal.services.matching import adapter
from portal.services.matching.candidate_rows import load_candidates
from portal.services.matching.circle import employers_with
from portal.services.matching.distance import estimator
from portal.services.matching.open_shifts import box
from portal.services.positions.positions import coming_occurrences
from recommender import Candidate, CandidateIndex, Match, ShiftRequest, haversine_km

FOR_ME_COVERAGE = 0.5  # "Positions for me" lists those the assistant can work at least half of


def position_request(
    position: Position,
    min_coverage: float = 0.0,
    ring: set[int] | None = None,
    exclude: set[int] | None = None,
) -> ShiftRequest | None:
    """A position as one request over its next weeks of occurrences (None when none left).

    `ring` and `exclude` may be passed when known (no queries for them then).
    """
    spans = tuple(coming_occurrences(position, utcnow()))
    if not spans:
        return None
    employer = db.session.get(EmployerProfile, position.employer_id)
    region = position.place.municipality.region_fi
    limit = None
    if employer is not None and employer.max_distance_km:
        limit = estimator().straight_km(employer.max_distance_km, region)
    if ring is None:
        ring = adapter.ring_of(position.employer_id) | adapter.worked_before(position.employer_id)
    return ShiftRequest(
        lat=position.place.lat,
        lon=position.place.lon,
        start=spans[0][0],
        end=spans[0][1],
        required_skills=frozenset(s.code for s in position.required_skills),
        preferred_skills=frozenset(s.code for s in position.preferred_skills),
        languages=frozenset(position.languages.split()),
        max_distance_km=limit,
        min_coverage=min_coverage,
        exclude=frozenset(
            adapter.excluded_by(position.employer_id) if exclude is None else exclude
        ),
        ring=frozenset(ring),
        text=" ".join(p for p in (position.title, position.tasks) if p),
        spans=spans,
    )


def rank_applicants(
    position: Position, assistant_ids: list[int]
) -> dict[int, adapter.RankedCandidate]:
    """Applicants who pass the hard filters, with their match (coverage over occurrences)."""
    request = position_request(position)
    if request is None or not assistant_ids:
        return {}
    candidates = load_candidates(assistant_ids)
    ring, before = (
        adapter.ring_of(position.employer_id),
        adapter.worked_before(position.employer_id),
    )
    request = replace(request, ring=frozenset(ring | before), exclude=frozenset())
    matches = CandidateIndex(candidates, ranker=adapter.load_ranker()).rank(
        request, len(candidates)
    )
    by_id = {c.id: c for c in candidates}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(assistant_ids)))}
    region = position.place.municipality.region_fi
    return {
        m.candidate_id: adapter.RankedCandidate(
            assistant=users[m.candidate_id],
            match=m,
            road_km=estimator().road_km(m.distance_km, region),
            candidate=by_id[m.candidate_id],
            in_ring=m.candidate_id in ring,
            worked_before=m.candidate_id in before,
        )
        for m in matches
    }


@dataclass(frozen=True)
class RankedPosition:
    """One open position for an assistant, as "Positions for me" shows it."""

    position: Position
    match: Match
    road_km: float
    candidate: Candidate
    in_ring: bool
    worked_before: bool


def positions_for_assistant(user: User, limit: int = 50) -> list[RankedPosition]:
    """Open positions this assistant is eligible for, best first (a fixed number of queries)."""
    found = load_candidates([user.id])
    if not found:
        return []
    me, now = found[0], utcnow()
    index = CandidateIndex([me], ranker=adapter.load_ranker())
    # One query per kind of fact over every candidate position, never one per position.
    rows = db.session.scalars(
        select(Position)
        .join(User, User.id == Position.employer_id)
        .join(PostalCode, PostalCode.code == Position.postcode)
        .where(Position.state == PositionState.OPEN, User.status == Status.APPROVED, *box(me))
        .options(
            contains_eager(Position.place),
            selectinload(Position.windows),
            selectinload(Position.required_skills),
            selectinload(Position.preferred_skills),
        )
        .order_by(Position.starts_on, Position.id)
        .limit(1000)
    ).all()
    near = [
        p for p in rows
        if float(haversine_km(me.lat, me.lon, p.place.lat, p.place.lon)) <= me.max_travel_km
    ]  # fmt: skip
    if not near:
        return []
    employer_ids = {p.employer_id for p in near}
    # Held in the session's identity map (kept referenced): position_request's get() then
    # reads no row.
    profiles = db.session.scalars(
        select(EmployerProfile).where(EmployerProfile.user_id.in_(employer_ids))
    ).all()
    excluded, rings, worked = employers_with(me.id, now)
    ranked = []
    for position in near:
        employer = position.employer_id
        request = position_request(
            position,
            FOR_ME_COVERAGE,
            {me.id} if employer in rings or employer in worked else set(),
            {me.id} if employer in excluded else set(),
        )
        matches = index.rank(request, 1) if request is not None else []
        if matches:
            ranked.append(
                RankedPosition(
                    position=position,
                    match=matches[0],
                    road_km=estimator().road_km(
                        matches[0].distance_km, position.place.municipality.region_fi
                    ),
                    candidate=me,
                    in_ring=employer in rings,
                    worked_before=employer in worked,
                )
            )
    del profiles
    ranked.sort(key=lambda r: (-r.match.score, r.position.starts_on, r.position.id))
    return ranked[:limit]
