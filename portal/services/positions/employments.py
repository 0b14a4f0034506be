"""Applying for a position, hiring (race-safe), ending an employment, reporting a day off."""

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    ApplicationState,
    Booking,
    Employment,
    Position,
    PositionApplication,
    PositionState,
    Role,
    Status,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.errors import ConflictError, DomainError, NotFoundError
from portal.services.positions import occurrences, relatives
from portal.services.positions.checks import work_warnings
from portal.services.positions.positions import (
    CHECK_WEEKS,
    coming_occurrences,
    own_position,
    position_for_assistant,
)
from portal.services.positions.warnings import gate
from portal.timeutil import today_local

CLASH_WEEKS = 52  # a hiring checks the assistant's other work this far ahead
STAFF = (Role.COORDINATOR, Role.ADMIN)


def application_of(position_id: int, assistant_id: int) -> PositionApplication | None:
    """The assistant's application for a position, if any."""
    return db.session.scalar(
        select(PositionApplication).where(
            PositionApplication.position_id == position_id,
            PositionApplication.assistant_id == assistant_id,
        )
    )


def apply(
    assistant: User, position_id: int, message: str, related: bool, relation: str
) -> PositionApplication:
    """Apply for an open position with a message and the relative declaration."""
    if assistant.role != Role.ASSISTANT or assistant.status != Status.APPROVED:
        raise DomainError(_("Only approved assistants can apply."))
    position = position_for_assistant(assistant, position_id)
    related, relation = relatives.declaration(related, relation)
    application = application_of(position.id, assistant.id)
    if application is not None and application.state == ApplicationState.APPLIED:
        raise ConflictError(_("You have already applied for this position."))
    if application is None:
        application = PositionApplication(position_id=position.id, assistant_id=assistant.id)
        db.session.add(application)
    application.state = ApplicationState.APPLIED
    application.message = message.strip()
    application.related_to_employer, application.relation = related, relation
    application.created_at = utcnow()
    db.session.flush()
    tell(
        position.employer,
        "application",
        lambda: (
            _("New application: %(title)s", title=position.title),
            _(
                "%(name)s applied for your position %(title)s.",
                name=assistant.display_name,
                title=position.title,
            ),
        ),
        url=f"/tehtavat/{position.id}/hallinta",
    )
    return application


def withdraw(assistant: User, position_id: int) -> PositionApplication:
    """Withdraw an application before the hiring."""
    application = application_of(position_id, assistant.id)
    if application is None or application.state != ApplicationState.APPLIED:
        raise NotFoundError(_("You have no open application for this position."))
    application.state = ApplicationState.WITHDRAWN
    db.session.flush()
    return application


def applications(actor: User, position_id: int) -> list[PositionApplication]:
    """A position's applications, for its employer (or staff)."""
    position = own_position(actor, position_id)
    return list(
        db.session.scalars(
            select(PositionApplication)
            .where(PositionApplication.position_id == position.id)
            .order_by(PositionApplication.created_at)
        )
    )


def _clash(assistant_id: int, spans: list[tuple[datetime, datetime]]) -> bool:
    """The assistant has a booking or other regular work at one of these times."""
    since, until = spans[0][0], spans[-1][1]
    booked = db.session.execute(
        select(Booking.starts_at, Booking.ends_at).where(
            Booking.assistant_id == assistant_id,
            Booking.cancelled_at.is_(None),
            Booking.starts_at < until,
            Booking.ends_at > since,
        )
    ).all()
    regular = occurrences.employment_busy(since, until, [assistant_id]).get(assistant_id, [])
    others = list(booked) + [span for span, _employer in regular]
    return bool(occurrences.overlapping(spans, others))


def hire(
    actor: User,
    position_id: int,
    application_id: int,
    *,
    acknowledged: bool = False,
    now: datetime | None = None,
) -> Employment:
    """Hire one applicant: exactly one wins even when hirings race (conditional UPDATE)."""
    now = now or utcnow()
    position = own_position(actor, position_id)
    application = db.session.get(PositionApplication, application_id)
    if application is None or application.position_id != position.id:
        raise NotFoundError(_("No such application."))
    if application.state != ApplicationState.APPLIED or position.state != PositionState.OPEN:
        raise ConflictError(_("This position was already filled or the application withdrawn."))
    assistant = db.session.get(User, application.assistant_id)
    if assistant is None or assistant.status != Status.APPROVED:
        raise DomainError(_("This assistant cannot be hired right now."))
    starts_on = max(position.starts_on, today_local())
    if position.ends_on is not None and position.ends_on < starts_on:
        raise DomainError(_("The position has already ended."))
    if application.related_to_employer:
        relatives.require_approved(position.employer_id, assistant, application.relation, starts_on)
    checked = coming_occurrences(position, now, weeks=CHECK_WEEKS, since=starts_on)
    warnings = work_warnings(position.employer_id, assistant.id, checked, skip_position=position.id)
    gate(actor, warnings, acknowledged, "hiring", position)
    taken = db.session.execute(
        update(Position)
        .where(Position.id == position.id, Position.state == PositionState.OPEN)
        .values(state=PositionState.FILLED)
        .execution_options(synchronize_session=False)
    )
    # an UPDATE's result is a CursorResult, the kind that carries a rowcount
    if cast(CursorResult[Any], taken).rowcount != 1:
        raise ConflictError(_("Someone else was hired for this position a moment ago."))
    occurrences.lock_assistant(assistant.id)
    ahead = coming_occurrences(position, now, weeks=CLASH_WEEKS, since=starts_on)
    if ahead and _clash(assistant.id, ahead):
        raise ConflictError(_("The assistant already works at some of these times."))
    employment = Employment(
        position_id=position.id,
        assistant_id=assistant.id,
        employer_id=position.employer_id,
        starts_on=starts_on,
        ends_on=position.ends_on,
        hired_at=now,
        hired_by_id=actor.id,
    )
    db.session.add(employment)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise ConflictError(_("Someone else was hired for this position a moment ago.")) from error
    db.session.refresh(position, ["state"])
    for other in db.session.scalars(
        select(PositionApplication).where(PositionApplication.position_id == position.id)
    ):
        if other.id == application.id:
            other.state = ApplicationState.HIRED
        elif other.state == ApplicationState.APPLIED:
            other.state = ApplicationState.NOT_HIRED
    db.session.flush()
    tell(
        assistant,
        "confirmed",
        lambda: (
            _("You are hired: %(title)s", title=position.title),
            _(
                "You are hired for the position %(title)s from %(day)s. "
                "See your work times in Avustajatori.",
                title=position.title,
                day=starts_on.strftime("%d.%m.%Y"),
            ),
        ),
        url=f"/tehtavat/tyosuhteet/{employment.id}",
    )
    return employment


def employment_of_position(position_id: int) -> Employment | None:
    """The position's employment, once someone is hired."""
    return db.session.scalar(select(Employment).where(Employment.position_id == position_id))


def employment_for(actor: User, employment_id: int) -> Employment:
    """An employment its employer, its assistant or staff may see, else NotFoundError."""
    employment = db.session.get(Employment, employment_id)
    if employment is None or (
        actor.id not in (employment.employer_id, employment.assistant_id)
        and actor.role not in STAFF
    ):
        raise NotFoundError(_("No such employment."))
    return employment


def end_employment(actor: User, employment_id: int, ends_on: date) -> Employment:
    """Either side ends the employment on a date (its last working day)."""
    employment = employment_for(actor, employment_id)
    if ends_on < today_local() or ends_on < employment.starts_on:
        raise DomainError(_("The last day cannot be in the past."), "ends_on")
    if employment.ends_on is not None and employment.ends_on <= ends_on:
        raise DomainError(_("The employment already ends by then."), "ends_on")
    employment.ends_on, employment.ended_by_id = ends_on, actor.id
    position = employment.position
    position.ends_on = (
        ends_on if position.ends_on is None or position.ends_on > ends_on else position.ends_on
    )
    db.session.flush()
    other = employment.assistant if actor.id == employment.employer_id else position.employer
    tell(
        other,
        "employment_ended",
        lambda: (
            _("Employment ends: %(title)s", title=position.title),
            _(
                "The employment %(title)s ends; the last day is %(day)s.",
                title=position.title,
                day=ends_on.strftime("%d.%m.%Y"),
            ),
        ),
        url=f"/tehtavat/tyosuhteet/{employment.id}",
    )
    return employment


def my_employments(user: User) -> list[Employment]:
    """The user's employments as assistant or employer, running or coming."""
    today = today_local()
    column = Employment.assistant_id if user.role == Role.ASSISTANT else Employment.employer_id
    return list(
        db.session.scalars(
            select(Employment)
            .where(column == user.id)
            .where((Employment.ends_on.is_(None)) | (Employment.ends_on >= today))
            .order_by(Employment.starts_on)
        )
    )
