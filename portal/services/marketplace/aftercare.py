"""After the shift: it happened or a no-show, ratings both ways, disputes, my shifts."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AfterShift,
    Booking,
    Rating,
    Report,
    ReportKind,
    Shift,
    ShiftState,
    User,
    utcnow,
)
from portal.notify.dispatch import tell
from portal.services.errors import ConflictError, DomainError, NotFoundError


def own_booking(user: User, booking_id: int) -> Booking:
    """A booking where the user is the assistant or the employer, else NotFoundError."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or user.id not in (booking.assistant_id, booking.shift.employer_id):
        raise NotFoundError(_("No such booking."))
    return booking


def _ended(booking: Booking, now: datetime) -> None:
    if booking.cancelled_at is not None:
        raise DomainError(_("This booking was cancelled."))
    if booking.ends_at > now:
        raise DomainError(_("You can do this once the shift has ended."))


def _move(booking: Booking, frm: tuple[AfterShift, ...], to: AfterShift, **values: Any) -> bool:
    """Move the booking's outcome if it is still in one of `frm`; one racing request wins."""
    result = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.outcome.in_(frm))
        .values(outcome=to, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(booking)
    # an UPDATE's result is a CursorResult, the kind that carries a rowcount
    return cast(CursorResult[Any], result).rowcount == 1


def _refuse(booking: Booking) -> None:
    """Say why a step is refused in the booking's current state."""
    messages = {
        AfterShift.HAPPENED: _("The shift is already marked as happened."),
        AfterShift.NO_SHOW: _(
            "The employer has marked this shift as a no-show. If you were there, dispute it "
            "on this page: a coordinator decides."
        ),
        AfterShift.DISPUTED: _("This shift is disputed: a coordinator decides."),
        AfterShift.SETTLED: _("A coordinator has already settled this shift."),
    }
    raise ConflictError(messages.get(booking.outcome, _("This step is no longer possible.")))


def confirm_happened(user: User, booking_id: int, now: datetime | None = None) -> Booking:
    """Say the shift took place; the employer's word completes it, the assistant's is noted."""
    now = now or utcnow()
    booking = own_booking(user, booking_id)
    _ended(booking, now)
    if user.id == booking.assistant_id:
        allowed = (AfterShift.CONFIRMED, AfterShift.HAPPENED)
        if booking.outcome not in allowed or not _move(
            booking, allowed, booking.outcome, assistant_confirmed_at=now
        ):
            _refuse(booking)
        return booking
    if not _move(booking, (AfterShift.CONFIRMED,), AfterShift.HAPPENED, employer_confirmed_at=now):
        _refuse(booking)
    booking.shift.state = ShiftState.COMPLETED
    db.session.flush()
    return booking


def mark_no_show(employer: User, booking_id: int, now: datetime | None = None) -> Booking:
    """The employer says the assistant did not come; against the assistant's word, a dispute."""
    now = now or utcnow()
    booking = own_booking(employer, booking_id)
    if employer.id != booking.shift.employer_id:
        raise NotFoundError(_("No such booking."))
    if booking.cancelled_at is not None or booking.starts_at > now:
        raise DomainError(_("You can do this once the shift has started."))
    claimed = booking.assistant_confirmed_at is not None
    to = AfterShift.DISPUTED if claimed else AfterShift.NO_SHOW
    if not _move(booking, (AfterShift.CONFIRMED,), to, no_show=True):
        _refuse(booking)
    booking.shift.state = ShiftState.COMPLETED
    if claimed:
        db.session.add(
            Report(
                kind=ReportKind.DISPUTE,
                reporter_id=booking.assistant_id,
                target_type="booking",
                target_id=booking.id,
                reason=_(
                    "The assistant confirmed the shift happened; the employer marked a no-show."
                ),
            )
        )
    assistant = db.session.get_one(User, booking.assistant_id)
    tell(
        assistant,
        "no_show",
        lambda: (
            _("Marked as a no-show: %(title)s", title=booking.shift.title),
            _(
                "The employer marked that you did not come to the shift %(title)s. If this is "
                "wrong, dispute it in Avustajatori under My shifts.",
                title=booking.shift.title,
            ),
        ),
        url=f"/vuorot/varaus/{booking.id}",
    )
    db.session.flush()
    return booking


def rate(
    user: User, booking_id: int, stars: int, comment: str, now: datetime | None = None
) -> Rating:
    """Rate the other side of a booking 1–5 with a comment, once."""
    booking = own_booking(user, booking_id)
    _ended(booking, now or utcnow())
    if not 1 <= stars <= 5:
        raise DomainError(_("Choose 1 to 5 stars."), "stars")
    if db.session.scalar(
        select(Rating.id).where(Rating.booking_id == booking.id, Rating.rater_id == user.id)
    ):
        raise ConflictError(_("You have already rated this shift."))
    ratee = booking.shift.employer_id if user.id == booking.assistant_id else booking.assistant_id
    rating = Rating(
        booking_id=booking.id,
        rater_id=user.id,
        ratee_id=ratee,
        stars=stars,
        comment=comment.strip(),
    )
    db.session.add(rating)
    db.session.flush()
    return rating


def dispute_no_show(assistant: User, booking_id: int, reason: str) -> Report:
    """Send a disputed no-show to the coordinators' queue."""
    booking = own_booking(assistant, booking_id)
    if assistant.id != booking.assistant_id or not booking.no_show:
        raise NotFoundError(_("No such no-show."))
    if booking.outcome not in (AfterShift.NO_SHOW, AfterShift.DISPUTED):
        _refuse(booking)
    if not reason.strip():
        raise DomainError(_("Tell the coordinator what happened."), "reason")
    exists = db.session.scalar(
        select(Report.id).where(
            Report.kind == "dispute",
            Report.target_type == "booking",
            Report.target_id == booking.id,
        )
    )
    if exists:
        raise ConflictError(_("You have already disputed this no-show."))
    report = Report(
        kind="dispute",
        reporter_id=assistant.id,
        target_type="booking",
        target_id=booking.id,
        reason=reason.strip(),
    )
    db.session.add(report)
    if not _move(booking, (AfterShift.NO_SHOW,), AfterShift.DISPUTED):
        raise ConflictError(_("You have already disputed this no-show."))
    db.session.flush()
    return report


def my_bookings(
    assistant: User, now: datetime | None = None
) -> tuple[list[Booking], list[Booking]]:
    """The assistant's active bookings: (upcoming soonest first, past latest first)."""
    now = now or utcnow()
    rows = list(
        db.session.scalars(
            select(Booking)
            .join(Shift, Shift.id == Booking.shift_id)
            .where(Booking.assistant_id == assistant.id, Booking.cancelled_at.is_(None))
            .order_by(Booking.starts_at)
        )
    )
    upcoming = [b for b in rows if b.ends_at > now]
    past = [b for b in reversed(rows) if b.ends_at <= now]
    return upcoming, past


def my_ratings(user: User) -> set[int]:
    """Booking ids the user has already rated."""
    return set(db.session.scalars(select(Rating.booking_id).where(Rating.rater_id == user.id)))


def disputed(booking_ids: Iterable[int]) -> set[int]:
    """Which of these bookings already have a dispute."""
    return set(
        db.session.scalars(
            select(Report.target_id).where(
                Report.kind == "dispute",
                Report.target_type == "booking",
                Report.target_id.in_(list(booking_ids) or [0]),
            )
        )
    )
