"""Home page, language switch, about/data sources and the demo outbox."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import select

from portal.access import public
from portal.auth.routes import safe_next
from portal.extensions import db
from portal.main import helpers
from portal.models import DeliveryLog

bp = Blueprint("main", __name__)
helpers.init_app(bp)


@bp.route("/")
@public
def home():
    """Front page: what the portal is, and the next step for a signed-in user."""
    return render_template("main/home.html", user=current_user)


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
@public
def outbox():
    """Emails the demo would have sent (only when DEMO_OUTBOX is on, never in production)."""
    if not current_app.config["DEMO_OUTBOX"]:
        abort(404)
    messages = db.session.scalars(
        select(DeliveryLog)
        .where(DeliveryLog.channel == "email")
        .order_by(DeliveryLog.id.desc())
        .limit(100)
    )
    return render_template("main/outbox.html", messages=list(messages))
