"""The one module that converts between UTC and Europe/Helsinki local time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def to_local(moment: datetime) -> datetime:
    """An aware datetime in Helsinki time."""
    return moment.astimezone(HELSINKI)


def local_to_utc(day: date, clock: time) -> datetime:
    """The UTC instant of a Helsinki wall-clock time.

    A time skipped by the spring DST change is moved forward by the gap; an
    ambiguous autumn time takes the first (summer-time) occurrence.
    """
    naive = datetime.combine(day, clock)
    local = naive.replace(tzinfo=HELSINKI, fold=0)
    round_trip = local.astimezone(UTC).astimezone(HELSINKI).replace(tzinfo=None)
    if round_trip != naive:  # nonexistent local time (spring gap)
        local = (naive + timedelta(hours=1)).replace(tzinfo=HELSINKI)
    return local.astimezone(UTC)


def local_span_to_utc(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A shift from `start` to `end` on `day`; an end at or before the start is next day."""
    starts = local_to_utc(day, start)
    end_day = day + timedelta(days=1) if end <= start else day
    return starts, local_to_utc(end_day, end)


def minutes_to_clock(minutes: int) -> str:
    """Minutes after midnight as 'HH:MM' (1440 is '24:00')."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def today_local() -> date:
    """Today's date in Helsinki."""
    return datetime.now(HELSINKI).date()
