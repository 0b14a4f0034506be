"""The decision on file: record it, count planned and booked hours, warn before saving."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import format_date

from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import number
from portal.models import (
    Decision,
    DecisionRelative,
    EmployerProfile,
    HoursPer,
    Relation,
    Role,
    User,
)
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError
from portal.services.positions import hours
from portal.services.positions.planned import current_decision, employer_spans
from portal.services.positions.warnings import DECISION, RuleWarning
from portal.timeutil import local_to_utc, to_local

Span = tuple[datetime, datetime]
DAY = timedelta(hours=24)
MAX_TRIP = timedelta(days=14)


def trip_message() -> str:
    """What a trip's end date must be."""
    return _("A trip ends after it starts and lasts at most 14 days.")


@dataclass
class DecisionDraft:
    """What an employer or coordinator types in from the paper decision."""

    decided_on: date
    valid_from: date
    valid_until: date | None
    granted_hours: float
    hours_per: HoursPer
    evening: bool = True
    saturday: bool = True
    sunday: bool = True
    night: bool = False
    max_night_hours: float | None = None
    two_assistants: bool = False
    trips: bool = False
    notes: str = ""
    relatives: list[tuple[str, Relation, date]] = field(default_factory=list)


def _employer_for(actor: User, employer_id: int) -> EmployerProfile:
    """The employer's profile if the actor is that employer or staff, else NotFoundError."""
    profile = db.session.get(EmployerProfile, employer_id)
    staff = actor.role in (Role.COORDINATOR, Role.ADMIN)
    if profile is None or (actor.id != employer_id and not staff):
        raise NotFoundError(_("No such employer."))
    return profile


def record_decision(actor: User, employer_id: int, draft: DecisionDraft) -> Decision:
    """File a decision for an employer (by the employer or, audited, a coordinator)."""
    _employer_for(actor, employer_id)
    if draft.valid_until is not None and draft.valid_until < draft.valid_from:
        raise DomainError(_("The decision must end after it starts."), "valid_until")
    if draft.granted_hours <= 0:
        raise DomainError(_("Enter the granted hours."), "granted_hours")
    decision = Decision(
        employer_id=employer_id,
        recorded_by_id=actor.id,
        **{k: v for k, v in vars(draft).items() if k != "relatives"},
    )
    decision.notes = draft.notes.strip()
    decision.max_night_hours = draft.max_night_hours if draft.night else None
    for name, relation, approved_on in draft.relatives:
        if name.strip():
            decision.relatives.append(
                DecisionRelative(
                    name=" ".join(name.split()), relation=relation, approved_on=approved_on
                )
            )
    db.session.add(decision)
    db.session.flush()
    if actor.id != employer_id:
        audit.record(actor, "decision.recorded", obj=decision, employer_id=employer_id)
    return decision


def _month_range(spans: list[Span]) -> tuple[datetime, datetime]:
    first = to_local(min(s for s, _e in spans)).date().replace(day=1)
    last = to_local(max(e for _s, e in spans)).date()
    _, after = hours.month_bounds(last.replace(day=1))
    return local_to_utc(first - timedelta(days=7), time(0)), local_to_utc(
        after + timedelta(days=7), time(0)
    )


def _month_name(first: date) -> str:
    return str(format_date(first, "LLLL yyyy"))


def decision_warnings(
    employer_id: int,
    new: list[Span],
    *,
    planned: bool,
    assistant_id: int | None = None,
    skip_shift: int | None = None,
    skip_position: int | None = None,
) -> list[RuleWarning]:
    """What saving these new spans would break in the decision on file (none if no decision)."""
    if not new:
        return []
    decision = current_decision(employer_id, to_local(new[0][0]).date())
    if decision is None:
        return []
    since, until = _month_range(new)
    existing = employer_spans(
        employer_id,
        since,
        until,
        planned=planned,
        skip_shift=skip_shift,
        skip_position=skip_position,
    )
    spans = [span for span, _aid in existing]
    found: list[RuleWarning] = []
    word = _("planned") if planned else _("booked")
    if decision.hours_per == HoursPer.MONTH:
        totals, added = hours.by_month(spans + new), hours.by_month(new)
        for month in sorted(added):
            if totals[month] / 60 > decision.granted_hours + 1e-9:
                found.append(
                    RuleWarning(
                        DECISION,
                        _(
                            "%(month)s: %(hours)s h %(word)s,"
                            " but the decision grants %(granted)s h a month.",
                            month=_month_name(month),
                            hours=number(totals[month] / 60),
                            word=word,
                            granted=number(decision.granted_hours),
                        ),
                    )
                )
    else:
        totals, added = hours.by_week(spans + new), hours.by_week(new)
        for monday in sorted(added):
            if totals[monday] / 60 > decision.granted_hours + 1e-9:
                found.append(
                    RuleWarning(
                        DECISION,
                        _(
                            "Week of %(monday)s: %(hours)s h %(word)s,"
                            " but the decision grants %(granted)s h a week.",
                            monday=format_date(monday, "d.M.yyyy"),
                            hours=number(totals[monday] / 60),
                            word=word,
                            granted=number(decision.granted_hours),
                        ),
                    )
                )
    kinds = hours.classify(new)
    not_granted = {
        "night": _("Night work (23–06) is not granted by the decision."),
        "evening": _("Evening work (18–23) is not granted by the decision."),
        "saturday": _("Saturday work is not granted by the decision."),
        "sunday": _("Sunday and holiday work is not granted by the decision."),
    }
    for kind, message in not_granted.items():
        if kinds[kind] > 0 and not getattr(decision, kind):
            found.append(RuleWarning(DECISION, message))
    if decision.night and decision.max_night_hours is not None and kinds["night"] > 0:
        nights, added = (
            hours.by_month(spans + new, night_only=True),
            hours.by_month(new, night_only=True),
        )
        for month in sorted(added):
            if nights[month] / 60 > decision.max_night_hours + 1e-9:
                found.append(
                    RuleWarning(
                        DECISION,
                        _(
                            "%(month)s: %(hours)s night hours,"
                            " but the decision allows at most %(max)s.",
                            month=_month_name(month),
                            hours=number(nights[month] / 60),
                            max=number(decision.max_night_hours),
                        ),
                    )
                )
    if not decision.two_assistants:
        others = [span for span, aid in existing if aid is None or aid != assistant_id]
        if any(o[0] < e and s < o[1] for s, e in new for o in others):
            found.append(
                RuleWarning(
                    DECISION,
                    _(
                        "This overlaps other work:"
                        " two assistants at the same time need the decision's permission."
                    ),
                )
            )
    if any(e - s > DAY for s, e in new) and not decision.trips:
        found.append(
            RuleWarning(DECISION, _("Work over 24 hours (a trip) needs the decision's permission."))
        )
    return found
