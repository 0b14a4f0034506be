"""Assistants' side of shifts: shifts for me, one shift, apply, withdraw, answer."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.access import role_required
from portal.assistants.forms import ApplyForm, ShiftFilterForm
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role, ShiftKind
from portal.services.errors import DomainError
from portal.services.marketplace import applications, profiles, shifts
from portal.services.marketplace.places import municipality_choices
from portal.services.matching import adapter as matching
from portal.services.matching import reasons
from portal.services.pay import estimates
from portal.services.positions import relatives
from portal.shifts.fields import WEEKDAYS
from portal.shifts.routes import bp

ASSISTANT = role_required(Role.ASSISTANT, approved=True)


def kind_names():
    """Shift kinds in words."""
    return {
        ShiftKind.ONE_OFF: _("One-off shift"),
        ShiftKind.REGULAR: _("Regular position (weekly)"),
        ShiftKind.URGENT: _("Urgent substitute shift"),
    }


@bp.route("/minulle")
@ASSISTANT
def for_me():
    """Open shifts I am eligible for, ranked, with the reasons in words."""
    form = ShiftFilterForm(request.args)
    form.municipality.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(code, name)
        for code, name in municipality_choices(
            str(get_locale()), current_app.config["SERVICE_REGION"]
        )
    ]
    form.kind.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(kind.value, name) for kind, name in kind_names().items()
    ]
    found = []
    if form.validate():
        found = matching.shifts_for_assistant(
            current_user,
            on_day=form.day.data,
            municipality=form.municipality.data or None,
            kind=form.kind.data or None,
        )
    return render_template(
        "shifts/for_me.html",
        form=form,
        found=found,
        words=reasons.reasons_in_words,
        kinds=kind_names(),
        pay=estimates.estimates_for([r.shift for r in found]),
    ), (200 if not form.errors else 400)


def _visible(shift_id: int):
    try:
        return applications.shift_for_assistant(current_user, shift_id)
    except DomainError:
        abort(404)


@bp.route("/<int:shift_id>")
@ASSISTANT
def view(shift_id: int):
    """One shift for an assistant; contacts and the briefing card only once confirmed."""
    shift = _visible(shift_id)
    return render_template(
        "shifts/view.html",
        shift=shift,
        offer=applications.offer_of(shift.id, current_user.id),
        booking=applications.assistant_booking(current_user, shift),
        employer_profile=profiles.employer_profile_of(shift.employer_id),
        apply_form=ApplyForm(),
        form=ActionForm(),
        kinds=kind_names(),
        pattern=shifts.pattern_text(shift),
        weekdays=WEEKDAYS,
        estimate=estimates.shift_estimate(shift),
    )


@bp.route("/<int:shift_id>/hae", methods=["POST"])
@ASSISTANT
def apply(shift_id: int):
    """Apply with a message and the relative declaration."""
    shift = _visible(shift_id)
    form = ApplyForm()
    return submit_form(
        form,
        lambda: applications.apply(
            current_user,
            shift.id,
            form.message.data or "",
            form.related.data,
            form.relation.data or "",
        ),
        success=_("Your application was sent."),
        redirect_to=url_for("shifts.view", shift_id=shift.id),
        page=lambda: render_template(
            "shifts/view.html",
            shift=shift,
            offer=applications.offer_of(shift.id, current_user.id),
            booking=None,
            employer_profile=None,
            apply_form=form,
            form=ActionForm(),
            kinds=kind_names(),
            pattern=shifts.pattern_text(shift),
            weekdays=WEEKDAYS,
        ),
        fallback="message",
    )


@bp.route("/<int:shift_id>/peru-hakemus", methods=["POST"])
@ASSISTANT
def withdraw(shift_id: int):
    """Withdraw my application."""
    return submit_action(
        lambda: applications.withdraw(current_user, shift_id),
        success=_("Your application was withdrawn."),
        redirect_to=url_for("assistants.my_shifts"),
    )


@bp.route("/<int:shift_id>/vastaa", methods=["POST"])
@ASSISTANT
def answer(shift_id: int):
    """Say yes or no to an invitation."""
    form = ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    accept = request.form.get("answer") == "yes"
    try:
        declared = relatives.declaration(form.related.data, form.relation.data)
        applications.answer_invitation(current_user, shift_id, accept, declared)
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
        return redirect(url_for("shifts.view", shift_id=shift_id)), 303
    db.session.commit()
    flash(_("You said yes. The employer will confirm.") if accept else _("You said no."), "success")
    return redirect(
        url_for("shifts.view", shift_id=shift_id) if accept else url_for("assistants.my_shifts")
    )
