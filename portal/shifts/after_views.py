"""After the shift: it happened, a no-show, ratings, a dispute to a coordinator."""

from flask import abort, render_template, url_for
from flask_login import current_user

from portal.access import role_required
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role
from portal.services.errors import DomainError
from portal.services.marketplace import aftercare
from portal.shifts.forms import DisputeForm, NoShowForm, RateForm
from portal.shifts.routes import bp

BOTH = role_required(Role.ASSISTANT, Role.EMPLOYER, approved=True)


def _booking(booking_id: int):
    try:
        return aftercare.own_booking(current_user, booking_id)
    except DomainError:
        abort(404)


def _page(booking, rate_form=None, dispute_form=None, no_show_form=None):
    return render_template(
        "shifts/booking.html",
        booking=booking,
        shift=booking.shift,
        is_employer=current_user.id == booking.shift.employer_id,
        rated=booking.id in aftercare.my_ratings(current_user),
        disputed=booking.id in aftercare.disputed([booking.id]),
        rate_form=rate_form or RateForm(formdata=None),
        dispute_form=dispute_form or DisputeForm(formdata=None),
        no_show_form=no_show_form or NoShowForm(formdata=None),
        form=ActionForm(),
    )


@bp.route("/varaus/<int:booking_id>")
@BOTH
def booking(booking_id: int):
    """A booked shift after (or before) it took place."""
    return _page(_booking(booking_id))


def _act(booking_id: int, action, done: str):
    _booking(booking_id)
    return submit_action(
        action, success=done, redirect_to=url_for("shifts.booking", booking_id=booking_id)
    )


@bp.route("/varaus/<int:booking_id>/toteutui", methods=["POST"])
@BOTH
def happened(booking_id: int):
    """Confirm the shift took place."""
    return _act(
        booking_id,
        lambda: aftercare.confirm_happened(current_user, booking_id),
        _("Thank you: the shift is marked as done."),
    )


@bp.route("/varaus/<int:booking_id>/ei-saapunut", methods=["POST"])
@role_required(Role.EMPLOYER, approved=True)
def no_show(booking_id: int):
    """The employer marks that the assistant did not come, after ticking a confirmation."""
    booking = _booking(booking_id)
    form = NoShowForm()
    return submit_form(
        form,
        lambda: aftercare.mark_no_show(current_user, booking.id),
        success=_("Marked as a no-show. The assistant has been told and may dispute it."),
        redirect_to=url_for("shifts.booking", booking_id=booking.id),
        page=lambda: _page(booking, no_show_form=form),
        fallback="confirm",
    )


@bp.route("/varaus/<int:booking_id>/arvio", methods=["POST"])
@BOTH
def rate(booking_id: int):
    """Rate the other side 1–5 with a comment."""
    booking = _booking(booking_id)
    form = RateForm()
    return submit_form(
        form,
        lambda: aftercare.rate(current_user, booking.id, form.stars.data, form.comment.data or ""),
        success=_("Thank you for your rating."),
        redirect_to=url_for("shifts.booking", booking_id=booking.id),
        page=lambda: _page(booking, rate_form=form),
        fallback="stars",
    )


@bp.route("/varaus/<int:booking_id>/kiista", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def dispute(booking_id: int):
    """Dispute a no-show: it goes to a coordinator."""
    booking = _booking(booking_id)
    form = DisputeForm()
    return submit_form(
        form,
        lambda: aftercare.dispute_no_show(current_user, booking.id, form.reason.data),
        success=_("Your dispute was sent to a coordinator."),
        redirect_to=url_for("shifts.booking", booking_id=booking.id),
        page=lambda: _page(booking, dispute_form=form),
        fallback="reason",
    )
