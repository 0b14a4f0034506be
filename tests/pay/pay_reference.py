"""An obviously-correct reference for pay: one UTC minute at a time, rules written afresh."""

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from zoneinfo import ZoneInfo

FINLAND = ZoneInfo("Europe/Helsinki")
# Easter Sundays copied from the almanac, not computed.
EASTER = {
    2023: date(2023, 4, 9),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2028: date(2028, 4, 16),
    2029: date(2029, 4, 1),
    2030: date(2030, 4, 21),
    2031: date(2031, 4, 13),
}


@cache
def is_sunday_rate(d: date) -> bool:
    """Sunday, church holiday, Independence Day or May Day."""
    easter = EASTER[d.year]
    if d.isoweekday() == 7:
        return True
    if (d.month, d.day) in {(1, 1), (1, 6), (5, 1), (12, 6), (12, 25), (12, 26)}:
        return True
    if (d - easter).days in (-2, 1, 39):  # Good Friday, Easter Monday, Ascension Day
        return True
    saturday = d.isoweekday() == 6
    if saturday and d.month == 6 and 20 <= d.day <= 26:  # Midsummer Day
        return True
    return saturday and (d.month, d.day) in {(10, 31)} | {(11, n) for n in range(1, 7)}


@cache
def is_saturday_rate(d: date) -> bool:
    """Working Saturday, Midsummer Eve, Christmas Eve; never a Sunday-rate day."""
    if is_sunday_rate(d):
        return False
    friday_before_midsummer = d.isoweekday() == 5 and d.month == 6 and 19 <= d.day <= 25
    return d.isoweekday() == 6 or friday_before_midsummer or (d.month, d.day) == (12, 24)


def reference_minutes(start: datetime, end: datetime) -> dict[str, int]:
    """Count every UTC minute of [start, end) by its Helsinki wall-clock time."""
    counts = {"all": 0, "evening": 0, "saturday": 0, "night": 0, "sunday": 0}
    moment = start.astimezone(UTC)
    while moment < end:
        local = moment.astimezone(FINLAND)
        counts["all"] += 1
        counts["evening"] += 18 <= local.hour < 23
        counts["night"] += not 6 <= local.hour < 23
        counts["saturday"] += is_saturday_rate(local.date())
        counts["sunday"] += is_sunday_rate(local.date())
        moment += timedelta(minutes=1)
    return counts


def reference_euros(count: int, wage: Decimal, rate: Decimal) -> Decimal:
    """Euros of one component, rounded half-up to the cent."""
    cents = Decimal(count) * wage * rate * 100 / 60
    return cents.to_integral_value(rounding=ROUND_HALF_UP) / 100
