"""The ONLY adapter between rows and the recommender (DESIGN §3, §4).

Builds Candidates (candidate_rows.py) and ShiftRequests, keeps a per-process
CandidateIndex fresh through the change_log table, and turns Matches back into things
pages show: the assistant, road km and reasons in words. Works with several gunicorn
workers: each one polls the change log tail at every ranking and applies what is new.
"""

import threading
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from flask import current_app
from sqlalchemy import Row, func, select

from portal.extensions import db
from portal.models import (
    Booking,
    ChangeLog,
    EmployerProfile,
    ExcludedAssistant,
    PostalCode,
    RingMember,
    Shift,
    ShiftState,
    Status,
    User,
    UserBlock,
    utcnow,
)
from portal.services.matching.candidate_rows import load_candidates
from portal.services.matching.distance import estimator
from portal.timeutil import local_span_to_utc
from recommender import Candidate, CandidateIndex, Match, Ranker, ShiftRequest, haversine_km

MIN_COVERAGE = 1.0  # a candidate must be free for the whole shift
TAIL = 500  # change-log rows re-read each poll: catches rows committed out of seq order
FULL_REBUILD_SECONDS = 3600  # time alone changes history counts; rebuild hourly
WEIGHTS_FILE = "recommender_weights.json"


@dataclass
class _IndexState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    index: CandidateIndex | None = None
    by_id: dict[int, Candidate] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)  # change-log seqs applied (recent tail)
    top: int = 0
    built_at: float = 0.0
    weights_mtime: float | None = None


def _state() -> _IndexState:
    state: _IndexState = current_app.extensions.setdefault("matching_index", _IndexState())
    return state


def reset_index() -> None:
    """Forget this process's index (tests empty the tables under it)."""
    current_app.extensions.pop("matching_index", None)


def weights_path() -> Path:
    """Where `flask recommender retrain` saves the learned weights."""
    return Path(current_app.instance_path) / WEIGHTS_FILE


def load_ranker() -> Ranker:
    """The retrained ranker saved under instance/, or the default one."""
    path = weights_path()
    return Ranker.load(path) if path.exists() else Ranker()


def _full_build(state: _IndexState, top: int, tail: Sequence[Row[int, int]]) -> None:
    candidates = load_candidates()
    state.index = CandidateIndex(candidates, ranker=load_ranker())
    state.by_id = {c.id: c for c in candidates}
    state.seen = {seq for seq, _ in tail}
    state.top = top
    state.built_at = clock.monotonic()
    path = weights_path()
    state.weights_mtime = path.stat().st_mtime if path.exists() else None


def candidate_index() -> tuple[CandidateIndex, dict[int, Candidate]]:
    """This process's index, brought up to date with the change log first."""
    state = _state()
    with state.lock:
        # One indexed range read: the newest TAIL rows of the log (the PK is seq).
        newest = select(func.max(ChangeLog.seq)).scalar_subquery()
        tail = db.session.execute(
            select(ChangeLog.seq, ChangeLog.assistant_id).where(ChangeLog.seq > newest - TAIL)
        ).all()
        top = max((seq for seq, _ in tail), default=0)
        stale = clock.monotonic() - state.built_at > FULL_REBUILD_SECONDS
        if state.index is None or top < state.top or stale:
            _full_build(state, top, tail)
        else:
            new = [(seq, aid) for seq, aid in tail if seq not in state.seen]
            if new:
                _apply(state, {aid for _, aid in new})
                state.seen = {seq for seq, _ in tail}
                state.top = top
        _refresh_weights(state)
        if state.index is None:  # _full_build above always sets it
            raise RuntimeError("the matching index was not built")
        return state.index, state.by_id


def _apply(state: _IndexState, assistant_ids: set[int]) -> None:
    """Reload the changed assistants; those no longer eligible leave the index."""
    if state.index is None:  # called only once the index is built
        raise RuntimeError("the matching index was not built")
    fresh = {c.id: c for c in load_candidates(assistant_ids)}
    for aid in assistant_ids:
        if aid in fresh:
            state.index.update(fresh[aid])
            state.by_id[aid] = fresh[aid]
        else:
            state.index.remove(aid)
            state.by_id.pop(aid, None)


def _refresh_weights(state: _IndexState) -> None:
    """Pick up weights written by `flask recommender retrain` in another process."""
    path = weights_path()
    mtime = path.stat().st_mtime if path.exists() else None
    if mtime != state.weights_mtime and state.index is not None:
        state.index.ranker = load_ranker()
        state.weights_mtime = mtime


# -- shifts ------------------------------------------------------------------------------


def worked_before(employer_id: int, now: datetime | None = None) -> set[int]:
    """Assistants who completed a shift for this employer."""
    now = now or utcnow()
    return set(
        db.session.scalars(
            select(Booking.assistant_id)
            .join(Shift, Shift.id == Booking.shift_id)
            .where(
                Shift.employer_id == employer_id,
                Booking.cancelled_at.is_(None),
                Booking.no_show.is_(False),
                Booking.ends_at <= now,
            )
            .distinct()
        )
    )


def ring_of(employer_id: int) -> set[int]:
    """The employer's substitute ring."""
    return set(
        db.session.scalars(
            select(RingMember.assistant_id).where(RingMember.employer_id == employer_id)
        )
    )


def excluded_by(employer_id: int) -> set[int]:
    """Assistants the employer excluded, and everyone blocked between them either way."""
    return set(
        db.session.scalars(
            select(ExcludedAssistant.assistant_id).where(
                ExcludedAssistant.employer_id == employer_id
            )
        )
    ) | blocked_with(employer_id)


def blocked_with(user_id: int) -> set[int]:
    """Users this user blocked or was blocked by: no requests, messages or offers."""
    rows = db.session.execute(
        select(UserBlock.blocker_id, UserBlock.blocked_id).where(
            (UserBlock.blocker_id == user_id) | (UserBlock.blocked_id == user_id)
        )
    )
    return {a if b == user_id else b for a, b in rows}


def shift_request(
    shift: Shift, min_coverage: float = MIN_COVERAGE, ring: set[int] | None = None
) -> ShiftRequest:
    """The recommender's view of a shift (a regular position: its first occurrence).

    `ring` (the substitute ring plus who worked here before) may be passed when known.
    """
    employer = db.session.get(EmployerProfile, shift.employer_id)
    place = shift.place or db.session.get_one(PostalCode, shift.postcode)
    region = place.municipality.region_fi if place is not None else None
    limit = None
    if employer is not None and employer.max_distance_km:
        limit = estimator().straight_km(employer.max_distance_km, region)
    text = " ".join(
        part for part in (shift.title, shift.description, employer and employer.tasks) if part
    )
    return ShiftRequest(
        lat=place.lat,
        lon=place.lon,
        start=shift.starts_at,
        end=shift.ends_at,
        required_skills=frozenset(s.code for s in shift.required_skills),
        preferred_skills=frozenset(s.code for s in shift.preferred_skills),
        languages=frozenset(shift.languages.split()),
        max_distance_km=limit,
        min_coverage=min_coverage,
        exclude=frozenset(excluded_by(shift.employer_id)),
        ring=frozenset(
            ring
            if ring is not None
            else ring_of(shift.employer_id) | worked_before(shift.employer_id)
        ),
        text=text,
    )


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
    ring, before = ring_of(shift.employer_id), worked_before(shift.employer_id)
    matches = index.rank(shift_request(shift, ring=ring | before), k)
    users = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_([m.candidate_id for m in matches]))
        )
    }
    region = shift.place.municipality.region_fi
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
    """Open future shifts this assistant is eligible for, best first."""

    found = load_candidates([user.id])
    if not found:
        return []
    me, now = found[0], utcnow()
    query = (
        select(Shift, PostalCode.lat, PostalCode.lon)
        .join(PostalCode, PostalCode.code == Shift.postcode)
        .join(User, User.id == Shift.employer_id)
        .where(Shift.state == ShiftState.OPEN, Shift.starts_at > now)
        .where(User.status == Status.APPROVED)
        .order_by(Shift.starts_at, Shift.id)
        .limit(2000)
    )
    if on_day is not None:
        day_start, day_end = local_span_to_utc(on_day, time(0), time(0))
        query = query.where(Shift.starts_at >= day_start, Shift.starts_at < day_end)
    if municipality:
        query = query.where(PostalCode.municipality_code == municipality)
    if kind:
        query = query.where(Shift.kind == kind)
    near = [
        shift
        for shift, lat, lon in db.session.execute(query)
        if float(haversine_km(me.lat, me.lon, lat, lon)) <= me.max_travel_km
    ]
    index = CandidateIndex([me], ranker=load_ranker())
    found_shifts = []
    for shift in near:
        matches = index.rank(shift_request(shift), 1)
        if matches:
            region = shift.place.municipality.region_fi
            found_shifts.append(
                RankedShift(
                    shift=shift,
                    match=matches[0],
                    road_km=estimator().road_km(matches[0].distance_km, region),
                    candidate=me,
                    in_ring=user.id in ring_of(shift.employer_id),
                    worked_before=user.id in worked_before(shift.employer_id),
                )
            )
    found_shifts.sort(key=lambda r: (-r.match.score, r.shift.starts_at, r.shift.id))
    return found_shifts[:limit]
