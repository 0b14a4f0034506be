"""Saved searches and their alerts; a signed link stops one alert without signing in."""

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.access import public, role_required
from portal.board.blueprint import bp
from portal.board.forms import SaveSearchForm, WorkSearchForm
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role
from portal.services.board import alerts
from portal.services.errors import DomainError
from portal.services.marketplace.places import municipality_choices

PARTIES = (Role.ASSISTANT, Role.EMPLOYER)


def _work_form(**kwargs) -> WorkSearchForm:
    return WorkSearchForm(municipalities=municipality_choices(str(get_locale())), **kwargs)


def _render(form) -> str:
    return render_template(
        "board/searches.html",
        searches=alerts.my_searches(current_user),
        form=form,
        action_form=ActionForm(),
        frequency=alerts.frequency_of(current_user.id),
    )


@bp.route("/haut")
@role_required(*PARTIES)
def searches():
    """My saved searches; assistants can save one here (employers from the search page)."""
    return _render(_work_form() if current_user.role == Role.ASSISTANT else None)


@bp.route("/haut", methods=["POST"])
@role_required(*PARTIES, approved=True)
def save_search():
    """Save a search: an assistant's work search, or the employer's announcement search."""
    if current_user.role == Role.EMPLOYER:
        return _save_announcement_search()
    form = _work_form()
    return submit_form(
        form,
        lambda: alerts.save(current_user, form.name.data, form.criteria()),
        success=_("Search saved. We tell you when something new matches."),
        redirect_to=url_for("board.searches"),
        page=lambda: _render(form),
        fallback="name",
    )


def _save_announcement_search():
    """The employer's save button under the results: errors go back to the search page."""
    form = SaveSearchForm()
    fields = {k: v for k, v in request.form.to_dict(flat=False).items() if k != "csrf_token"}
    back = url_for("board.search_page") + "?" + urlencode(fields, doseq=True)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    try:
        alerts.save(current_user, form.name.data, form.criteria())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(_("Search saved. We tell you when something new matches."), "success")
    return redirect(url_for("board.searches"))


@bp.route("/haut/<int:search_id>/poista", methods=["POST"])
@role_required(*PARTIES)
def delete_search(search_id: int):
    """Delete a saved search."""
    return submit_action(
        lambda: alerts.delete(current_user, search_id),
        success=_("Saved search deleted."),
        redirect_to=url_for("board.searches"),
    )


@bp.route("/haut/lopeta/<token>", methods=["GET", "POST"])
@public
def stop_alert(token: str):
    """The link in every alert: GET shows one button, the POST stops the alert."""
    try:
        search = alerts.search_for_token(token)
    except DomainError:
        abort(404)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        alerts.stop(token)
        db.session.commit()
        return render_template("board/alert_stopped.html", search=search)
    return render_template("board/stop_alert.html", search=search, form=form)
