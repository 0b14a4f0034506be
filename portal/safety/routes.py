"""Report something, download or erase my data, see staff reads, accessibility."""

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import public, role_required
from portal.board.forms import BOARD_TABLE_TITLES
from portal.extensions import db
from portal.forms import submit_form
from portal.i18n import gettext as _
from portal.safety import my_data_view
from portal.safety.forms import ErasureForm, FeedbackForm, ReportForm
from portal.services import audit
from portal.services.errors import DomainError
from portal.services.staff import erasure, moderation, personal_data

bp = Blueprint("safety", __name__, template_folder="templates")
TARGETS = {
    "profiili": "profile",
    "vuoro": "shift",
    "viesti": "message",
    "keskusteluviesti": "chat_message",
}


@bp.route(
    "/ilmoita/<any(profiili, vuoro, viesti, keskusteluviesti):target>/<int:target_id>",
    methods=["GET", "POST"],
)
@role_required()
def report(target: str, target_id: int):
    """Report a profile, shift or message to the coordinators with a reason."""
    target_type = TARGETS[target]
    if not moderation.may_report(current_user, target_type, target_id):
        abort(404)
    form = ReportForm()
    return submit_form(
        form,
        lambda: moderation.create_report(current_user, target_type, target_id, form.reason.data),
        success=_("Thank you. A coordinator will look at your report."),
        redirect_to=url_for("main.home"),
        page=lambda: render_template("safety/report.html", form=form, target_type=target_type),
    )


@bp.route("/omat-tiedot")
@role_required()
def my_data():
    """Everything the portal holds about me, readable."""
    return render_template(
        "safety/my_data.html",
        sections=my_data_view.sections(personal_data.export(current_user), BOARD_TABLE_TITLES),
        form=ErasureForm(),
        pending_erasure=erasure.open_request_of(current_user),
    )


@bp.route("/omat-tiedot.json")
@role_required()
def my_data_json():
    """Everything the portal holds about me, as a JSON download."""
    body = json.dumps(personal_data.export(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="omat-tiedot.json"'},
    )


@bp.route("/omat-tiedot/poisto", methods=["POST"])
@role_required()
def request_erasure():
    """Ask the centre to erase my personal data."""
    form = ErasureForm()
    if form.validate_on_submit():
        try:
            erasure.request_erasure(current_user, form.message.data or "")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Your request has been sent to the HAVU centre."), "success")
        return redirect(url_for("safety.my_data"))
    return render_template(
        "safety/my_data.html",
        sections=my_data_view.sections(personal_data.export(current_user), BOARD_TABLE_TITLES),
        form=form,
        pending_erasure=erasure.open_request_of(current_user),
    ), 400


@bp.route("/omat-tiedot/katselut")
@role_required()
def looks():
    """When and why staff looked at or acted on my data (never who)."""
    return render_template(
        "safety/looks.html", events=audit.looks_at(current_user), purposes=audit.PURPOSES
    )


@bp.route("/saavutettavuus")
@public
def accessibility():
    """The accessibility statement."""
    return render_template("safety/accessibility.html")


@bp.route("/saavutettavuus/palaute", methods=["GET", "POST"])
@public
def feedback():
    """Accessibility feedback, anonymous or with a contact; answered within 14 days."""
    form = FeedbackForm()
    sender = current_user if current_user.is_authenticated else None
    return submit_form(
        form,
        lambda: moderation.create_accessibility_feedback(
            sender, form.message.data, form.contact.data or ""
        ),
        success=_("Thank you for your feedback. We answer within 14 days."),
        redirect_to=url_for("safety.accessibility"),
        page=lambda: render_template("safety/feedback.html", form=form),
    )
