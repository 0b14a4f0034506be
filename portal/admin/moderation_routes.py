"""Coordinator pages: the report queue, disputes, feedback, settings, erasure requests."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.access import STAFF, role_required
from portal.admin.forms import MODES, ApproveForm, ModerationSettingsForm, ReportDecisionForm
from portal.extensions import db
from portal.forms import submit_action, submit_form
from portal.i18n import gettext as _
from portal.services.staff import erasure, moderation, moderation_decisions

bp = Blueprint("moderation", __name__, url_prefix="/koordinaattori", template_folder="templates")


@bp.route("/jono")
@role_required(*STAFF)
def queue():
    """Open reports, disputes and accessibility feedback; erasure and pre-moderation work."""
    state = "closed" if request.args.get("tila") == "kasitelty" else "open"
    profiles, shifts = moderation.pending_content()
    return render_template(
        "admin/reports.html",
        state=state,
        reports=moderation.queue(state),
        erasures=erasure.open_requests(),
        profiles=profiles,
        shifts=shifts,
        form=ApproveForm(),
        outcomes=moderation.ALL_OUTCOMES,
    )


def _report_page(report, form, status=200):
    owner = moderation.target_owner(report.target_type, report.target_id)
    reporter = moderation.reporter_of(report)
    return render_template(
        "admin/report.html",
        report=report,
        form=form,
        owner=owner,
        reporter=reporter,
        outcomes=moderation.outcomes_for(report),
        reported_text=moderation.reported_text(report),
    ), status


def _decision_form(report) -> ReportDecisionForm:
    form = ReportDecisionForm()
    form.outcome.choices = [SelectChoice(k, v) for k, v in moderation.outcomes_for(report).items()]
    return form


@bp.route("/jono/<int:report_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def report(report_id: int):
    """One report, dispute or feedback, and the decision on it."""
    item = moderation.get_report(report_id)
    form = _decision_form(item)
    return submit_form(
        form,
        lambda: moderation_decisions.decide(
            current_user, item, form.outcome.data, form.reason.data
        ),
        success=_("Decision saved; the reporter has been told."),
        redirect_to=url_for("moderation.queue"),
        # after a rollback the report is read again, as it now stands
        page=lambda: _report_page(moderation.get_report(report_id), form)[0],
    )


@bp.route(
    "/moderointi/<any(announcement, shift):content_type>/<int:object_id>/"
    "<any(hyvaksy, poista):verdict>",
    methods=["POST"],
)
@role_required(*STAFF)
def moderate(content_type: str, object_id: int, verdict: str):
    """Approve or remove a pre-moderated text."""
    return submit_action(
        lambda: moderation.moderate_content(
            current_user, content_type, object_id, verdict == "hyvaksy"
        ),
        success=_("Text approved.") if verdict == "hyvaksy" else _("Text removed."),
        redirect_to=url_for("moderation.queue"),
    )


@bp.route("/moderointi/asetukset", methods=["GET", "POST"])
@role_required(*STAFF)
def settings():
    """Pre- or post-moderation per content type."""
    form = ModerationSettingsForm(
        announcement=moderation.mode_for("announcement"), shift=moderation.mode_for("shift")
    )
    form.announcement.choices = MODES
    form.shift.choices = MODES
    if form.validate_on_submit():
        moderation.set_modes(
            current_user, {"announcement": form.announcement.data, "shift": form.shift.data}
        )
        db.session.commit()
        flash(_("Moderation settings saved."), "success")
        return redirect(url_for("moderation.settings"))
    return render_template("admin/settings.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/poistopyynnot/<int:request_id>", methods=["POST"])
@role_required(*STAFF)
def carry_out_erasure(request_id: int):
    """Carry out a user's erasure request."""
    return submit_action(
        lambda: erasure.carry_out(current_user, request_id),
        success=_("The user's personal data has been erased."),
        redirect_to=url_for("moderation.queue"),
    )
