"""The adapter's announcement search: a place, a radius and free times as a ShiftRequest.

An employer's (or coordinator's) search of assistants' announcements is ranked by the
same recommender as a shift: the searched place and time span become a ShiftRequest,
the in-memory index returns every eligible assistant with reasons, and the caller loads
only the page it shows. No row is read per announcement here.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.extensions import db
from portal.models import EmployerProfile, PostalCode, Role, User, utcnow
from portal.services.matching import adapter
from portal.services.matching.candidate_rows import local_span
from portal.services.matching.distance import estimator
from portal.timeutil import to_local
from recommender import Candidate, Match, ShiftRequest

ANY_TIME_COVERAGE = 1e-6  # "free some time that day": any free minute counts
WEEK = 7


@dataclass(frozen=True)
class AnnouncementQuery:
    """What the searcher asked for; every part optional except the place."""

    place: PostalCode
    road_km: float | None = None
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    weekdays: tuple[int, ...] = ()  # 0 = Monday; empty = any day
    start_min: int | None = None  # local time; both or neither
    end_min: int | None = None
    on_call: bool = False
    text: str = ""


@dataclass(frozen=True)
class FoundAssistant:
    """One ranked announcement (no row loaded yet: the page loads its own)."""

    match: Match
    candidate: Candidate
    road_km: float
    in_ring: bool
    worked_before: bool
    timed: bool = False  # the search asked for particular times


def next_weekday(today: date, weekday: int) -> date:
    """The first date after today falling on `weekday`."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % WEEK + 1)


def _span(day: date, query: AnnouncementQuery) -> tuple[datetime, datetime]:
    """The asked hours of one local day as a UTC span (an end before the start: next day)."""
    if query.start_min is None or query.end_min is None:
        return local_span(day, 0, 1440)
    end = query.end_min if query.end_min > query.start_min else query.end_min + 1440
    return local_span(day, query.start_min, end)


def _requests(viewer: User, query: AnnouncementQuery, ring: set[int]) -> list[ShiftRequest]:
    """One ShiftRequest per asked weekday (the whole coming week when none was asked)."""
    region = query.place.municipality.region_fi if query.place.municipality else None
    limit = estimator().straight_km(query.road_km, region) if query.road_km else None
    exclude: frozenset[int] = frozenset()
    if viewer.role == Role.EMPLOYER:
        exclude = frozenset(adapter.excluded_by(viewer.id))
    today = to_local(utcnow()).date()

    def request(start: datetime, end: datetime, coverage: float) -> ShiftRequest:
        return ShiftRequest(
            lat=query.place.lat,
            lon=query.place.lon,
            start=start,
            end=end,
            required_skills=query.skills,
            languages=query.languages,
            max_distance_km=limit,
            min_coverage=coverage,
            exclude=exclude,
            ring=frozenset(ring),
            text=query.text,
        )

    if not query.weekdays:
        start, _ = _span(today + timedelta(days=1), query)
        _, end = _span(today + timedelta(days=WEEK), query)
        return [request(start, end, ANY_TIME_COVERAGE if query.start_min is None else 0.0)]
    coverage = ANY_TIME_COVERAGE if query.start_min is None else 1.0
    return [request(*_span(next_weekday(today, w), query), coverage) for w in query.weekdays]


def _text_hit(candidate: Candidate, words: list[str]) -> bool:
    text = candidate.text.casefold()
    return all(word in text for word in words)


def rank_announcements(
    viewer: User, query: AnnouncementQuery, text_hidden: frozenset[int] = frozenset()
) -> list[FoundAssistant]:
    """Every eligible announcement for the query, best first (ranked in memory).

    `text_hidden`: assistants whose text waits for moderation; their words never match.
    """
    index, by_id = adapter.candidate_index()
    ring = before = set()
    if viewer.role == Role.EMPLOYER:
        ring, before = adapter.ring_of(viewer.id), adapter.worked_before(viewer.id)
    requests = _requests(viewer, query, ring | before)
    matches = index.rank(requests[0], k=max(len(by_id), 1))
    for other in requests[1:]:
        fits = set(index.eligible(other).ids.tolist())
        matches = [m for m in matches if m.candidate_id in fits]
    words = [w for w in query.text.casefold().split() if len(w) > 1]
    region = query.place.municipality.region_fi if query.place.municipality else None
    found = []
    for match in matches:
        candidate = by_id.get(match.candidate_id)
        if candidate is None or candidate.id == viewer.id:
            continue
        if query.on_call and not candidate.on_call:
            continue
        if words and (candidate.id in text_hidden or not _text_hit(candidate, words)):
            continue
        found.append(
            FoundAssistant(
                match=match,
                candidate=candidate,
                road_km=estimator().road_km(match.distance_km, region),
                in_ring=candidate.id in ring,
                worked_before=candidate.id in before,
                timed=query.start_min is not None,
            )
        )
    return found


def employer_place(viewer: User) -> PostalCode | None:
    """The employer's own postal code, the search's default place."""
    profile = db.session.get(EmployerProfile, viewer.id)
    return profile.place if profile is not None else None
