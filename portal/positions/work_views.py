"""Assistants' side of positions, and both sides of an employment: days off, ending it."""

from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import AbsenceReason, Role, utcnow
from portal.positions.forms import AbsenceForm, ApplyForm, EndForm
from portal.positions.routes import bp
from portal.services.errors import DomainError
from portal.services.matching import reasons
from portal.services.matching.positions import positions_for_assistant
from portal.services.positions import absences, employments, positions
from portal.shifts.fields import WEEKDAYS

ASSISTANT = role_required(Role.ASSISTANT, approved=True)
EITHER = role_required(Role.ASSISTANT, Role.EMPLOYER, *STAFF)


@bp.route("/minulle")
@ASSISTANT
def for_me():
    """Open positions I fit, ranked over their coming weeks, with reasons in words."""
    return render_template(
        "positions/for_me.html",
        found=positions_for_assistant(current_user),
        words=reasons.reasons_in_words,
        hours_of=positions.hours_per_week,
    )


def _visible(position_id: int):
    try:
        return positions.position_for_assistant(current_user, position_id)
    except DomainError:
        abort(404)


def _view(position, form: ApplyForm, status: int = 200):
    return render_template(
        "positions/view.html",
        position=position,
        application=employments.application_of(position.id, current_user.id),
        form=form,
        action_form=ActionForm(),
        weekdays=WEEKDAYS,
        hours=positions.hours_per_week(position),
    ), status


@bp.route("/<int:position_id>")
@ASSISTANT
def view(position_id: int):
    """One open position for an assistant, with the application form."""
    return _view(_visible(position_id), ApplyForm())


@bp.route("/<int:position_id>/hae", methods=["POST"])
@ASSISTANT
def apply(position_id: int):
    """Apply with a message and the relative declaration."""
    position = _visible(position_id)
    form = ApplyForm()
    return submit_form(
        form,
        lambda: employments.apply(
            current_user,
            position.id,
            form.message.data or "",
            form.related.data,
            form.relation.data,
        ),
        success=_("Your application was sent."),
        redirect_to=url_for("positions.view", position_id=position.id),
        page=lambda: _view(position, form)[0],
        fallback="message",
    )


@bp.route("/<int:position_id>/peru-hakemus", methods=["POST"])
@ASSISTANT
def withdraw(position_id: int):
    """Withdraw my application."""
    return submit_action(
        lambda: employments.withdraw(current_user, position_id),
        success=_("Your application was withdrawn."),
        redirect_to=url_for("positions.for_me"),
    )


@bp.route("/tyosuhteet")
@role_required(Role.ASSISTANT, Role.EMPLOYER)
def my_employments():
    """My regular employments (as the assistant or the employer)."""
    return render_template(
        "positions/employments.html", found=employments.my_employments(current_user)
    )


def _employment(employment_id: int):
    try:
        return employments.employment_for(current_user, employment_id)
    except DomainError:
        abort(404)


def _employment_page(employment, end_form=None, status: int = 200):
    return render_template(
        "positions/employment.html",
        employment=employment,
        upcoming=absences.upcoming(employment, utcnow()),
        absence_form=AbsenceForm(),
        end_form=end_form or EndForm(),
        weekdays=WEEKDAYS,
    ), status


@bp.route("/tyosuhteet/<int:employment_id>")
@EITHER
def employment(employment_id: int):
    """An employment's coming working times, with 'off' buttons, and ending it."""
    return _employment_page(_employment(employment_id))


@bp.route("/tyosuhteet/<int:employment_id>/poissa", methods=["POST"])
@EITHER
def report_absence(employment_id: int):
    """One working time off in one step: a substitute shift is posted for it."""
    employment = _employment(employment_id)
    form = AbsenceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        starts_at = datetime.fromisoformat(form.starts_at.data)
        if starts_at.tzinfo is None:
            abort(400)
        absence = absences.report_absence(
            current_user, employment.id, starts_at, AbsenceReason(form.reason.data)
        )
    except ValueError:
        abort(400)
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
        return redirect(url_for("positions.employment", employment_id=employment.id)), 303
    db.session.commit()
    flash(_("The day off is recorded and a substitute is being looked for."), "success")
    if current_user.id == employment.employer_id:
        return redirect(url_for("shifts.manage", shift_id=absence.shift_id))
    return redirect(url_for("positions.employment", employment_id=employment.id))


@bp.route("/tyosuhteet/<int:employment_id>/paata", methods=["POST"])
@EITHER
def end(employment_id: int):
    """Either side ends the employment on a date."""
    employment = _employment(employment_id)
    form = EndForm()
    return submit_form(
        form,
        lambda: employments.end_employment(current_user, employment.id, form.ends_on.data),
        success=_("The employment ends on the date you gave; the other side is told."),
        redirect_to=url_for("positions.employment", employment_id=employment.id),
        page=lambda: _employment_page(employment, form)[0],
        fallback="ends_on",
    )
