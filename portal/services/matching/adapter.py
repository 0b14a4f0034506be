"""The ONLY adapter between rows and the recommender (DESIGN §3, §4).

Builds Candidates (candidate_rows.py) and ShiftRequests, ranks them with the per-process
CandidateIndex (index_cache.py: a memory-mapped snapshot kept exact by the change log),
and turns Matches back into things pages show: the assistant, road km and reasons in
words. "Shifts for me" reads its shifts in a fixed number of queries (open_shifts.py).
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import BindParameter, CompoundSelect, bindparam, inspect, literal, select, union_all
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    EmployerProfile,
    PostalCode,
    Shift,
    Skill,
    User,
    utcnow,
)
from portal.models.shifts import shift_preferred_skills, shift_required_skills
from portal.services.matching.candidate_rows import load_candidates
from portal.services.matching.circle import EmployerCircle, employer_circle
from portal.services.matching.circle import blocked_with as blocked_with
from portal.services.matching.circle import excluded_by as excluded_by
from portal.services.matching.circle import ring_of as ring_of
from portal.services.matching.circle import worked_before as worked_before
from portal.services.matching.distance import estimator
from portal.services.matching.index_cache import candidate_index as candidate_index
from portal.services.matching.index_cache import load_ranker as load_ranker
from portal.services.matching.index_cache import reset_index as reset_index
from portal.services.matching.index_cache import weights_path as weights_path
from portal.services.matching.open_shifts import open_shifts_near, request_for
from recommender import Candidate, CandidateIndex, Match, ShiftRequest

MIN_COVERAGE = 1.0  # a candidate must be free for the whole shift


# -- shifts ------------------------------------------------------------------------------


def shift_request(
    shift: Shift, min_coverage: float = MIN_COVERAGE, circle: EmployerCircle | None = None
) -> ShiftRequest:
    """The recommender's view of a shift (a regular position: its first occurrence).

    `circle` (the employer's ring, worked-before and excluded sets) may be passed when known.
    """
    circle = circle or employer_circle(shift.employer_id)
    employer = db.session.get(EmployerProfile, shift.employer_id)
    place = _place_of(shift)
    required, preferred = skill_codes(shift)
    return request_for(
        shift,
        lat=place.lat,
        lon=place.lon,
        region=place.municipality.region_fi if place is not None else None,
        employer_km=employer.max_distance_km if employer is not None else None,
        tasks=employer.tasks if employer is not None else None,
        required=required,
        preferred=preferred,
        exclude=circle.excluded,
        ring=circle.ring | circle.worked,
        min_coverage=min_coverage,
    )


@cache
def _skills_statement() -> CompoundSelect[str, bool]:
    shift_id: BindParameter[int] = bindparam("shift_id")
    return union_all(
        *(
            select(Skill.code, literal(required))
            .join(table, table.c.skill_id == Skill.id)
            .where(table.c.shift_id == shift_id)
            for table, required in ((shift_required_skills, True), (shift_preferred_skills, False))
        )
    )


def skill_codes(shift: Shift) -> tuple[set[str], set[str]]:
    """The shift's required and preferred skill codes; one query when neither list is loaded."""
    if shift.id is None or not {"required_skills", "preferred_skills"} <= inspect(shift).unloaded:
        return {s.code for s in shift.required_skills}, {s.code for s in shift.preferred_skills}
    required: set[str] = set()
    preferred: set[str] = set()
    for code, is_required in db.session.execute(_skills_statement(), {"shift_id": shift.id}):
        (required if is_required else preferred).add(code)
    return required, preferred


def _place_of(shift: Shift) -> PostalCode:
    """The shift's place, also of a shift not yet written (its relationship is unset)."""
    return shift.place or db.session.get_one(PostalCode, shift.postcode)


@dataclass(frozen=True)
class RankedCandidate:
    """One assistant for a shift, as the candidates page shows them."""

    assistant: User
    match: Match
    road_km: float
    candidate: Candidate
    in_ring: bool
    worked_before: bool


def rank_for_shift(shift: Shift, k: int = 20) -> list[RankedCandidate]:
    """The best k eligible assistants for a shift, best first."""
    index, by_id = candidate_index()
    circle = employer_circle(shift.employer_id)
    ring, before = circle.ring, circle.worked
    matches = index.rank(shift_request(shift, circle=circle), k)
    users = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_([m.candidate_id for m in matches]))
        )
    }
    region = _place_of(shift).municipality.region_fi
    return [
        RankedCandidate(
            assistant=users[m.candidate_id],
            match=m,
            road_km=estimator().road_km(m.distance_km, region),
            candidate=by_id[m.candidate_id],
            in_ring=m.candidate_id in ring,
            worked_before=m.candidate_id in before,
        )
        for m in matches
        if m.candidate_id in users
    ]


# -- the assistant's side ----------------------------------------------------------------


def could_be_offered(user: User, shift: Shift) -> bool:
    """True when the shift's ranking would list this assistant (eligible, not excluded)."""
    found = load_candidates([user.id])
    if not found:
        return False
    index = CandidateIndex(found, ranker=load_ranker())
    return bool(index.rank(shift_request(shift), 1))


@dataclass(frozen=True)
class RankedShift:
    """One open shift for an assistant, as "Shifts for me" shows it."""

    shift: Shift
    match: Match
    road_km: float
    candidate: Candidate
    in_ring: bool
    worked_before: bool


def shifts_for_assistant(
    user: User,
    *,
    on_day: date | None = None,
    municipality: str | None = None,
    kind: str | None = None,
    limit: int = 50,
) -> list[RankedShift]:
    """Open future shifts this assistant is eligible for, best first (bounded queries)."""
    found = load_candidates([user.id])
    if not found:
        return []
    me = found[0]
    near = open_shifts_near(
        me, utcnow(), on_day=on_day, municipality=municipality, kind=kind, min_coverage=MIN_COVERAGE
    )
    index = CandidateIndex([me], ranker=load_ranker())
    ranked = []
    for item in near:
        matches = index.rank(item.request, 1)
        if matches:
            ranked.append((item, matches[0]))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].request.start, pair[0].shift_id))
    ranked = ranked[:limit]
    shown = db.session.scalars(
        select(Shift)
        .where(Shift.id.in_([item.shift_id for item, _match in ranked]))
        .options(joinedload(Shift.place).joinedload(PostalCode.municipality))
    )
    shifts = {shift.id: shift for shift in shown}
    return [
        RankedShift(
            shift=shifts[item.shift_id],
            match=match,
            road_km=estimator().road_km(match.distance_km, item.region),
            candidate=me,
            in_ring=item.in_ring,
            worked_before=item.worked_before,
        )
        for item, match in ranked
    ]
