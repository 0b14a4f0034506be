"""What a span of work pays: minutes per supplement and euros per component."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from portal.pay.calendar import DayRate, day_rate
from portal.pay.rules import PayRules
from portal.timeutil import HELSINKI

MAX_SPAN = timedelta(days=14)
EVENING_HOURS = range(18, 23)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class PayBreakdown:
    """Paid minutes per supplement and the euros of each component (Decimal, cents)."""

    minutes: int
    evening_minutes: int
    saturday_minutes: int
    night_minutes: int
    sunday_minutes: int
    base: Decimal
    evening: Decimal
    saturday: Decimal
    night: Decimal
    sunday: Decimal
    total: Decimal


def _check_moment(name: str, moment: object) -> datetime:
    """An aware datetime on a whole minute, or ValueError."""
    if not isinstance(moment, datetime):
        raise ValueError(f"{name} must be a datetime, got {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    utc = moment.astimezone(UTC)
    if utc.second or utc.microsecond:
        raise ValueError(f"{name} must be on a whole minute, got {moment.isoformat()}")
    return utc


def _check_wage(wage: object) -> Decimal:
    """A finite, non-negative Decimal (or int) hourly wage, or ValueError."""
    if isinstance(wage, bool) or not isinstance(wage, Decimal | int):
        raise ValueError(f"hourly_wage must be a Decimal, got {wage!r}")
    wage = Decimal(wage)
    if not wage.is_finite() or wage < 0:
        raise ValueError(f"hourly_wage must be finite and non-negative, got {wage}")
    return wage


def _pieces(start: datetime, end: datetime) -> Iterator[tuple[int, datetime]]:
    """Split [start, end) at UTC hours into (real minutes, local start) pieces.

    Helsinki's offsets (+2, +3) are whole hours and change on a UTC hour, so a piece
    never spans a local hour boundary or an offset change.
    """
    cursor = start
    while cursor < end:
        cut = min(end, cursor + timedelta(minutes=60 - cursor.minute))
        yield (cut - cursor) // timedelta(minutes=1), cursor.astimezone(HELSINKI)
        cursor = cut


def _euros(minutes: int, wage: Decimal, rate: Decimal) -> Decimal:
    """minutes × wage × rate / 60, rounded half-up to cents."""
    return (minutes * wage * rate / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def pay_breakdown(
    start: datetime,
    end: datetime,
    *,
    hourly_wage: Decimal,
    rules: PayRules | None = None,
) -> PayBreakdown:
    """Pay for work from start to end: supplements stacked per minute in Helsinki time."""
    rules = rules or PayRules()
    start_utc, end_utc = _check_moment("start", start), _check_moment("end", end)
    wage = _check_wage(hourly_wage)
    if end_utc <= start_utc:
        raise ValueError(f"end {end.isoformat()} must be after start {start.isoformat()}")
    if end_utc - start_utc > MAX_SPAN:
        raise ValueError("a span of work may be at most 14 days long")
    minutes = {"all": 0, "evening": 0, "night": 0, DayRate.SATURDAY: 0, DayRate.SUNDAY: 0}
    for piece, local in _pieces(start_utc, end_utc):
        minutes["all"] += piece
        if local.hour in EVENING_HOURS:
            minutes["evening"] += piece
        elif local.hour >= 23 or local.hour < 6:
            minutes["night"] += piece
        rate = day_rate(local.date())
        if rate is not None:
            minutes[rate] += piece
    parts = {
        "base": _euros(minutes["all"], wage, Decimal(1)),
        "evening": _euros(minutes["evening"], wage, rules.evening),
        "saturday": _euros(minutes[DayRate.SATURDAY], wage, rules.saturday),
        "night": _euros(minutes["night"], wage, rules.night),
        "sunday": _euros(minutes[DayRate.SUNDAY], wage, rules.sunday),
    }
    return PayBreakdown(
        minutes=minutes["all"],
        evening_minutes=minutes["evening"],
        saturday_minutes=minutes[DayRate.SATURDAY],
        night_minutes=minutes["night"],
        sunday_minutes=minutes[DayRate.SUNDAY],
        **parts,
        total=sum(parts.values(), Decimal("0.00")),
    )
