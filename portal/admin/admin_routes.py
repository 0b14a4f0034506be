"""Admin-only pages: coordinator accounts and the skill vocabulary."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import role_required
from portal.admin.common import form_failed
from portal.admin.forms import ApproveForm, CoordinatorForm, SkillForm
from portal.extensions import db
from portal.models import Role
from portal.services.errors import DomainError
from portal.services.staff import admin as staff_admin

bp = Blueprint("staffadmin", __name__, url_prefix="/yllapito", template_folder="templates")


def _page(coordinator_form=None, skill_form=None, status=200):
    return render_template(
        "admin/admin.html",
        staff=staff_admin.staff_accounts(),
        skills=staff_admin.skills(),
        coordinator_form=coordinator_form or CoordinatorForm(formdata=None),
        skill_form=skill_form or SkillForm(formdata=None),
        toggle_form=ApproveForm(formdata=None),
    ), status


@bp.route("/")
@role_required(Role.ADMIN)
def home():
    """Coordinator accounts and the skill vocabulary."""
    return _page()


@bp.route("/koordinaattorit", methods=["POST"])
@role_required(Role.ADMIN)
def add_coordinator():
    """Open a coordinator account."""
    form = CoordinatorForm()
    if form.validate_on_submit():
        try:
            staff_admin.create_coordinator(
                current_user,
                email=form.email.data,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                password=form.password.data,
                locale=form.locale.data,
            )
        except DomainError as error:
            db.session.rollback()
            form_failed(form, error)
        else:
            db.session.commit()
            flash(_("Coordinator account created."), "success")
            return redirect(url_for("staffadmin.home"))
    return _page(coordinator_form=form, status=400)


@bp.route("/taidot", methods=["POST"])
@role_required(Role.ADMIN)
def add_skill():
    """Add a skill to the vocabulary."""
    form = SkillForm()
    if form.validate_on_submit():
        try:
            staff_admin.add_skill(
                current_user,
                code=form.code.data,
                name_fi=form.name_fi.data,
                name_sv=form.name_sv.data,
                name_en=form.name_en.data,
            )
        except DomainError as error:
            db.session.rollback()
            form_failed(form, error)
        else:
            db.session.commit()
            flash(_("Skill added."), "success")
            return redirect(url_for("staffadmin.home"))
    return _page(skill_form=form, status=400)


@bp.route("/taidot/<int:skill_id>", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_skill(skill_id: int):
    """Retire or restore a skill."""
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        staff_admin.toggle_skill(current_user, skill_id)
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("Skill updated."), "success")
    return redirect(url_for("staffadmin.home"))
