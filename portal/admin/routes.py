"""Coordinator pages: the pending-registration queue (minimal vetting)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.admin.forms import DecisionForm
from portal.extensions import db
from portal.services import vetting
from portal.services.errors import DomainError

bp = Blueprint("admin", __name__, url_prefix="/koordinaattori")


@bp.route("/rekisteroitymiset")
@role_required(*STAFF)
def pending():
    """Pending registrations, oldest first."""
    return render_template("admin/pending.html", users=vetting.pending_users(), form=DecisionForm())


@bp.route("/rekisteroitymiset/<int:user_id>", methods=["POST"])
@role_required(*STAFF)
def decide(user_id: int):
    """Approve or reject one pending registration."""
    user = vetting.get_pending(user_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            vetting.decide(
                current_user, user, approve=bool(form.approve.data), reason=form.reason.data or ""
            )
        except DomainError as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Decision saved for %(name)s.", name=user.full_name), "success")
            return redirect(url_for("admin.pending"))
    return render_template(
        "admin/pending.html", users=vetting.pending_users(), form=form, failed_user_id=user_id
    ), 400
