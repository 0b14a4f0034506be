"""Assistant side of urgent offers, signed links, inbox, preferences, SMS webhook."""

import hmac

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from portal.access import public, role_required
from portal.extensions import csrf, db
from portal.forms import submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role, utcnow
from portal.notify.dispatch import prefs_for
from portal.notify.tokens import read_answer_token, read_unsubscribe_token
from portal.offers import round_routes  # noqa: F401 - registers the employer's routes
from portal.offers.blueprint import bp
from portal.offers.forms import ActionForm, AnswerForm, PrefsForm
from portal.services.errors import DomainError
from portal.services.positions import relatives
from portal.services.urgent import answers, inbox

RESULT_MESSAGES = {
    "confirmed": lambda: _("Thank you! You are confirmed for the shift."),
    "accepted": lambda: _("Thank you! The employer will pick a substitute soon."),
    "declined": lambda: _("Thank you for answering."),
    "filled": lambda: _("Thank you! This shift was already filled, so no need to come."),
    "already": lambda: _("This offer was already answered."),
}

__all__ = ["bp"]


@bp.route("/tarjoukset")
@role_required(Role.ASSISTANT)
def my_offers():
    """The assistant's urgent offers with one-step yes/no buttons."""
    return render_template(
        "offers/my_offers.html",
        offers=inbox.offers_for(current_user),
        form=AnswerForm(),
        cancel_form=ActionForm(),
    )


@bp.route("/tarjoukset/<int:offer_id>/vastaa", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def answer(offer_id: int):
    """Answer one offer yes or no."""
    offer = answers.own_offer(current_user, offer_id)
    form = AnswerForm()
    if not form.validate_on_submit() or not (form.yes.data or form.no.data):
        abort(400)
    try:
        declared = relatives.declaration(form.related.data, form.relation.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("offers.my_offers")), 303
    result = answers.answer(offer, bool(form.yes.data), "web", utcnow(), declared=declared)
    message = RESULT_MESSAGES[result]()  # in the user's language, read before commit expires them
    db.session.commit()
    flash(message, "success" if result != "filled" else "info")
    return redirect(url_for("offers.my_offers"))


@bp.route("/tarjoukset/<int:offer_id>/peru", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def cancel(offer_id: int):
    """The confirmed assistant cancels; the round looks for someone else."""
    return submit_action(
        lambda: answers.cancel_confirmed(current_user, offer_id, utcnow()),
        success=_("You cancelled the shift. The employer has been told."),
        redirect_to=url_for("offers.my_offers"),
    )


@bp.route("/vastaus/<token>", methods=["GET", "POST"])
@public
def by_link(token: str):
    """The email's signed yes/no link, without signing in.

    Opening it (GET or HEAD, as mail scanners do) only shows the offer, in the recipient's
    language, with one button; the POST of that button records the answer, once. A yes
    asks the relative declaration on the same page.
    """
    decoded = read_answer_token(token)
    offer = answers.offer_by_id(decoded[0]) if decoded else None
    if decoded is None or offer is None:
        abort(404)
    yes = decoded[1] == "yes"
    form = AnswerForm()
    with force_locale(offer.assistant.locale or "fi"):
        if request.method == "POST":
            if not form.validate_on_submit():
                abort(400)
            try:
                declared = relatives.declaration(form.related.data, form.relation.data)
            except DomainError as error:
                form.relation.errors = [error.message]
                page = render_template("offers/answer_link.html", offer=offer, yes=yes, form=form)
                return page, 400
            result = answers.answer(offer, yes, "email", utcnow(), declared if yes else None)
            db.session.commit()
            message = RESULT_MESSAGES[result]()
            return render_template("offers/answered.html", message=message, offer=offer)
        return render_template("offers/answer_link.html", offer=offer, yes=yes, form=form)


@bp.route("/viestit", methods=["GET", "POST"])
@role_required()
def messages():
    """The in-app inbox; POST marks everything read."""
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        inbox.mark_all_read(current_user, utcnow())
        db.session.commit()
        return redirect(url_for("offers.messages"))
    return render_template("offers/inbox.html", notes=inbox.messages(current_user), form=form)


@bp.route("/viestiasetukset", methods=["GET", "POST"])
@role_required()
def preferences():
    """Channels, quiet hours, night opt-in and 'no more offers today'."""
    prefs = prefs_for(current_user.id)
    form = PrefsForm(obj=prefs)
    return submit_form(
        form,
        lambda: inbox.save_prefs(current_user, form.data, utcnow()),
        success=_("Message settings saved."),
        redirect_to=url_for("offers.preferences"),
        page=lambda: render_template("offers/preferences.html", form=form, prefs=prefs),
    )


@bp.route("/peru-sahkopostit/<token>", methods=["GET", "POST"])
@public
@csrf.exempt  # RFC 8058: the mail provider POSTs here with no form; the signed token is the key
def unsubscribe(token: str):
    """Unsubscribe link of every email: GET shows one button, POST (or one-click) acts."""
    user_id = read_unsubscribe_token(token)
    user = inbox.user_by_id(user_id) if user_id is not None else None
    if user is None:
        abort(404)
    with force_locale(user.locale or "fi"):
        if request.method != "POST":  # GET and HEAD only show the button
            return render_template("offers/unsubscribe.html", token=token)
        inbox.unsubscribe_email(user.id, utcnow())
        db.session.commit()
        return render_template("offers/unsubscribed.html")


@bp.route("/sms/saapuva", methods=["POST"])
@public
@csrf.exempt
def sms_inbound():
    """The SMS gateway posts replies here with the shared secret; anything else is 403."""
    secret = current_app.config["SMS_WEBHOOK_SECRET"]
    given = request.headers.get("X-Webhook-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        abort(403)
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly deep JSON
        data = None
    if not isinstance(data, dict):
        return jsonify({"error": "expected a JSON object with 'from' and 'text'"}), 400
    sender, text = str(data.get("from", ""))[:40], str(data.get("text", ""))[:160]
    result = answers.answer_sms(sender, text, utcnow())
    db.session.commit()
    return jsonify({"result": result})
