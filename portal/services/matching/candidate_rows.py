"""Rows → recommender Candidates, read with Core queries (100k rows in well under a second).

Part of the matching adapter (portal/services/matching.py is its public face). Never
builds numpy arrays over Row objects: plain tuples go into plain dataclasses.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, or_, select
from sqlalchemy.orm import QueryableAttribute

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    ExceptionKind,
    ModerationState,
    PostalCode,
    Rating,
    Skill,
    Status,
    User,
    utcnow,
)
from portal.models.profiles import assistant_skills
from portal.services.matching.distance import estimator
from portal.services.positions.occurrences import employment_busy
from portal.timeutil import local_to_utc, to_local
from recommender import Candidate

EXTRA_HORIZON_WEEKS = 26  # how far ahead an 'extra' day is kept from recurring weekly
BUSY_LOOKBACK = timedelta(days=2)
OCCURRENCE_HORIZON = timedelta(weeks=12)  # regular occurrences this far ahead are busy
_CHUNK = 900  # SQLite bound-parameter budget per IN list


def split_window(weekday: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """A stored window as contract windows: over midnight (end <= start) becomes two."""
    if end > start:
        return [(weekday, start, end)]
    parts = [(weekday, start, 1440)]
    if end > 0:
        parts.append(((weekday + 1) % 7, 0, end))
    return parts


def local_span(day: date, start_min: int, end_min: int) -> tuple[datetime, datetime]:
    """A part of a local day (minutes; 1440 is the next midnight) as a UTC interval."""

    def at(minutes: int) -> datetime:
        extra, minutes = divmod(minutes, 1440)
        return local_to_utc(day + timedelta(days=extra), time(minutes // 60, minutes % 60))

    return at(start_min), at(end_min)


def _minus(span: tuple[int, int], windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a minute span not covered by any of the windows."""
    free = [span]
    for ws, we in windows:
        free = [
            part
            for s, e in free
            for part in ((s, min(e, ws)), (max(s, we), e))
            if part[1] > part[0]
        ]
    return free


def apply_exceptions(
    weekly: Iterable[tuple[int, int, int]],
    exceptions: Iterable[tuple[date, ExceptionKind, int, int]],
    today: date,
) -> tuple[tuple[tuple[int, int, int], ...], list[tuple[datetime, datetime]]]:
    """Weekly windows and busy intervals after dated exceptions.

    Holiday and sick days are busy intervals. The contract has no dated availability, so
    an extra day becomes a weekly window on its weekday, and the same hours on every
    other such weekday within the horizon are marked busy (unless the regular pattern
    already covers them): the ranking then sees availability on that one date only.
    """
    weekly = list(weekly)
    busy: list[tuple[datetime, datetime]] = []
    extras: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
    for day, kind, start, end in exceptions:
        if kind == ExceptionKind.EXTRA:
            extras[day.weekday()].append((day, start, end))
        else:
            busy.append(local_span(day, start, end))
    for weekday, items in extras.items():
        regular = [(s, e) for w, s, e in weekly if w == weekday]
        first = today - timedelta(days=(today.weekday() - weekday) % 7 + 7)
        dates = {d for d, _, _ in items}
        for _day, start, end in items:
            weekly.append((weekday, start, end))
            for gap_start, gap_end in _minus((start, end), regular):
                for week in range(EXTRA_HORIZON_WEEKS + 2):
                    other = first + timedelta(weeks=week)
                    if other not in dates:
                        busy.append(local_span(other, gap_start, gap_end))
    return tuple(sorted(set(weekly))), busy


def _chunks(ids: list[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _rows(
    statement: Select[*tuple[Any, ...]],
    column: ColumnElement[Any] | QueryableAttribute[Any],
    ids: list[int] | None,
) -> Iterator[Row[*tuple[Any, ...]]]:
    """Run a statement, restricted to `ids` in chunks when given."""
    for chunk in _chunks(ids):
        stmt = statement if chunk is None else statement.where(column.in_(chunk))
        yield from db.session.execute(stmt)


def load_candidates(
    ids: Iterable[int] | None = None, now: datetime | None = None
) -> list[Candidate]:
    """Candidates for approved, visible assistants (all, or only `ids`)."""
    now = now or utcnow()
    today = to_local(now).date()
    wanted = None if ids is None else sorted({int(i) for i in ids})
    profile = AssistantProfile
    base = (
        select(
            profile.user_id,
            func.coalesce(profile.pin_lat, PostalCode.lat),
            func.coalesce(profile.pin_lon, PostalCode.lon),
            profile.max_travel_km,
            profile.languages,
            profile.on_call,
            profile.announcement,
        )
        .join(User, User.id == profile.user_id)
        .outerjoin(PostalCode, PostalCode.code == profile.postcode)
        .where(
            User.status == Status.APPROVED,
            profile.visible.is_(True),
            profile.moderation != ModerationState.REMOVED,
            or_(profile.pin_lat.is_not(None), PostalCode.lat.is_not(None)),
        )
    )
    people = {row[0]: row for row in _rows(base, profile.user_id, wanted)}
    if not people:
        return []
    subset = None if wanted is None else sorted(people)
    weekly = defaultdict(list)
    window = AvailabilityWindow
    for aid, weekday, start, end in _rows(
        select(window.assistant_id, window.weekday, window.start_min, window.end_min),
        window.assistant_id,
        subset,
    ):
        weekly[aid].extend(split_window(weekday, start, end))
    skills = defaultdict(set)
    for aid, code in _rows(
        select(assistant_skills.c.assistant_id, Skill.code).join(
            Skill, Skill.id == assistant_skills.c.skill_id
        ),
        assistant_skills.c.assistant_id,
        subset,
    ):
        skills[aid].add(code)
    ratings = {
        aid: (float(total or 0), int(count))
        for aid, total, count in _rows(
            select(Rating.ratee_id, func.sum(Rating.stars), func.count())
            .where(Rating.hidden.is_(False))
            .group_by(Rating.ratee_id),
            Rating.ratee_id,
            subset,
        )
    }
    history = {}
    completed = and_(
        Booking.cancelled_at.is_(None), Booking.no_show.is_(False), Booking.ends_at <= now
    )
    late = or_(
        and_(Booking.late_cancel.is_(True), Booking.cancelled_by_id == Booking.assistant_id),
        and_(Booking.no_show.is_(True), Booking.no_show_removed.is_(False)),
    )
    for aid, done, bad in _rows(
        select(
            Booking.assistant_id,
            func.sum(case((completed, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        ).group_by(Booking.assistant_id),
        Booking.assistant_id,
        subset,
    ):
        history[aid] = (int(done or 0), int(bad or 0))
    busy = defaultdict(list)
    for aid, starts, ends in _rows(
        select(Booking.assistant_id, Booking.starts_at, Booking.ends_at).where(
            Booking.cancelled_at.is_(None), Booking.ends_at > now - BUSY_LOOKBACK
        ),
        Booking.assistant_id,
        subset,
    ):
        busy[aid].append((starts, ends))
    regular = employment_busy(now - BUSY_LOOKBACK, now + OCCURRENCE_HORIZON, subset)
    for aid, items in regular.items():
        busy[aid].extend(span for span, _employer in items)
    exceptions = defaultdict(list)
    exc = AvailabilityException
    for aid, day, kind, start, end in _rows(
        select(exc.assistant_id, exc.day, exc.kind, exc.start_min, exc.end_min).where(
            exc.day >= today - BUSY_LOOKBACK
        ),
        exc.assistant_id,
        subset,
    ):
        exceptions[aid].append((day, kind, start, end))
    result = []
    for aid, (_, lat, lon, travel, languages, on_call, text) in people.items():
        dated_busy: list[tuple[datetime, datetime]]
        windows, dated_busy = tuple(sorted(set(weekly[aid]))), []
        if exceptions[aid]:
            windows, dated_busy = apply_exceptions(windows, exceptions[aid], today)
        rating_sum, rating_count = ratings.get(aid, (0.0, 0))
        done, bad = history.get(aid, (0, 0))
        result.append(
            Candidate(
                id=aid,
                lat=float(lat),
                lon=float(lon),
                max_travel_km=_straight(float(travel)),
                weekly=windows,
                busy=tuple(sorted(busy[aid] + dated_busy)),
                skills=frozenset(skills[aid]),
                languages=frozenset((languages or "").split()),
                rating_sum=rating_sum,
                rating_count=rating_count,
                completed=done,
                cancelled_late=bad,
                on_call=bool(on_call),
                text=text or "",
            )
        )
    return result


def _straight(road_km: float) -> float:
    """The assistant's road-km limit in straight-line km (see DistanceEstimator)."""
    return estimator().straight_km(road_km)
