"""Dashboard figures: fill rate, time to fill, unfilled shifts, activity, offer answers.

Definitions (shown on the dashboard too): a shift counts when it starts in the period
and is neither a draft nor cancelled. It is filled when it has an active booking; it is
unfilled when it has none and its start has passed; open future shifts are not yet either.
Time to fill runs from the shift's creation to the booking's confirmation.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Result, and_, select

from portal.csv_excel import excel_csv
from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Booking,
    Municipality,
    Offer,
    OfferState,
    PostalCode,
    Role,
    Shift,
    ShiftState,
    Status,
    User,
)
from portal.timeutil import to_local

LEAD_BUCKETS = ((6, "< 6 h"), (24, "6–24 h"), (24 * 7, "1–7 d"), (math.inf, "> 7 d"))
YES_STATES = {OfferState.ACCEPTED, OfferState.CONFIRMED, OfferState.FILLED_ELSEWHERE}


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class FillGroup:
    """Fill figures of one group of shifts (a municipality, a week or a lead time)."""

    key: str
    filled: int = 0
    unfilled: int = 0
    still_open: int = 0
    hours_to_fill: list[float] = field(default_factory=list)

    @property
    def fill_rate(self) -> float | None:
        """Filled share of the shifts that are decided (filled or unfilled)."""
        decided = self.filled + self.unfilled
        return self.filled / decided if decided else None

    @property
    def median_hours(self) -> float | None:
        """Median hours from posting to confirmation."""
        return percentile(self.hours_to_fill, 50)

    @property
    def p90_hours(self) -> float | None:
        """90th percentile hours from posting to confirmation."""
        return percentile(self.hours_to_fill, 90)


def lead_bucket(created_at: datetime, starts_at: datetime) -> str:
    """The lead-time bucket of a shift: how long before its start it was posted."""
    hours = (starts_at - created_at).total_seconds() / 3600
    return next(label for limit, label in LEAD_BUCKETS if hours < limit)


def _shift_rows(since: datetime, until: datetime) -> Result[Shift, Municipality, datetime | None]:
    """Shifts starting in the period with their municipality and active booking."""
    return db.session.execute(
        select(Shift, Municipality, Booking.confirmed_at)
        .join(PostalCode, PostalCode.code == Shift.postcode)
        .join(Municipality, Municipality.code == PostalCode.municipality_code)
        .outerjoin(Booking, and_(Booking.shift_id == Shift.id, Booking.cancelled_at.is_(None)))
        .where(
            Shift.starts_at >= since,
            Shift.starts_at < until,
            Shift.state.not_in([ShiftState.DRAFT, ShiftState.CANCELLED]),
        )
    )


def fill_stats(
    since: datetime, until: datetime, now: datetime, locale: str = "fi"
) -> dict[str, Any]:
    """Fill figures overall and by municipality, ISO week and lead time."""
    total = FillGroup("all")
    groups: dict[str, dict[str, FillGroup]] = {"municipality": {}, "week": {}, "lead": {}}
    for shift, municipality, confirmed_at in _shift_rows(since, until):
        local = to_local(shift.starts_at).isocalendar()
        keys = {
            "municipality": municipality.name(locale),
            "week": f"{local.year}-W{local.week:02d}",
            "lead": lead_bucket(shift.created_at, shift.starts_at),
        }
        targets = [total] + [
            groups[dim].setdefault(key, FillGroup(key)) for dim, key in keys.items()
        ]
        for group in targets:
            if confirmed_at is not None:
                group.filled += 1
                group.hours_to_fill.append((confirmed_at - shift.created_at).total_seconds() / 3600)
            elif shift.starts_at <= now:
                group.unfilled += 1
            else:
                group.still_open += 1
    order = {label: i for i, (_limit, label) in enumerate(LEAD_BUCKETS)}
    return {
        "total": total,
        "municipality": sorted(groups["municipality"].values(), key=lambda g: g.key),
        "week": sorted(groups["week"].values(), key=lambda g: g.key),
        "lead": sorted(groups["lead"].values(), key=lambda g: order[g.key]),
    }


def assistant_activity(
    since: datetime, until: datetime, locale: str = "fi"
) -> list[dict[str, Any]]:
    """Approved assistants by municipality: active (answered or worked in the period) or not."""
    answered = set(
        db.session.scalars(
            select(Offer.assistant_id).where(Offer.answered_at >= since, Offer.answered_at < until)
        )
    )
    worked = set(
        db.session.scalars(
            select(Booking.assistant_id).where(
                Booking.starts_at >= since,
                Booking.starts_at < until,
                Booking.cancelled_at.is_(None),
            )
        )
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"active": 0, "inactive": 0})
    rows = db.session.execute(
        select(User.id, Municipality)
        .join(AssistantProfile, AssistantProfile.user_id == User.id)
        .join(PostalCode, PostalCode.code == AssistantProfile.postcode)
        .join(Municipality, Municipality.code == PostalCode.municipality_code)
        .where(User.role == Role.ASSISTANT, User.status == Status.APPROVED)
    )
    for user_id, municipality in rows:
        active = user_id in answered or user_id in worked
        counts[municipality.name(locale)]["active" if active else "inactive"] += 1
    return [{"municipality": name, **c} for name, c in sorted(counts.items())]


def offer_rates(since: datetime, until: datetime) -> dict[str, Any]:
    """Of the offers sent in the period: how many were answered, and how many said yes."""
    offers = list(
        db.session.scalars(
            select(Offer).where(
                Offer.created_at >= since,
                Offer.created_at < until,
                Offer.state != OfferState.APPLIED,  # applications are not offers
            )
        )
    )
    answered = [o for o in offers if o.answered_at is not None]
    yes = [o for o in answered if o.state in YES_STATES]
    return {
        "sent": len(offers),
        "answered": len(answered),
        "accepted": len(yes),
        "response_rate": len(answered) / len(offers) if offers else None,
        "acceptance_rate": len(yes) / len(answered) if answered else None,
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


FILL_HEADER = (
    "dimension",
    "group",
    "filled",
    "unfilled",
    "still_open",
    "fill_rate",
    "median_hours_to_fill",
    "p90_hours_to_fill",
)


def fill_csv(fill: dict[str, Any]) -> bytes:
    """Fill figures as one Finnish-Excel table: one row per group, its dimension first."""
    rows: list[list[Any]] = []
    for dimension in ("total", "municipality", "week", "lead"):
        groups = [fill["total"]] if dimension == "total" else fill[dimension]
        rows.extend(
            [
                dimension,
                g.key,
                g.filled,
                g.unfilled,
                g.still_open,
                _round(g.fill_rate, 3),
                _round(g.median_hours),
                _round(g.p90_hours),
            ]
            for g in groups
        )
    return excel_csv(FILL_HEADER, rows)


def activity_csv(activity: list[dict[str, Any]]) -> bytes:
    """Active and inactive approved assistants per municipality, as one table."""
    header = ("municipality", "active_assistants", "inactive_assistants")
    return excel_csv(header, [[r["municipality"], r["active"], r["inactive"]] for r in activity])


def offers_csv(rates: dict[str, Any]) -> bytes:
    """The offer answer rates, as a one-row table."""
    header = ("offers_sent", "answered", "accepted", "response_rate", "acceptance_rate")
    row = [
        rates["sent"],
        rates["answered"],
        rates["accepted"],
        _round(rates["response_rate"], 3),
        _round(rates["acceptance_rate"], 3),
    ]
    return excel_csv(header, [row])


CSV_TABLES = {"taytto": "fill", "avustajat": "activity", "tarjoukset": "offers"}


def figures_csv(
    table: str, fill: dict[str, Any], activity: list[dict[str, Any]], rates: dict[str, Any]
) -> bytes:
    """One of the dashboard's tables by its download name (one table per file)."""
    kind = CSV_TABLES[table]
    if kind == "fill":
        return fill_csv(fill)
    if kind == "activity":
        return activity_csv(activity)
    return offers_csv(rates)


def default_period(now: datetime) -> tuple[datetime, datetime]:
    """The last 28 days up to a week ahead."""
    return now - timedelta(days=28), now + timedelta(days=7)
