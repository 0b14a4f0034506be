"""Pay periods: which half-month a day belongs to and when its hours are due."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from portal.pay.rules import PayScheme


@dataclass(frozen=True)
class PayPeriod:
    """A pay period: its first and last day and the day its hours are due."""

    first: date
    last: date
    due: date

    def __contains__(self, day: object) -> bool:
        """Whether a date falls in this period."""
        return isinstance(day, date) and self.first <= day <= self.last


def _day_in_month(year: int, month: int, day: int) -> date:
    """The given day of a month, or its last day if the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def pay_period(day: date, scheme: PayScheme | None = None) -> PayPeriod:
    """The pay period holding `day` (default: Espoo, 1–15 due 20th, 16–end due 5th next)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(f"pay_period takes a local date, got {day!r}")
    scheme = scheme or PayScheme()
    year, month = day.year, day.month
    if day.day <= scheme.split_day:
        first = date(year, month, 1)
        last = date(year, month, scheme.split_day)
        return PayPeriod(first, last, _day_in_month(year, month, scheme.first_due_day))
    first = date(year, month, scheme.split_day + 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return PayPeriod(first, last, _day_in_month(next_year, next_month, scheme.second_due_day))
