"""Finnish Saturday-rate and Sunday-rate days for pay, computed for any year."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import cast

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6  # date.weekday()


class DayRate(StrEnum):
    """Which whole-day supplement a local calendar day earns."""

    SATURDAY = "saturday"
    SUNDAY = "sunday"


@dataclass(frozen=True, order=True)
class SpecialDay:
    """A named day of the pay calendar and the supplement it earns that year."""

    day: date
    key: str  # stable name for display lookups, e.g. "midsummer_eve"
    rate: DayRate


def easter_sunday(year: int) -> date:
    """Western Easter Sunday of a Gregorian year (anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _weekday_on_or_after(first: date, weekday: int) -> date:
    """The first date from `first` on that falls on `weekday` (Monday is 0)."""
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _sunday_rate_holidays(year: int) -> dict[str, date]:
    """Church holidays, Independence Day and May Day (Sunday rate whatever the weekday)."""
    easter = easter_sunday(year)
    return {
        "new_years_day": date(year, 1, 1),
        "epiphany": date(year, 1, 6),
        "good_friday": easter - timedelta(days=2),
        "easter_sunday": easter,
        "easter_monday": easter + timedelta(days=1),
        "may_day": date(year, 5, 1),
        "ascension_day": easter + timedelta(days=39),
        "whit_sunday": easter + timedelta(days=49),
        "midsummer_day": _weekday_on_or_after(date(year, 6, 20), SATURDAY),
        "all_saints_day": _weekday_on_or_after(date(year, 10, 31), SATURDAY),
        "independence_day": date(year, 12, 6),
        "christmas_day": date(year, 12, 25),
        "boxing_day": date(year, 12, 26),
    }


def _saturday_rate_eves(year: int) -> dict[str, date]:
    """Named weekdays paid at the Saturday rate (not holidays, whatever calendars say)."""
    return {
        "midsummer_eve": _weekday_on_or_after(date(year, 6, 19), FRIDAY),
        "christmas_eve": date(year, 12, 24),
    }


@lru_cache(maxsize=64)
def _year_rates(year: int) -> dict[date, DayRate]:
    """Every named special day of a year mapped to its rate (Sunday wins)."""
    rates = {day: DayRate.SATURDAY for day in _saturday_rate_eves(year).values()}
    rates.update({day: DayRate.SUNDAY for day in _sunday_rate_holidays(year).values()})
    return rates


def day_rate(day: date) -> DayRate | None:
    """The whole-day supplement of a local date: Sunday rate, Saturday rate or none."""
    if day.weekday() == SUNDAY:
        return DayRate.SUNDAY
    named = _year_rates(day.year).get(day)
    if named is not None:
        return named
    if day.weekday() == SATURDAY:
        return DayRate.SATURDAY
    return None


def special_days(year: int) -> list[SpecialDay]:
    """The named special days of a year in date order, each with its effective rate.

    Plain Saturdays and Sundays are not listed. A Christmas Eve that falls on a Sunday
    is listed with the Sunday rate; a date may appear twice (May Day was Ascension Day
    in 2008).
    """
    named = {**_saturday_rate_eves(year), **_sunday_rate_holidays(year)}
    # a named day is in _year_rates, so day_rate never answers None for it
    return sorted(SpecialDay(day, key, cast(DayRate, day_rate(day))) for key, day in named.items())
