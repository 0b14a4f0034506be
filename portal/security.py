"""Security headers, bounded ids, and error pages that never show a stack trace."""

from flask import render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from portal.extensions import db
from portal.i18n import gettext as _
from portal.services.errors import DomainError

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class BoundedIntConverter(IntegerConverter):
    """Integer URL parts that fit a database id: larger ones are a plain 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def set_security_headers(response):
    """Add CSP, frame denial, nosniff and a strict referrer policy to every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
    if "_user_id" in session and request.endpoint != "static":
        # Personal pages: no browser, proxy or back-button cache keeps them after sign-out.
        response.headers["Cache-Control"] = "no-store"
    return response


def _messages() -> dict[int, str]:
    return {
        400: _("The request was not understood. Check the form and try again."),
        403: _("You do not have access to this page."),
        404: _("The page was not found."),
        405: _("This address does not accept that kind of request."),
        409: _("Someone else changed this at the same time. Reload and try again."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Wait a moment and try again."),
        500: _("Something went wrong on our side. Your saved data is safe; try again."),
    }


def _render_error(code: int, message: str | None = None):
    return render_template(
        "errors/error.html", code=code, message=message or _messages().get(code, "")
    ), code


def init_app(app) -> None:
    """Register headers, the bounded int converter and the error handlers."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.after_request(set_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render_error(400, _("The form had expired. Reload the page and send it again."))

    @app.errorhandler(DomainError)
    def domain_error(error):
        db.session.rollback()
        return _render_error(error.status_code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error):
        return _render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    def database_down(error):
        from flask import g

        from portal.extensions import login_manager

        db.session.rollback()
        # Flask-Login's context processor would load the signed-in user from the database
        # again while rendering: treat the browser as anonymous for this page.
        g._login_user = login_manager.anonymous_user()
        app.logger.error("database unavailable: %s", type(error).__name__)
        return render_template("errors/unavailable.html"), 503

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("unhandled error on %s", request.path)
        db.session.rollback()
        return _render_error(500)
