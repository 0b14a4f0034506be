"""Register, sign in and out, change and reset passwords."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_login import current_user, login_user, logout_user

from portal.access import public, role_required
from portal.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Role, utcnow
from portal.notify.dispatch import send_email
from portal.services import accounts
from portal.services.errors import DomainError, ThrottledError

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a local path may be the post-login target; anything else goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.home")
    return target


def _client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _fresh_session() -> None:
    """Forget everything the previous person left in this browser's session but the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/rekisteroidy", methods=["GET", "POST"])
@public
def register():
    """Create a pending account."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(
                email=form.email.data,
                password=form.password.data,
                role=Role(form.role.data),
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                phone=form.phone.data or "",
                locale=str(get_locale()),
                agreement_version=current_app.config["AGREEMENT_VERSION"],
            )
            accounts.start_session(user)
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "email").errors.append(error.message)
        else:
            db.session.commit()
            _fresh_session()
            login_user(user)
            flash(
                _(
                    "Welcome! A coordinator of the HAVU centre will check your registration. "
                    "Meanwhile you can fill in your profile."
                ),
                "success",
            )
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "auth/register.html", form=form, agreement_version=current_app.config["AGREEMENT_VERSION"]
    ), status


@bp.route("/kirjaudu", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password; throttled per account and address."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data, form.password.data, _client_address(), current_app.config
            )
            accounts.start_session(user)
        except ThrottledError as error:
            db.session.rollback()
            form.password.errors.append(error.message)
            return render_template("auth/login.html", form=form), 429
        except DomainError as error:
            db.session.commit()  # keep the counted failure
            form.password.errors.append(error.message)
            status = 400
        else:
            db.session.commit()
            _fresh_session()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/kirjaudu-ulos", methods=["POST"])
@role_required()
def logout():
    """End this session for good."""
    accounts.end_session(current_user.session_token)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/salasana", methods=["GET", "POST"])
@role_required()
def change_password():
    """Change the password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except DomainError as error:
            db.session.rollback()
            form.current.errors.append(error.message)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other sessions were signed out."), "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/salasana/unohtui", methods=["GET", "POST"])
@public
def forgot_password():
    """Send a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        allowed = accounts.may_send_reset(form.email.data, _client_address(), current_app.config)
        user = accounts.find_user_by_email(form.email.data) if allowed else None
        if user is not None and user.erased_at is None:
            token = accounts.make_reset_token(user, current_app.config["SECRET_KEY"])
            link = current_app.config["PUBLIC_URL"] + url_for("auth.reset_password", token=token)
            with force_locale(user.locale):
                send_email(
                    user.email,
                    _("Reset your Avustajatori password"),
                    _(
                        "Open this link within an hour to choose a new password:\n\n%(link)s\n\n"
                        "If you did not ask for this, ignore this message.",
                        link=link,
                    ),
                    utcnow(),
                )
        db.session.commit()  # the counted request, and the queued mail if any
        flash(_("If the address has an account, a reset link is on its way."), "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/salasana/uusi/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password from a signed, single-use, expiring link."""
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(
                token,
                form.password.data,
                current_app.config["SECRET_KEY"],
                current_app.config["PASSWORD_RESET_MAX_AGE"],
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("auth.forgot_password"))
        db.session.commit()
        flash(_("Your password is changed. Sign in with the new password."), "success")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status
