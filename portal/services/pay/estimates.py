"""What work pays: shift estimates, paid time net of breaks, the month against the grant."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Booking, Decision, EmployerProfile, HoursPer, Shift, Timesheet
from portal.pay import PayBreakdown, PayRules, pay_breakdown
from portal.pay.breakdown import MAX_SPAN
from portal.services.pay.schemes import scheme_for
from portal.services.pay.work import occurrence_items
from portal.services.positions.planned import current_decision
from portal.timeutil import local_to_utc

CENT = Decimal("0.01")
COMPONENTS = ("base", "evening", "night", "saturday", "sunday")
MINUTE_FIELDS = (
    "minutes",
    "evening_minutes",
    "night_minutes",
    "saturday_minutes",
    "sunday_minutes",
)


def granted_hours(profile: EmployerProfile | None, month: date) -> Decimal | None:
    """Hours a month the municipality grants the employer, or None when unknown.

    The decision in force on the month's first day (issue 11) wins; a weekly grant is
    counted as days-in-month / 7 weeks. Without a decision, the figure on the profile.
    """
    if profile is None:
        return None
    first = month.replace(day=1)
    decision = current_decision(profile.user_id, first)
    if decision is None:
        return profile.monthly_hours
    granted = Decimal(str(decision.granted_hours))
    if decision.hours_per == HoursPer.WEEK:
        days = calendar.monthrange(first.year, first.month)[1]
        granted = granted * days / 7
    return granted.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _euros(minutes: int, wage: Decimal, rate: Decimal) -> Decimal:
    """minutes × wage × rate / 60, half-up to cents (as portal.pay does)."""
    return (minutes * wage * rate / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def priced(minutes: dict[str, int], wage: Decimal, rules: PayRules) -> PayBreakdown:
    """A PayBreakdown from minute counts, priced by the same rule as pay_breakdown."""
    parts = {
        "base": _euros(minutes["minutes"], wage, Decimal(1)),
        "evening": _euros(minutes["evening_minutes"], wage, rules.evening),
        "night": _euros(minutes["night_minutes"], wage, rules.night),
        "saturday": _euros(minutes["saturday_minutes"], wage, rules.saturday),
        "sunday": _euros(minutes["sunday_minutes"], wage, rules.sunday),
    }
    return PayBreakdown(
        minutes=minutes["minutes"],
        evening_minutes=minutes["evening_minutes"],
        saturday_minutes=minutes["saturday_minutes"],
        night_minutes=minutes["night_minutes"],
        sunday_minutes=minutes["sunday_minutes"],
        base=parts["base"],
        evening=parts["evening"],
        saturday=parts["saturday"],
        night=parts["night"],
        sunday=parts["sunday"],
        total=sum(parts.values(), Decimal("0.00")),
    )


def paid_breakdown(
    start: datetime, end: datetime, break_minutes: int, wage: Decimal, rules: PayRules
) -> PayBreakdown:
    """Pay for start..end less an unpaid break, which is taken from the middle of the span.

    The break's place decides which supplements it removes; without a recorded time the
    middle is the fair guess (a 30 min break in an 18–24 shift falls in the evening).
    """
    total = int((end - start).total_seconds() // 60)
    if break_minutes <= 0:
        return pay_breakdown(start, end, hourly_wage=wage, rules=rules)
    before = (total - break_minutes) // 2
    spans = [(start, start + timedelta(minutes=before))]
    spans.append((start + timedelta(minutes=before + break_minutes), end))
    minutes = dict.fromkeys(MINUTE_FIELDS, 0)
    for piece_start, piece_end in spans:
        if piece_end <= piece_start:
            continue
        piece = pay_breakdown(piece_start, piece_end, hourly_wage=wage, rules=rules)
        for name in MINUTE_FIELDS:
            minutes[name] += getattr(piece, name)
    return priced(minutes, wage, rules)


def add_up(breakdowns: list[PayBreakdown], wage: Decimal, rules: PayRules) -> PayBreakdown:
    """The sum of several breakdowns at one wage (minutes summed, then priced once)."""
    minutes = {n: sum(getattr(b, n) for b in breakdowns) for n in MINUTE_FIELDS}
    return priced(minutes, wage, rules)


def shift_estimate(shift: Shift) -> PayBreakdown | None:
    """Estimated gross pay of one shift at its employer's wage (None without a wage)."""
    return estimates_for([shift]).get(shift.id)


def estimates_for(shifts: list[Shift]) -> dict[int, PayBreakdown]:
    """Shift id -> estimated gross pay, for the shifts whose employer gave a wage."""
    ids = {s.employer_id for s in shifts}
    profiles = {
        p.user_id: p
        for p in db.session.scalars(select(EmployerProfile).where(EmployerProfile.user_id.in_(ids)))
    }
    schemes = {}
    found = {}
    for shift in shifts:
        profile = profiles.get(shift.employer_id)
        if profile is None or profile.hourly_wage is None:
            continue
        if shift.ends_at - shift.starts_at > MAX_SPAN:
            continue
        if profile.user_id not in schemes:
            schemes[profile.user_id] = scheme_for(profile)
        found[shift.id] = pay_breakdown(
            shift.starts_at,
            shift.ends_at,
            hourly_wage=profile.hourly_wage,
            rules=schemes[profile.user_id].rules,
        )
    return found


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The UTC instants of a Helsinki calendar month's start and end."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return local_to_utc(first, time(0)), local_to_utc(last + timedelta(days=1), time(0))


@dataclass(frozen=True)
class MonthUse:
    """An employer's month: paid hours and estimated euros against the granted hours."""

    employer_id: int
    month: date
    minutes: int
    euros: Decimal | None  # None when no wage is set
    granted: Decimal | None
    shifts: int

    @property
    def hours(self) -> Decimal:
        """Paid hours, to one decimal."""
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def over(self) -> bool:
        """True when the month's hours exceed the granted hours."""
        return self.granted is not None and self.hours > self.granted


def month_use(profile: EmployerProfile, month: date) -> MonthUse:
    """Booked (and, where recorded, actual) hours and pay of an employer's month."""
    return month_uses([profile], month)[0]


def month_uses(profiles: list[EmployerProfile], month: date) -> list[MonthUse]:
    """MonthUse of each employer, in the given order (two queries for all of them)."""
    since, until = month_bounds(month)
    ids = [p.user_id for p in profiles]
    rows = db.session.execute(
        select(Shift.employer_id, Booking, Timesheet)
        .join(Booking, Booking.shift_id == Shift.id)
        .outerjoin(Timesheet, Timesheet.booking_id == Booking.id)
        .where(
            Shift.employer_id.in_(ids),
            Booking.cancelled_at.is_(None),
            Booking.no_show.is_(False),
            Booking.starts_at >= since,
            Booking.starts_at < until,
        )
    )
    spans: dict[int, list[tuple[datetime, datetime, int]]] = {i: [] for i in ids}
    for employer_id, booking, sheet in rows:
        if sheet is not None:
            spans[employer_id].append((sheet.actual_start, sheet.actual_end, sheet.break_minutes))
        else:
            spans[employer_id].append((booking.starts_at, booking.ends_at, 0))
    _add_occurrences(spans, month)
    found = []
    for profile in profiles:
        rules = scheme_for(profile).rules
        wage = profile.hourly_wage if profile.hourly_wage is not None else Decimal(0)
        parts = [paid_breakdown(s, e, b, wage, rules) for s, e, b in spans[profile.user_id]]
        total = add_up(parts, wage, rules)
        found.append(
            MonthUse(
                employer_id=profile.user_id,
                month=month.replace(day=1),
                minutes=total.minutes,
                euros=total.total if profile.hourly_wage is not None else None,
                granted=granted_hours(profile, month),
                shifts=len(parts),
            )
        )
    return found


def _add_occurrences(spans: dict[int, list[tuple[datetime, datetime, int]]], month: date) -> None:
    """Regular positions' occurrences of the month (recorded hours where a timesheet has them)."""
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    work = [w for w in occurrence_items(first, last) if w.employer_id in spans]
    if not work:
        return
    sheets = {
        (sheet.employment_id, sheet.work_day): sheet
        for sheet in db.session.scalars(
            select(Timesheet).where(
                Timesheet.employment_id.in_({w.employment_id for w in work}),
                Timesheet.work_day >= first,
                Timesheet.work_day <= last,
            )
        )
    }
    for item in work:
        sheet = sheets.get((item.employment_id, item.work_day))
        if sheet is not None:
            spans[item.employer_id].append(
                (sheet.actual_start, sheet.actual_end, sheet.break_minutes)
            )
        else:
            spans[item.employer_id].append((item.planned_start, item.planned_end, 0))


def month_report(month: date) -> list[tuple[EmployerProfile, MonthUse]]:
    """Coordinators' month: every employer with work or granted hours, by name."""
    since, until = month_bounds(month)
    worked = select(Shift.employer_id).join(Booking, Booking.shift_id == Shift.id)
    worked = worked.where(
        Booking.cancelled_at.is_(None), Booking.starts_at >= since, Booking.starts_at < until
    )
    profiles = list(
        db.session.scalars(
            select(EmployerProfile)
            .options(selectinload(EmployerProfile.user))
            .where(
                EmployerProfile.monthly_hours.is_not(None)
                | EmployerProfile.user_id.in_(worked)
                | EmployerProfile.user_id.in_(select(Decision.employer_id))
            )
        )
    )
    profiles.sort(key=lambda p: (p.user.last_name, p.user.first_name, p.user_id))
    return list(zip(profiles, month_uses(profiles, month), strict=True))
