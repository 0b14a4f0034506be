"""Coordinators' hours pages: the month report, locking and reopening a pay period."""

from datetime import date

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.forms import submit_action
from portal.i18n import gettext as _
from portal.models import utcnow
from portal.services.pay import estimates, periods
from portal.timesheets.forms import MonthForm
from portal.timeutil import today_local

bp = Blueprint(
    "pay_staff", __name__, url_prefix="/koordinaattori/tunnit", template_folder="templates"
)


@bp.route("/kuukausi")
@role_required(*STAFF)
def month_report():
    """Hours and estimated pay per employer in a month, against their granted hours."""
    form = MonthForm(request.args)
    month = today_local().replace(day=1)
    if not form.validate():
        return render_template("timesheets/month_report.html", form=form, rows=[], month=month), 400
    if form.month.data:
        month = date.fromisoformat(form.month.data + "-01")
    else:
        form.month.data = month.strftime("%Y-%m")
    return render_template(
        "timesheets/month_report.html", form=form, rows=estimates.month_report(month), month=month
    )


def _first(day: str) -> date:
    try:
        first = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if not 2000 <= first.year <= 2100:
        abort(404)
    return first


@bp.route("/<int:employer_id>/<day>/lukitse", methods=["POST"])
@role_required(*STAFF)
def lock(employer_id: int, day: str):
    """Lock a pay period now (audited)."""
    first = _first(day)
    return submit_action(
        lambda: periods.lock_sheet(current_user, employer_id, first, utcnow()),
        success=_("The pay period is locked."),
        redirect_to=url_for("timesheets.sheet", employer_id=employer_id, day=day),
    )


@bp.route("/<int:employer_id>/<day>/avaa", methods=["POST"])
@role_required(*STAFF)
def reopen(employer_id: int, day: str):
    """Reopen a locked pay period for corrections (audited)."""
    first = _first(day)
    return submit_action(
        lambda: periods.reopen_sheet(current_user, employer_id, first, utcnow()),
        success=_("The pay period is open for corrections."),
        redirect_to=url_for("timesheets.sheet", employer_id=employer_id, day=day),
    )
