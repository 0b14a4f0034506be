"""Employers' shifts: post, edit, cancel, copy; candidates, invitations, confirmation."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.access import role_required
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role, ShiftKind, ShiftState
from portal.services.errors import DomainError
from portal.services.marketplace import applications, bookings, profiles, shifts
from portal.services.matching import adapter as matching
from portal.services.matching import reasons
from portal.services.pay import estimates
from portal.services.positions.warnings import WarningsPending
from portal.services.urgent import rounds
from portal.shifts.fields import WEEKDAYS
from portal.shifts.forms import InviteForm, ShiftForm
from portal.warnings_page import acknowledged, warnings_page

bp = Blueprint("shifts", __name__, url_prefix="/vuorot", template_folder="templates")
EMPLOYER = role_required(Role.EMPLOYER, approved=True)


def _draft(form: ShiftForm) -> shifts.ShiftDraft:
    return shifts.ShiftDraft(
        kind=ShiftKind(form.kind.data),
        title=form.title.data,
        description=form.description.data or "",
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        place=form.place.data,
        languages=form.languages.data or [],
        required=form.required.data or [],
        preferred=form.preferred.data or [],
        weekdays=form.weekdays.data or [],
        region=current_app.config["SERVICE_REGION"],
        end_day=form.end_day.data,
    )


def _fill(form: ShiftForm, draft: shifts.ShiftDraft) -> None:
    for name in ("title", "description", "day", "start", "end", "place", "languages"):
        getattr(form, name).data = getattr(draft, name)
    form.kind.data = draft.kind.value
    form.required.data, form.preferred.data = draft.required, draft.preferred
    form.weekdays.data = draft.weekdays
    form.end_day.data = draft.end_day


def _save(form: ShiftForm, action, template: str, **context):
    """Validate, call the service, commit once, flash and go to the shift's page.

    Past the decision the service raises WarningsPending: the page shows the warnings.
    """
    seen: dict = {}

    def act():
        try:
            return action(_draft(form))
        except WarningsPending as error:
            seen["warnings"] = error
            raise

    return submit_form(
        form,
        act,
        success=_("The shift is saved."),
        redirect_to=lambda shift: url_for("shifts.manage", shift_id=shift.id),
        page=lambda: render_template(template, form=form, warnings=seen.get("warnings"), **context),
        fallback="title",
    )


def _own(shift_id: int):
    try:
        return shifts.own_shift(current_user, shift_id)
    except DomainError:
        abort(404)


@bp.route("/omat")
@role_required(Role.EMPLOYER)
def mine():
    """The employer's shifts."""
    return render_template("shifts/mine.html", shifts=shifts.employer_shifts(current_user))


@bp.route("/uusi", methods=["GET", "POST"])
@EMPLOYER
def new():
    """Post a shift."""
    form = ShiftForm()
    if not form.is_submitted():
        profile = profiles.employer_profile_of(current_user.id)
        form.place.data = profile.postcode if profile else ""
        form.kind.data = ShiftKind.ONE_OFF.value
        form.languages.data = ["fi"]
    return _save(
        form,
        lambda d: shifts.post_shift(current_user, d, acknowledged=form.acknowledge.data),
        "shifts/edit.html",
        heading=_("Post a shift"),
    )


@bp.route("/<int:shift_id>/muokkaa", methods=["GET", "POST"])
@EMPLOYER
def edit(shift_id: int):
    """Change an open shift."""
    shift = _own(shift_id)
    form = ShiftForm()
    if not form.is_submitted():
        _fill(form, shifts.draft_from(shift))
    return _save(
        form,
        lambda d: shifts.edit_shift(current_user, shift.id, d, acknowledged=form.acknowledge.data),
        "shifts/edit.html",
        heading=_("Change the shift"),
    )


@bp.route("/<int:shift_id>/kopioi", methods=["GET", "POST"])
@EMPLOYER
def copy(shift_id: int):
    """Post a new shift filled in from an earlier one."""
    shift = _own(shift_id)
    form = ShiftForm()
    if not form.is_submitted():
        _fill(form, shifts.draft_from(shift))
        form.day.data = None
    return _save(
        form,
        lambda d: shifts.copy_shift(current_user, shift.id, d, acknowledged=form.acknowledge.data),
        "shifts/edit.html",
        heading=_("Copy the shift"),
    )


@bp.route("/<int:shift_id>/peru", methods=["POST"])
@EMPLOYER
def cancel(shift_id: int):
    """Cancel a shift; a confirmed assistant is told."""
    return submit_action(
        lambda: shifts.cancel_shift(current_user, shift_id),
        success=_("The shift is cancelled."),
        redirect_to=url_for("shifts.manage", shift_id=shift_id),
    )


@bp.route("/<int:shift_id>/hallinta")
@role_required(Role.EMPLOYER)
def manage(shift_id: int):
    """One shift from the employer's side: applications, invitations, the confirmed one."""
    shift = _own(shift_id)
    offers = applications.shift_offers(current_user, shift.id)
    booking = bookings.active_booking(shift.id)
    return render_template(
        "shifts/manage.html",
        shift=shift,
        offers=offers,
        booking=booking,
        booked=profiles.users_by_ids([booking.assistant_id])[0] if booking else None,
        sees_contact=lambda a: applications.employer_sees_contact(current_user, shift, a),
        pattern=shifts.pattern_text(shift),
        weekdays=WEEKDAYS,
        form=ActionForm(),
        open_state=ShiftState.OPEN,
        offer_round=rounds.round_for(shift.id) if shift.kind == ShiftKind.URGENT else None,
        estimate=estimates.shift_estimate(shift),
    )


@bp.route("/<int:shift_id>/ehdokkaat")
@EMPLOYER
def candidates(shift_id: int):
    """Ranked, explained candidates for an open shift."""
    shift = _own(shift_id)
    ranked = matching.rank_for_shift(shift) if shift.state == ShiftState.OPEN else []
    offered = {o.assistant_id: o for o in applications.shift_offers(current_user, shift.id)}
    return render_template(
        "shifts/candidates.html",
        shift=shift,
        ranked=ranked,
        offered=offered,
        words=reasons.reasons_in_words,
        rating=reasons.rating_label,
        reliability=reasons.reliability_label,
        form=InviteForm(),
        locale=str(get_locale()),
    )


@bp.route("/<int:shift_id>/kutsu", methods=["POST"])
@EMPLOYER
def invite(shift_id: int):
    """Invite the chosen candidates."""
    shift = _own(shift_id)
    form = InviteForm()
    form.assistants.choices = [(r.assistant.id, "") for r in matching.rank_for_shift(shift)]
    if not form.validate_on_submit() or not form.assistants.data:
        flash(_("Choose at least one assistant to invite."), "error")
        return redirect(url_for("shifts.candidates", shift_id=shift.id))
    try:
        sent = applications.invite(
            current_user, shift.id, form.assistants.data, matching.rank_for_shift(shift)
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("shifts.candidates", shift_id=shift.id))
    db.session.commit()
    flash(_("Invitations sent: %(num)d.", num=sent), "success")
    return redirect(url_for("shifts.manage", shift_id=shift.id))


@bp.route("/<int:shift_id>/vahvista/<int:offer_id>", methods=["POST"])
@EMPLOYER
def confirm(shift_id: int, offer_id: int):
    """Confirm one applicant (race-safe: a loser sees a kind message)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        applications.confirm_offer(current_user, shift_id, offer_id, acknowledged=acknowledged())
    except WarningsPending as error:
        db.session.rollback()
        action = url_for("shifts.confirm", shift_id=shift_id, offer_id=offer_id)
        return warnings_page(error, action, url_for("shifts.manage", shift_id=shift_id))
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
        return manage(shift_id), error.status_code  # the shift's page, with why (409, 400)
    db.session.commit()
    flash(_("The assistant is confirmed and has been told."), "success")
    return redirect(url_for("shifts.manage", shift_id=shift_id))
