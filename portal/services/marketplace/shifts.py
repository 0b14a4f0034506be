"""Employers' shifts: post (regular, one-off, urgent), edit, cancel, copy, look up."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import get_locale
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    Offer,
    OfferState,
    PostalCode,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Skill,
    Status,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.errors import DomainError, NotFoundError
from portal.services.marketplace import bookings
from portal.services.marketplace.places import region_name, resolve_place
from portal.services.positions.decisions import MAX_TRIP, decision_warnings, trip_message
from portal.services.positions.warnings import RuleWarning, gate
from portal.services.staff import moderation
from portal.services.urgent import shift_events
from portal.timeutil import local_span_to_utc, local_to_utc, minutes_to_clock, to_local

PLACE = "place"  # a warning kind the employer may acknowledge (not the decision's)


@dataclass
class ShiftDraft:
    """What an employer fills in for a shift."""

    kind: ShiftKind
    title: str
    description: str
    day: date
    start: time
    end: time
    place: str
    languages: list[str]
    required: list[str]
    preferred: list[str]
    weekdays: list[int]  # regular positions: the weekly pattern's days
    region: str = ""  # the service's region (maakunta): a place elsewhere is warned about
    end_day: date | None = None  # a trip: the local date it ends (over 24 h, up to 14 days)


def _skills(codes: list[str]) -> list[Skill]:
    if not codes:
        return []
    return list(db.session.scalars(select(Skill).where(Skill.code.in_(codes))))


def _apply(shift: Shift, draft: ShiftDraft, now: datetime) -> None:
    day = draft.day
    if draft.kind == ShiftKind.REGULAR:
        if not draft.weekdays:
            raise DomainError(_("Choose the weekdays of the regular position."), "weekdays")
        while day.weekday() not in draft.weekdays:  # the first occurrence on or after day
            day += timedelta(days=1)
        start_min = draft.start.hour * 60 + draft.start.minute
        end_min = draft.end.hour * 60 + draft.end.minute
        shift.weekly_pattern = ";".join(
            f"{d} {start_min} {end_min}" for d in sorted(draft.weekdays)
        )
    else:
        shift.weekly_pattern = ""
    if draft.end_day is not None and draft.kind != ShiftKind.REGULAR:
        starts, ends = local_to_utc(day, draft.start), local_to_utc(draft.end_day, draft.end)
        if ends <= starts:
            raise DomainError(trip_message(), "end_day")
        if ends - starts > MAX_TRIP:
            raise DomainError(trip_message(), "end_day")
    elif draft.start == draft.end:
        raise DomainError(_("The end time must differ from the start time."), "end")
    else:
        starts, ends = local_span_to_utc(day, draft.start, draft.end)
    if starts <= now:
        raise DomainError(_("The shift must start in the future."), "day")
    shift.kind = draft.kind
    shift.title = draft.title.strip()
    shift.description = draft.description.strip()
    shift.starts_at, shift.ends_at = starts, ends
    shift.postcode = resolve_place(draft.place, "place").code
    shift.languages = " ".join(draft.languages)
    shift.required_skills = _skills(draft.required)
    shift.preferred_skills = _skills(draft.preferred)


def region_warnings(shift: Shift, region: str) -> list[RuleWarning]:
    """A warning when the shift is outside the service's region (a mistyped place, usually)."""
    place = db.session.get(PostalCode, shift.postcode)
    if not region or place is None or place.municipality.region_fi == region:
        return []
    municipality, locale = place.municipality, str(get_locale())
    message = _(
        "%(place)s is in %(region)s, outside this service's region (%(service)s). Check "
        "the place, or tick the box to post the shift there anyway.",
        place=f"{place.place_name} ({municipality.name(locale)})",
        region=municipality.region_sv if locale == "sv" else municipality.region_fi,
        service=region_name(region, locale),
    )
    return [RuleWarning(PLACE, message)]


def _check_can_post(employer: User) -> None:
    if employer.role != Role.EMPLOYER or employer.status != Status.APPROVED:
        raise DomainError(_("Only approved employers can post shifts."))


def post_shift(
    employer: User,
    draft: ShiftDraft,
    now: datetime | None = None,
    *,
    start_round: bool = True,
    acknowledged: bool = False,
    check: bool = True,
) -> Shift:
    """Post a shift; an urgent one starts the offer round (unless start_round is False).

    Past the decision on file it warns first (WarningsPending); `check=False` is for a
    substitute of a day off, which adds no hours.
    """
    _check_can_post(employer)
    now = now or utcnow()
    shift = Shift(employer_id=employer.id, state=ShiftState.OPEN, auto_confirm=False)
    _apply(shift, draft, now)
    shift.moderation = moderation.initial_state("shift")
    span = [(shift.starts_at, shift.ends_at)]
    warnings = decision_warnings(employer.id, span, planned=True) if check else []
    warnings += region_warnings(shift, draft.region)
    # Read before the first write: on SQLite that write holds the one write lock to the commit.
    ranked = shift_events.ranking_before_posting(shift) if start_round else None
    db.session.add(shift)
    db.session.flush()
    gate(employer, warnings, acknowledged, "shift", shift)
    if shift.kind == ShiftKind.URGENT and start_round:
        shift_events.shift_posted(shift, ranked=ranked)
    return shift


def own_shift(employer: User, shift_id: int) -> Shift:
    """One of the employer's own shifts, or NotFoundError (404) for anyone else's."""
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.employer_id != employer.id:
        raise NotFoundError(_("No such shift."))
    return shift


def edit_shift(
    employer: User,
    shift_id: int,
    draft: ShiftDraft,
    now: datetime | None = None,
    *,
    acknowledged: bool = False,
) -> Shift:
    """Change an open shift (a filled one must be cancelled and posted again); warns too."""
    shift = own_shift(employer, shift_id)
    if shift.state != ShiftState.OPEN:
        raise DomainError(_("Only open shifts can be changed."))
    _apply(shift, draft, now or utcnow())
    shift.moderation = moderation.state_after_edit("shift", shift.moderation)
    span = [(shift.starts_at, shift.ends_at)]
    warnings = decision_warnings(employer.id, span, planned=True, skip_shift=shift.id)
    warnings += region_warnings(shift, draft.region)
    db.session.flush()
    gate(employer, warnings, acknowledged, "shift", shift)
    return shift


def cancel_shift(employer: User, shift_id: int, now: datetime | None = None) -> Shift:
    """Cancel an open or filled shift; a confirmed assistant is told in-app and by email."""
    now = now or utcnow()
    shift = own_shift(employer, shift_id)
    if shift.state not in (ShiftState.OPEN, ShiftState.FILLED, ShiftState.DRAFT):
        raise DomainError(_("This shift can no longer be cancelled."))
    booking = bookings.active_booking(shift.id)
    if booking is not None:
        bookings.cancel_booking(booking, employer, now, reopen=False)
        assistant = db.session.get_one(User, booking.assistant_id)
        when = to_local(shift.starts_at).strftime("%d.%m.%Y %H:%M")
        tell(
            assistant,
            "shift_cancelled",
            lambda: (
                _("Shift cancelled: %(title)s", title=shift.title),
                _(
                    "The employer cancelled the shift %(title)s on %(when)s. You are no longer "
                    "booked for it.",
                    title=shift.title,
                    when=when,
                ),
            ),
            url=f"/vuorot/{shift.id}",
        )
    for offer in db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)):
        if offer.state in bookings.OPEN_OFFER_STATES:
            offer.state = OfferState.CANCELLED
    shift.state = ShiftState.CANCELLED
    shift.cancelled_at = now
    db.session.flush()
    return shift


def draft_from(shift: Shift) -> ShiftDraft:
    """A draft filled in from an existing shift (for edit and copy)."""
    local_start, local_end = to_local(shift.starts_at), to_local(shift.ends_at)
    trip = shift.ends_at - shift.starts_at > timedelta(hours=24)
    weekdays = [int(part.split()[0]) for part in shift.weekly_pattern.split(";") if part.strip()]
    return ShiftDraft(
        kind=shift.kind,
        title=shift.title,
        description=shift.description,
        day=local_start.date(),
        start=local_start.time(),
        end=local_end.time(),
        place=shift.postcode,
        languages=shift.languages.split(),
        required=[s.code for s in shift.required_skills],
        preferred=[s.code for s in shift.preferred_skills],
        weekdays=weekdays,
        end_day=local_end.date() if trip else None,
    )


def copy_shift(
    employer: User,
    shift_id: int,
    draft: ShiftDraft,
    now: datetime | None = None,
    *,
    acknowledged: bool = False,
) -> Shift:
    """Post a new shift copied from one of the employer's own (past) shifts."""
    source = own_shift(employer, shift_id)
    shift = post_shift(employer, draft, now, acknowledged=acknowledged)
    shift.copied_from_id = source.id
    db.session.flush()
    return shift


def employer_shifts(employer: User) -> list[Shift]:
    """The employer's shifts, newest start first."""
    return list(
        db.session.scalars(
            select(Shift).where(Shift.employer_id == employer.id).order_by(Shift.starts_at.desc())
        )
    )


def pattern_text(shift: Shift) -> list[tuple[int, str, str]]:
    """A regular position's weekly pattern as (weekday, start, end) clock strings."""
    rows = []
    for part in shift.weekly_pattern.split(";"):
        if part.strip():
            weekday, start, end = (int(x) for x in part.split())
            rows.append((weekday, minutes_to_clock(start), minutes_to_clock(end)))
    return rows
