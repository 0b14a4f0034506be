"""Home page, language switch, about/data sources and the demo outbox."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_login import current_user

from portal.access import public, role_required
from portal.auth.routes import safe_next
from portal.extensions import db
from portal.main import helpers
from portal.models import Role, Status
from portal.notify.outbox import outbox_for
from portal.services.marketplace import home as marketplace_home
from portal.services.staff import home as staff_home

bp = Blueprint("main", __name__)
helpers.init_app(bp)


@bp.route("/")
@public
def home():
    """Front page: what the portal is, and what is next for a signed-in user."""
    return render_template("main/home.html", user=current_user, next_up=_next_up(current_user))


def _next_up(user):
    """The role's "what is next" for an approved or pending user; None for others."""
    if not user.is_authenticated or user.status not in (Status.APPROVED, Status.PENDING):
        return None
    if user.role == Role.ASSISTANT:
        return marketplace_home.assistant_next(user)
    if user.role == Role.EMPLOYER:
        return marketplace_home.employer_next(user)
    if user.status == Status.APPROVED:
        return staff_home.coordinator_next()
    return None


@bp.route("/kieli/<lang>")
@public
def set_language(lang: str):
    """Switch the UI language and remember it for this browser and the user."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = lang
    if current_user.is_authenticated and current_user.locale != lang:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.args.get("next")))


@bp.route("/tietoja")
@public
def about():
    """About the portal and the sources of its place data."""
    return render_template("main/about.html")


@bp.route("/demo/lahtevat")
@role_required()
def outbox():
    """Emails the demo would have sent to you (staff: to anyone); only with DEMO_OUTBOX on."""
    if not current_app.config["DEMO_OUTBOX"]:
        abort(404)
    return render_template("main/outbox.html", messages=outbox_for(current_user))
