"""Employers' positions: post, manage, hire; the decision on file; staff's declarations."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.extensions import db
from portal.forms import ActionForm, attach_error, submit_form
from portal.i18n import gettext as _
from portal.models import EmployerProfile, HoursPer, Relation, Role, User
from portal.positions.forms import DecisionForm, PositionForm
from portal.services.errors import DomainError
from portal.services.matching import reasons
from portal.services.matching.positions import rank_applicants
from portal.services.positions import decisions, employments, planned, positions, relatives
from portal.services.positions.warnings import WarningsPending
from portal.shifts.fields import WEEKDAYS, minutes
from portal.timeutil import minutes_to_clock
from portal.warnings_page import acknowledged, warnings_page

bp = Blueprint("positions", __name__, url_prefix="/tehtavat", template_folder="templates")
EMPLOYER = role_required(Role.EMPLOYER, approved=True)
bp.add_app_template_global(relatives.label, "relation_label")
bp.add_app_template_global(minutes_to_clock, "clock")


@bp.app_template_filter("month_label")
def month_label(first) -> str:
    """A month (its first day) as 'March 2026' in the page's language."""
    return format_date(first, "LLLL yyyy")


def _draft(form: PositionForm) -> positions.PositionDraft:
    windows = []
    for row in form.windows.entries:
        weekday, start, end = row.form.weekday.data, row.form.start.data, row.form.end.data
        if weekday not in (None, "") and start is not None and end is not None:
            windows.append((int(weekday), minutes(start), minutes(end) or 1440))
    return positions.PositionDraft(
        title=form.title.data,
        tasks=form.tasks.data or "",
        windows=windows,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        place=form.place.data,
        languages=form.languages.data or [],
        required=form.required.data or [],
        preferred=form.preferred.data or [],
        pay_basis=form.pay_basis.data or "",
        urgent_round_on_absence=form.urgent_round_on_absence.data,
    )


@bp.route("/omat")
@role_required(Role.EMPLOYER)
def mine():
    """The employer's positions, and planned and booked hours against the decision."""
    return render_template(
        "positions/mine.html",
        positions=positions.employer_positions(current_user),
        overview=planned.hours_overview(current_user.id),
        decision=planned.current_decision(current_user.id),
        hours_of=positions.hours_per_week,
    )


@bp.route("/uusi", methods=["GET", "POST"])
@EMPLOYER
def new():
    """Post a position; past the decision the page warns before saving."""
    form = PositionForm()
    warnings = None
    if not form.is_submitted():
        profile = db.session.get(EmployerProfile, current_user.id)
        form.place.data = profile.postcode if profile else ""
        form.languages.data = ["fi"]
        form.urgent_round_on_absence.data = True
    elif form.validate():
        try:
            position = positions.post_position(
                current_user, _draft(form), acknowledged=form.acknowledge.data
            )
        except WarningsPending as error:
            db.session.rollback()
            warnings = error
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error, fallback="title")
        else:
            db.session.commit()
            flash(_("The position is posted."), "success")
            return redirect(url_for("positions.manage", position_id=position.id))
    status = 400 if form.is_submitted() else 200
    if warnings is not None:
        status = warnings.status_code
    return render_template("positions/edit.html", form=form, warnings=warnings), status


def _own(position_id: int):
    try:
        return positions.own_position(current_user, position_id)
    except DomainError:
        abort(404)


@bp.route("/<int:position_id>/hallinta")
@role_required(Role.EMPLOYER, *STAFF)
def manage(position_id: int):
    """One position: its pattern, ranked applicants with hire buttons, the employment."""
    position = _own(position_id)
    found = employments.applications(current_user, position.id)
    ranked = rank_applicants(position, [a.assistant_id for a in found if a.state == "applied"])
    order = sorted(
        found,
        key=lambda a: (
            a.state != "applied",
            -(ranked[a.assistant_id].match.score if a.assistant_id in ranked else -1),
        ),
    )
    employment = employments.employment_of_position(position.id)
    return render_template(
        "positions/manage.html",
        position=position,
        applications=order,
        ranked=ranked,
        words=reasons.reasons_in_words,
        employment=employment,
        weekdays=WEEKDAYS,
        hours=positions.hours_per_week(position),
        form=ActionForm(),
    )


@bp.route("/<int:position_id>/palkkaa/<int:application_id>", methods=["POST"])
@role_required(Role.EMPLOYER, *STAFF, approved=True)
def hire(position_id: int, application_id: int):
    """Hire one applicant (race-safe); warnings first, past the decision only staff."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        employment = employments.hire(
            current_user, position_id, application_id, acknowledged=acknowledged()
        )
    except WarningsPending as error:
        db.session.rollback()
        action = url_for("positions.hire", position_id=position_id, application_id=application_id)
        return warnings_page(error, action, url_for("positions.manage", position_id=position_id))
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
        return redirect(url_for("positions.manage", position_id=position_id)), 303
    db.session.commit()
    flash(_("The assistant is hired and has been told."), "success")
    return redirect(url_for("positions.employment", employment_id=employment.id))


@bp.route("/<int:position_id>/sulje", methods=["POST"])
@EMPLOYER
def close(position_id: int):
    """Close an open position without hiring."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        positions.close_position(current_user, position_id)
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        flash(error.message, "error")
        return redirect(url_for("positions.manage", position_id=position_id)), 303
    db.session.commit()
    flash(_("The position is closed."), "success")
    return redirect(url_for("positions.mine"))


def _decision_draft(form: DecisionForm) -> decisions.DecisionDraft:
    relatives_named = [
        (
            row.form.name.data or "",
            Relation(row.form.relation.data),
            row.form.approved_on.data or form.decided_on.data,
        )
        for row in form.relatives.entries
        if (row.form.name.data or "").strip() and row.form.relation.data
    ]
    return decisions.DecisionDraft(
        decided_on=form.decided_on.data,
        valid_from=form.valid_from.data,
        valid_until=form.valid_until.data,
        granted_hours=float(form.granted_hours.data),
        hours_per=HoursPer(form.hours_per.data),
        evening=form.evening.data,
        saturday=form.saturday.data,
        sunday=form.sunday.data,
        night=form.night.data,
        max_night_hours=float(form.max_night_hours.data)
        if form.max_night_hours.data is not None
        else None,
        two_assistants=form.two_assistants.data,
        trips=form.trips.data,
        notes=form.notes.data or "",
        relatives=relatives_named,
    )


def _decision_page(employer_id: int):
    form = DecisionForm()
    employer = db.session.get(User, employer_id)
    if employer is None or employer.role != Role.EMPLOYER:
        abort(404)
    return submit_form(
        form,
        lambda: decisions.record_decision(current_user, employer_id, _decision_draft(form)),
        success=_("The decision is on file."),
        redirect_to=url_for("positions.mine")
        if current_user.id == employer_id
        else url_for("positions.staff_decision", employer_id=employer_id),
        page=lambda: render_template(
            "positions/decision.html",
            form=form,
            employer=employer,
            current=planned.current_decision(employer_id),
        ),
        fallback="granted_hours",
    )


@bp.route("/paatos", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def decision():
    """The employer records the decision they work under."""
    return _decision_page(current_user.id)


@bp.route("/paatos/<int:employer_id>", methods=["GET", "POST"])
@role_required(*STAFF, approved=True)
def staff_decision(employer_id: int):
    """A coordinator records the decision for an employer (audited)."""
    return _decision_page(employer_id)


@bp.route("/sukulaisuudet")
@role_required(*STAFF, approved=True)
def declarations():
    """Every declared relation, and whether the decision names that relative."""
    return render_template(
        "positions/declarations.html", declarations=relatives.declarations(current_user)
    )
