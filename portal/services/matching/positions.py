"""The recommender's view of regular positions: ranked over their coming occurrences."""

from dataclasses import dataclass, replace

from sqlalchemy import select

from portal.extensions import db
from portal.models import EmployerProfile, Position, PositionState, Status, User, utcnow
from portal.services.matching import adapter
from portal.services.matching.candidate_rows import load_candidates
from portal.services.matching.distance import estimator
from portal.services.positions.positions import coming_occurrences
from recommender import Candidate, CandidateIndex, Match, ShiftRequest, haversine_km

FOR_ME_COVERAGE = 0.5  # "Positions for me" lists those the assistant can work at least half of


def position_request(
    position: Position, min_coverage: float = 0.0, ring: set[int] | None = None
) -> ShiftRequest | None:
    """A position as one request over its next weeks of occurrences (None when none left)."""
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
        exclude=frozenset(adapter.excluded_by(position.employer_id)),
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
    """Open positions this assistant is eligible for, best first."""
    found = load_candidates([user.id])
    if not found:
        return []
    me = found[0]
    index = CandidateIndex([me], ranker=adapter.load_ranker())
    rows = db.session.scalars(
        select(Position)
        .join(User, User.id == Position.employer_id)
        .where(Position.state == PositionState.OPEN, User.status == Status.APPROVED)
        .order_by(Position.starts_on, Position.id)
        .limit(1000)
    )
    ranked = []
    for position in rows:
        place = position.place
        if float(haversine_km(me.lat, me.lon, place.lat, place.lon)) > me.max_travel_km:
            continue
        ring = adapter.ring_of(position.employer_id)
        before = adapter.worked_before(position.employer_id)
        request = position_request(position, FOR_ME_COVERAGE, ring | before)
        matches = index.rank(request, 1) if request is not None else []
        if matches:
            ranked.append(
                RankedPosition(
                    position=position,
                    match=matches[0],
                    road_km=estimator().road_km(
                        matches[0].distance_km, place.municipality.region_fi
                    ),
                    candidate=me,
                    in_ring=user.id in ring,
                    worked_before=user.id in before,
                )
            )
    ranked.sort(key=lambda r: (-r.match.score, r.position.starts_on, r.position.id))
    return ranked[:limit]
