"""Coordinator pages: vetting queue, a user's data behind a stated purpose, decisions."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.admin.common import grant, purpose_for
from portal.admin.forms import (
    ApproveForm,
    ChecklistForm,
    ConfirmApproveForm,
    PurposeForm,
    ReasonForm,
    ReferenceForm,
    UserSearchForm,
)
from portal.extensions import db
from portal.forms import submit_form
from portal.i18n import gettext as _
from portal.models import User
from portal.services import audit
from portal.services.staff import erasure, vetting, vetting_decisions
from portal.timeutil import local_to_utc, to_local

bp = Blueprint("admin", __name__, url_prefix="/koordinaattori", template_folder="templates")


@bp.route("/rekisteroitymiset")
@role_required(*STAFF)
def pending():
    """Pending registrations, oldest first, each with its checklist progress."""
    users = vetting.pending_users()
    return render_template(
        "admin/queue.html",
        users=users,
        checklists={u.id: vetting.checklist(u) for u in users},
        form=PurposeForm(purpose="vetting"),
    )


@bp.route("/kayttajat")
@role_required(*STAFF)
def users():
    """Find a user by name or email (names only; the data opens behind a purpose)."""
    form = UserSearchForm(request.args)
    found = []
    if form.q.data and form.validate():
        found = vetting.search_users(current_user, form.q.data)
        db.session.commit()  # the audit row of the search
    return render_template("admin/users.html", form=form, found=found, purpose_form=PurposeForm())


@bp.route("/kayttajat/<int:user_id>/tarkoitus", methods=["GET", "POST"])
@role_required(*STAFF)
def purpose(user_id: int):
    """State a purpose before opening a user's personal data."""
    user = vetting.get_user(user_id)
    form = PurposeForm()
    if form.validate_on_submit():
        grant(user.id, form.purpose.data, form.explanation.data or "")
        return redirect(url_for("admin.user", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/purpose.html", user=user, form=form), status


def _user_page(user: User, status: int = 200, **forms):
    """Render a user's page with every form (fresh unless one with errors is given)."""
    record = user.vetting
    seen_at = (
        to_local(record.identity_seen_at).replace(tzinfo=None)
        if record and record.identity_seen_at
        else None
    )
    defaults = {
        "checklist_form": ChecklistForm(
            formdata=None,
            identity_method=record.identity_method if record and record.identity_method else "",
            identity_seen_at=seen_at,
            criminal_record_seen_on=record.criminal_record_seen_on if record else None,
            interview_notes=record.interview_notes if record else "",
            training=record.training if record else "",
        ),
        "reference_form": ReferenceForm(formdata=None),
        "reason_forms": {d: ReasonForm(formdata=None, prefix=d) for d in DECISIONS},
        "approve_form": ConfirmApproveForm(formdata=None),
    }
    defaults.update(forms)
    return render_template(
        "admin/user.html",
        user=user,
        record=record,
        checklist=vetting.checklist(user),
        missing=vetting.missing_items(user),
        profile=vetting.profile_of(user),
        erasure_request=erasure.open_request_of(user),
        **defaults,
    ), status


@bp.route("/kayttajat/<int:user_id>")
@role_required(*STAFF)
def user(user_id: int):
    """A user's personal data and vetting record; every view is audited with its purpose."""
    subject = vetting.get_user(user_id)
    stated = purpose_for(subject.id)
    if stated is None:
        return redirect(url_for("admin.purpose", user_id=subject.id))
    audit.record(current_user, "personal_data.view", subject=subject, purpose=stated[:200])
    db.session.commit()
    return _user_page(subject)


def _act(user_id: int, form, action, done_message: str, form_name: str, shown=None):
    """Validate, run one service call, commit and redirect; or show the page with errors."""
    subject = vetting.get_user(user_id)
    if purpose_for(subject.id) is None:
        return redirect(url_for("admin.purpose", user_id=subject.id))
    return submit_form(
        form,
        lambda: action(subject, form),
        success=done_message,
        redirect_to=url_for("admin.user", user_id=subject.id),
        page=lambda: _user_page(subject, 400, **{form_name: shown or form})[0],
    )


@bp.route("/kayttajat/<int:user_id>/tarkistuslista", methods=["POST"])
@role_required(*STAFF)
def save_checklist(user_id: int):
    """Save the vetting checklist."""

    def action(subject, form):
        seen = form.identity_seen_at.data
        vetting.save_checklist(
            current_user,
            subject,
            identity_method=form.identity_method.data or None,
            identity_seen_at=local_to_utc(seen.date(), seen.time()) if seen else None,
            criminal_record_seen_on=form.criminal_record_seen_on.data,
            interview_notes=form.interview_notes.data or "",
            training=form.training.data or "",
        )

    return _act(user_id, ChecklistForm(), action, _("Checklist saved."), "checklist_form")


def _reference_fields(form) -> dict:
    return {
        "name": form.name.data,
        "relation": form.relation.data,
        "contacted_on": form.contacted_on.data,
        "notes": form.notes.data or "",
    }


@bp.route("/kayttajat/<int:user_id>/suosittelijat", methods=["POST"])
@role_required(*STAFF)
def add_reference(user_id: int):
    """Add a reference."""

    def action(subject, form):
        vetting.add_reference(current_user, subject, **_reference_fields(form))

    return _act(user_id, ReferenceForm(), action, _("Reference added."), "reference_form")


@bp.route("/kayttajat/<int:user_id>/suosittelijat/<int:ref_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_reference(user_id: int, ref_id: int):
    """Edit a reference on a page of its own."""
    subject = vetting.get_user(user_id)
    if purpose_for(subject.id) is None:
        return redirect(url_for("admin.purpose", user_id=subject.id))
    ref = vetting.get_reference(subject, ref_id)
    form = ReferenceForm(obj=ref)
    if form.validate_on_submit():
        vetting.edit_reference(current_user, subject, ref, **_reference_fields(form))
        db.session.commit()
        flash(_("Reference saved."), "success")
        return redirect(url_for("admin.user", user_id=subject.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/reference.html", user=subject, ref=ref, form=form), status


@bp.route("/kayttajat/<int:user_id>/suosittelijat/<int:ref_id>/poista", methods=["POST"])
@role_required(*STAFF)
def remove_reference(user_id: int, ref_id: int):
    """Remove a reference."""

    def action(subject, _form):
        vetting.remove_reference(current_user, subject, vetting.get_reference(subject, ref_id))

    return _act(user_id, ApproveForm(), action, _("Reference removed."), "approve_form")


@bp.route("/kayttajat/<int:user_id>/hyvaksy", methods=["POST"])
@role_required(*STAFF)
def approve(user_id: int):
    """Approve a pending registration (all required items done)."""

    def action(subject, _form):
        vetting.get_pending(subject.id)
        vetting_decisions.approve(current_user, subject)

    return _act(user_id, ConfirmApproveForm(), action, _("Registration approved."), "approve_form")


DECISIONS = {
    "hylkaa": ("reject", True),
    "lisatietoja": ("ask_for_information", True),
    "jaadyta": ("suspend", False),
    "palauta": ("reinstate", False),
}


@bp.route(
    "/kayttajat/<int:user_id>/<any(hylkaa, lisatietoja, jaadyta, palauta):decision>",
    methods=["POST"],
)
@role_required(*STAFF)
def decide(user_id: int, decision: str):
    """Reject, ask for more information, suspend or reinstate, with a reason."""
    name, pending_only = DECISIONS[decision]

    def action(subject, form):
        if pending_only:
            vetting.get_pending(subject.id)
        getattr(vetting_decisions, name)(current_user, subject, form.reason.data)

    messages = {
        "reject": _("Registration rejected; the user has been told."),
        "ask_for_information": _("The user has been asked for more information."),
        "suspend": _("The user is suspended and signed out everywhere."),
        "reinstate": _("The user is active again."),
    }
    form = ReasonForm(prefix=decision)
    forms = {d: ReasonForm(formdata=None, prefix=d) for d in DECISIONS} | {decision: form}
    return _act(user_id, form, action, messages[name], "reason_forms", forms)
