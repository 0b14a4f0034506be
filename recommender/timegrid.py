"""Weekly availability against real time in Europe/Helsinki, exact to the minute.

Every instant is handled as float minutes since the Unix epoch (UTC). A real interval is
cut into pieces of constant UTC offset; within a piece, local wall time is a shift of
real time, so its local "minute of the week" (0 = Monday 00:00) is a few contiguous runs.
A candidate's weekly windows become merged ``[start, end)`` intervals in minute-of-week,
and the covered length of a run is a difference of a piecewise-linear cumulative sum.
Coverage counts real minutes: the autumn DST night repeats 03:00-04:00 local, so a
window containing that hour covers both real hours, and a 22:00-10:00 night shift on
2026-10-25 lasts 13 real hours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY_MIN = 1440
WEEK_MIN = 7 * DAY_MIN
SLOT_MIN = 15
SLOTS_PER_WEEK = WEEK_MIN // SLOT_MIN  # 672
# 1970-01-01 was a Thursday: local epoch minute 0 is minute-of-week 3 * 1440.
_EPOCH_MOW = 3 * DAY_MIN
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Run = tuple[float, float]


def epoch_minutes(dt: datetime) -> float:
    """Return an aware datetime as float minutes since the Unix epoch."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt!r}: the recommender needs aware datetimes")
    return (dt - _EPOCH).total_seconds() / 60.0


@lru_cache(maxsize=65536)
def _offset_at_minute(minute: int) -> int:
    """Return the Helsinki UTC offset in minutes at an epoch minute."""
    local = datetime.fromtimestamp(minute * 60, tz=HELSINKI)
    offset = local.utcoffset()
    if offset is None:  # never: a datetime built with a ZoneInfo always has an offset
        raise ValueError(f"no UTC offset at epoch minute {minute}")
    return int(offset.total_seconds() // 60)


def offset_segments(u0: float, u1: float) -> list[tuple[float, float, int]]:
    """Cut real interval ``[u0, u1)`` into ``(a, b, offset_min)`` pieces of constant offset."""
    segs: list[tuple[float, float, int]] = []
    a = u0
    off = _offset_at_minute(math.floor(u0))
    hour = (math.floor(u0) // 60 + 1) * 60
    while hour < u1:
        o = _offset_at_minute(hour)
        if o != off:
            # Helsinki changes on whole UTC hours; bisect anyway so any zone stays exact.
            lo, hi = hour - 60, hour
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_at_minute(mid) == off:
                    lo = mid
                else:
                    hi = mid
            cut = max(float(hi), a)
            if cut > a:
                segs.append((a, cut, off))
            a, off = cut, o
        hour += 60
    segs.append((a, u1, off))
    return segs


def local_runs(segs: Sequence[tuple[float, float, int]], a: float, b: float) -> list[Run]:
    """Return the minute-of-week runs covered by real interval ``[a, b)`` (within segs)."""
    runs: list[Run] = []
    for sa, sb, off in segs:
        x, y = max(a, sa), min(b, sb)
        if x >= y:
            continue
        start = (x + off + _EPOCH_MOW) % WEEK_MIN
        length = y - x
        while length > 0:
            take = min(length, WEEK_MIN - start)
            runs.append((start, start + take))
            length -= take
            start = 0.0
    return runs


def busy_runs(
    segs: Sequence[tuple[float, float, int]], x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised ``local_runs`` for many intervals inside ``segs``: (piece, a, b) arrays."""
    pieces, lo, hi = [], [], []
    for sa, sb, off in segs:
        xs, ys = np.maximum(x, sa), np.minimum(y, sb)
        ok = np.flatnonzero(xs < ys)
        start = (xs[ok] + off + _EPOCH_MOW) % WEEK_MIN
        length = ys[ok] - xs[ok]
        first = np.minimum(length, WEEK_MIN - start)
        pieces.append(ok)
        lo.append(start)
        hi.append(start + first)
        rest = length - first
        while (more := np.flatnonzero(rest > 0)).size:  # wraps past Sunday midnight
            take = np.minimum(rest[more], WEEK_MIN)
            pieces.append(ok[more])
            lo.append(np.zeros(more.size))
            hi.append(take)
            rest = rest.copy()
            rest[more] -= take
    if not pieces:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
    return np.concatenate(pieces), np.concatenate(lo), np.concatenate(hi)


def weekly_intervals(weekly: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Merge ``(weekday, start_min, end_min)`` windows into sorted minute-of-week intervals."""
    raw = []
    for wd, s, e in weekly:
        if not 0 <= int(wd) <= 6:
            raise ValueError(f"weekday {wd} outside 0..6")
        s, e = max(int(s), 0), min(int(e), DAY_MIN)
        if s < e:
            raw.append((int(wd) * DAY_MIN + s, int(wd) * DAY_MIN + e))
    raw.sort()
    merged: list[list[int]] = []
    for s, e in raw:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def covered_minutes(starts: np.ndarray, ends: np.ndarray, runs: Sequence[Run]) -> np.ndarray:
    """Return, per row of merged window arrays ``(m, w)``, the minutes of runs they cover."""
    total = np.zeros(starts.shape[0], dtype=np.float64)
    length = ends - starts
    for a, b in runs:
        total += (np.clip(b - starts, 0.0, length) - np.clip(a - starts, 0.0, length)).sum(axis=1)
    return total


def merge_busy(busy: Iterable[tuple[datetime, datetime]]) -> list[tuple[float, float]]:
    """Return busy intervals as merged, sorted epoch-minute pairs (empty ones dropped)."""
    pairs = sorted((epoch_minutes(s), epoch_minutes(e)) for s, e in busy)
    merged: list[list[float]] = []
    for s, e in pairs:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def shift_slot_minutes(runs: Sequence[Run]) -> dict[int, float]:
    """Return real minutes of the shift per 15-minute weekly slot (for the bitmap bound)."""
    weights: dict[int, float] = {}
    for a, b in runs:
        slot = int(a // SLOT_MIN)
        while slot * SLOT_MIN < b:
            lo, hi = max(a, slot * SLOT_MIN), min(b, (slot + 1) * SLOT_MIN)
            if hi > lo:
                weights[slot] = weights.get(slot, 0.0) + (hi - lo)
            slot += 1
    return weights


def coverage(
    weekly: Iterable[tuple[int, int, int]],
    busy: Iterable[tuple[datetime, datetime]],
    start: datetime,
    end: datetime,
) -> float:
    """Return the share of real minutes of ``[start, end)`` in a window and not busy."""
    u0, u1 = epoch_minutes(start), epoch_minutes(end)
    if u1 <= u0:
        raise ValueError("shift end must be after its start")
    iv = weekly_intervals(weekly)
    if not iv:
        return 0.0
    starts = np.array([[s for s, _ in iv]], dtype=np.float64)
    ends = np.array([[e for _, e in iv]], dtype=np.float64)
    segs = offset_segments(u0, u1)
    free = float(covered_minutes(starts, ends, local_runs(segs, u0, u1))[0])
    for bs, be in merge_busy(busy):
        x, y = max(bs, u0), min(be, u1)
        if x < y:
            free -= covered_minutes(starts, ends, local_runs(segs, x, y))[0]
    return max(free, 0.0) / (u1 - u0)


def real_minutes(start: datetime, end: datetime) -> float:
    """Return the real (UTC) length of an interval in minutes, DST included."""
    return epoch_minutes(end) - epoch_minutes(start)


def spans_coverage(
    weekly: Iterable[tuple[int, int, int]],
    busy: Iterable[tuple[datetime, datetime]],
    spans: Sequence[tuple[datetime, datetime]],
) -> float:
    """Return free real minutes over several spans / their total (one span: ``coverage``)."""
    busy = list(busy)
    if len(spans) == 1:
        return coverage(weekly, busy, spans[0][0], spans[0][1])
    lengths = [real_minutes(s, e) for s, e in spans]
    free = sum(coverage(weekly, busy, s, e) * n for (s, e), n in zip(spans, lengths, strict=True))
    return free / sum(lengths)
