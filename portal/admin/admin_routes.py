"""Admin-only pages: coordinator accounts and the skill vocabulary."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from portal.access import role_required
from portal.admin.forms import ApproveForm, CoordinatorForm, SkillForm
from portal.forms import submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role
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
    return submit_form(
        form,
        lambda: staff_admin.create_coordinator(
            current_user,
            email=form.email.data,
            first_name=form.first_name.data,
            last_name=form.last_name.data,
            password=form.password.data,
            locale=form.locale.data,
        ),
        success=_("Coordinator account created."),
        redirect_to=url_for("staffadmin.home"),
        page=lambda: _page(coordinator_form=form, status=400)[0],
    )


@bp.route("/taidot", methods=["POST"])
@role_required(Role.ADMIN)
def add_skill():
    """Add a skill to the vocabulary."""
    form = SkillForm()
    return submit_form(
        form,
        lambda: staff_admin.add_skill(
            current_user,
            code=form.code.data,
            name_fi=form.name_fi.data,
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
        ),
        success=_("Skill added."),
        redirect_to=url_for("staffadmin.home"),
        page=lambda: _page(skill_form=form, status=400)[0],
    )


@bp.route("/taidot/<int:skill_id>", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_skill(skill_id: int):
    """Retire or restore a skill."""
    return submit_action(
        lambda: staff_admin.toggle_skill(current_user, skill_id),
        success=_("Skill updated."),
        redirect_to=url_for("staffadmin.home"),
    )
