"""The approved period for payroll: one row per worked day and assistant, then totals.

The column layout is documented in README.md ("Payroll export"); change both together.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from portal.csv_excel import excel_csv
from portal.models import User
from portal.pay import PayBreakdown
from portal.services.pay.estimates import add_up
from portal.services.pay.schemes import scheme_for
from portal.services.pay.sheets import SheetRow, SheetView, sheet_view
from portal.timeutil import to_local

HEADER = (
    "date",
    "assistant",
    "assistant_id",
    "start",
    "end",
    "break_minutes",
    "paid_minutes",
    "evening_minutes",
    "night_minutes",
    "saturday_minutes",
    "sunday_minutes",
    "hourly_wage",
    "base_eur",
    "evening_eur",
    "night_eur",
    "saturday_eur",
    "sunday_eur",
    "total_eur",
)
TOTAL_LABEL = "total"


@dataclass(frozen=True)
class DayRow:
    """One assistant's approved work on one local day (attributed to the day it began)."""

    day: date
    assistant: User
    start: datetime
    end: datetime
    break_minutes: int
    pay: PayBreakdown


def day_rows(view: SheetView) -> list[DayRow]:
    """The view's approved rows summed per (day the work began, assistant)."""
    rules = scheme_for(view.employer).rules
    wage = view.employer.hourly_wage or Decimal(0)
    groups: dict[tuple[date, int], list[SheetRow]] = {}
    for row in view.rows:
        groups.setdefault((to_local(row.start).date(), row.assistant.id), []).append(row)
    found = []
    for (day, _assistant_id), rows in groups.items():
        found.append(
            DayRow(
                day=day,
                assistant=rows[0].assistant,
                start=min(r.start for r in rows),
                end=max(r.end for r in rows),
                break_minutes=sum(r.break_minutes for r in rows),
                pay=add_up([r.pay for r in rows], wage, rules),
            )
        )
    return sorted(found, key=lambda r: (r.day, r.assistant.last_name, r.assistant.id))


def _cells(pay: PayBreakdown) -> list[object]:
    return [
        pay.minutes,
        pay.evening_minutes,
        pay.night_minutes,
        pay.saturday_minutes,
        pay.sunday_minutes,
    ]


def _euros(pay: PayBreakdown, wage: Decimal | None) -> list[object]:
    if wage is None:
        return [None] * 7
    return [wage, pay.base, pay.evening, pay.night, pay.saturday, pay.sunday, pay.total]


def approved_period(viewer: User, employer_id: int, day: date, now: datetime) -> SheetView:
    """The approved rows of the period holding `day` (staff views are audited)."""
    return sheet_view(viewer, employer_id, day, now, approved_only=True)


def period_csv(view: SheetView) -> bytes:
    """The approved period as Finnish-Excel CSV, the totals as its last row."""
    wage = view.employer.hourly_wage
    rows: list[list[object]] = [
        [r.day, r.assistant.full_name, r.assistant.id, r.start, r.end, r.break_minutes]
        + _cells(r.pay)
        + _euros(r.pay, wage)
        for r in day_rows(view)
    ]
    breaks = sum(r.break_minutes for r in view.rows)
    rows.append(
        [TOTAL_LABEL, None, None, None, None, breaks]
        + _cells(view.approved)
        + _euros(view.approved, wage)
    )
    return excel_csv(HEADER, rows)


def file_name(view: SheetView) -> str:
    """e.g. tunnit-12-2026-12-01-2026-12-15.csv."""
    period = view.period
    return f"tunnit-{view.employer.user_id}-{period.first}-{period.last}.csv"
