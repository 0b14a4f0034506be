"""Employers: profile, substitute ring and excluded assistants."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.access import role_required
from portal.employers.forms import EmployerForm
from portal.extensions import db
from portal.forms import submit_form
from portal.i18n import gettext as _
from portal.models import Role
from portal.services.errors import DomainError
from portal.services.marketplace import profiles
from portal.services.matching import adapter as matching
from portal.shifts.forms import MemberForm

bp = Blueprint("employers", __name__, url_prefix="/tyonantaja", template_folder="templates")
FIELDS = (
    "street_address",
    "acts_for_principal",
    "principal_name",
    "tasks",
    "aids",
    "briefing_card",
)


@bp.route("/profiili", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def profile():
    """Edit the employer profile (pending users may too)."""
    current = profiles.employer_profile(current_user)
    form = EmployerForm()
    if not form.is_submitted():
        for name in FIELDS:
            getattr(form, name).data = getattr(current, name)
        form.place.data = current.place.label(str(get_locale())) if current.place else ""
        form.max_distance_km.data = (
            round(current.max_distance_km) if current.max_distance_km else None
        )
    return submit_form(
        form,
        lambda: profiles.update_employer(
            current_user,
            place=form.place.data,
            street_address=form.street_address.data or "",
            acts_for_principal=form.acts_for_principal.data,
            principal_name=form.principal_name.data,
            tasks=form.tasks.data,
            aids=form.aids.data,
            briefing_card=form.briefing_card.data,
            max_distance_km=float(form.max_distance_km.data) if form.max_distance_km.data else None,
        ),
        success=_("Your profile is saved."),
        redirect_to=url_for("employers.profile"),
        page=lambda: render_template("employers/profile.html", form=form),
        fallback="place",
    )


@bp.route("/rinki")
@role_required(Role.EMPLOYER, approved=True)
def ring():
    """The substitute ring and the excluded assistants, with those who worked here before."""
    ring_members = profiles.listed_assistants(current_user, excluded=False)
    excluded = profiles.listed_assistants(current_user, excluded=True)
    listed = {u.id for u in ring_members} | {u.id for u in excluded}
    before = [
        u for u in profiles_users(matching.worked_before(current_user.id)) if u.id not in listed
    ]
    return render_template(
        "employers/ring.html",
        ring=ring_members,
        excluded=excluded,
        before=before,
        form=MemberForm(),
    )


def profiles_users(ids):
    """Users by id, by name (for the 'worked here before' list)."""
    return profiles.users_by_ids(ids)


@bp.route("/rinki/lisaa", methods=["POST"])
@role_required(Role.EMPLOYER, approved=True)
def add_member():
    """Add an assistant to the ring or the excluded list."""
    form = MemberForm()
    if not form.validate_on_submit():
        abort(400)
    excluded = form.excluded.data == "1"
    try:
        profiles.add_to_list(current_user, form.assistant_id.data, excluded=excluded)
    except DomainError:
        abort(404)
    db.session.commit()
    flash(_("Excluded list updated.") if excluded else _("Substitute ring updated."), "success")
    return redirect(url_for("employers.ring"))


@bp.route("/rinki/poista", methods=["POST"])
@role_required(Role.EMPLOYER, approved=True)
def remove_member():
    """Take an assistant off the ring or the excluded list."""
    form = MemberForm()
    if not form.validate_on_submit():
        abort(400)
    excluded = form.excluded.data == "1"
    try:
        profiles.remove_from_list(current_user, form.assistant_id.data, excluded=excluded)
    except DomainError:
        abort(404)
    db.session.commit()
    flash(_("Excluded list updated.") if excluded else _("Substitute ring updated."), "success")
    return redirect(url_for("employers.ring"))
