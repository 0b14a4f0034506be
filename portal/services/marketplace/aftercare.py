"""After the shift: it happened or a no-show, ratings both ways, disputes, my shifts."""

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, Rating, Report, Shift, ShiftState, User, utcnow
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


def confirm_happened(user: User, booking_id: int, now: datetime | None = None) -> Booking:
    """Confirm the shift took place; the employer's confirmation completes the shift."""
    now = now or utcnow()
    booking = own_booking(user, booking_id)
    _ended(booking, now)
    if user.id == booking.assistant_id:
        booking.assistant_confirmed_at = now
    else:
        if booking.no_show:
            raise ConflictError(_("You marked this shift as a no-show."))
        booking.employer_confirmed_at = now
        booking.shift.state = ShiftState.COMPLETED
    db.session.flush()
    return booking


def mark_no_show(employer: User, booking_id: int, now: datetime | None = None) -> Booking:
    """The employer says the assistant did not come; the assistant may dispute it."""
    now = now or utcnow()
    booking = own_booking(employer, booking_id)
    if employer.id != booking.shift.employer_id:
        raise NotFoundError(_("No such booking."))
    if booking.cancelled_at is not None or booking.starts_at > now:
        raise DomainError(_("You can do this once the shift has started."))
    booking.no_show = True
    booking.employer_confirmed_at = None
    booking.shift.state = ShiftState.COMPLETED
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
        url="/avustaja/omat-vuorot",
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
