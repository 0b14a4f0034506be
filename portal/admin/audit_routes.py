"""Coordinator pages: the audit trail with filters and CSV export."""

from datetime import time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.access import STAFF, role_required
from portal.admin.common import csv_response
from portal.admin.forms import AuditFilterForm
from portal.extensions import db
from portal.services import audit
from portal.timeutil import local_to_utc

_MIDNIGHT = time(0, 0)  # filter days are Finnish calendar days

bp = Blueprint("audit", __name__, url_prefix="/koordinaattori", template_folder="templates")


def _filter_form() -> tuple[AuditFilterForm, audit.AuditFilter | None]:
    """The filter form from the query string, and the filter it describes."""
    form = AuditFilterForm(request.args)
    form.actor.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(u.id), f"{u.full_name} ({u.role})") for u in audit.staff_users()
    ]
    form.action.choices = [SelectChoice("", "—")] + [SelectChoice(a, a) for a in audit.actions()]
    if request.args and not form.validate():
        return form, None
    since = local_to_utc(form.since.data, _MIDNIGHT) if form.since.data else None
    until = (
        local_to_utc(form.until.data + timedelta(days=1), _MIDNIGHT) if form.until.data else None
    )
    return form, audit.AuditFilter(
        actor_id=int(form.actor.data) if form.actor.data else None,
        subject_user_id=form.subject.data,
        action=form.action.data or None,
        since=since,
        until=until,
    )


@bp.route("/loki")
@role_required(*STAFF)
def trail():
    """The audit trail, newest first (the last 500 matching events)."""
    form, criteria = _filter_form()
    events = audit.search(criteria) if criteria else []
    audit.record(current_user, "audit.view", purpose="audit")
    db.session.commit()
    status = 200 if criteria else 400
    return render_template("admin/audit.html", form=form, events=events), status


@bp.route("/loki.csv")
@role_required(*STAFF)
def trail_csv():
    """Every matching audit event as CSV."""
    form, criteria = _filter_form()
    if criteria is None:
        return render_template("admin/audit.html", form=form, events=[]), 400
    body = audit.to_csv(audit.search(criteria, limit=None))
    audit.record(current_user, "audit.export", purpose="audit")
    db.session.commit()
    return csv_response(body, "audit.csv")
