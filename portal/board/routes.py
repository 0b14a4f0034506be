"""Searching announcements, an announcement page and sending a contact request."""

from flask import abort, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.access import role_required
from portal.board import alert_routes, conversation_routes  # noqa: F401 - register routes
from portal.board.blueprint import bp
from portal.board.forms import ContactForm, SaveSearchForm, SearchForm
from portal.extensions import db
from portal.forms import ActionForm, attach_error, submit_form
from portal.i18n import gettext as _
from portal.i18n import local_datetime
from portal.models import Role
from portal.services.board import contacts, search
from portal.services.errors import DomainError
from portal.services.matching.reasons import rating_label, reasons_in_words
from portal.shifts.fields import LANGUAGE_NAMES, WEEKDAYS

SEARCHERS = (Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN)
__all__ = ["bp"]


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language code in words."""
    return str(LANGUAGE_NAMES.get(code, code))


@bp.app_template_global()
def weekday_name(weekday: int) -> str:
    """0 = Monday, in words."""
    return str(WEEKDAYS[weekday])


@bp.app_template_global()
def search_reasons(found) -> list[str]:
    """A search result's reasons in words: the shift's coverage reads as the asked times."""
    words = reasons_in_words(found)
    if found.timed:
        words[1] = _("free at the times you asked")
    else:
        del words[1]
    return words


@bp.route("/ilmoitukset")
@role_required(*SEARCHERS, approved=True)
def search_page():
    """Search assistants' announcements: ranked, explained, one page at a time."""
    form = SearchForm(request.args)
    results, status = None, 200
    asked = bool(request.args)
    if asked and form.validate():
        try:
            query = search.build_query(current_user, form.criteria())
            results = search.search(current_user, query, request.args.get("sivu", 1, type=int))
        except DomainError as error:
            attach_error(form, error, fallback="place")
    elif not asked and current_user.role == Role.EMPLOYER:
        try:  # the first visit shows who would come to the employer's own place
            query = search.build_query(current_user, form.criteria())
            results = search.search(current_user, query, 1)
        except DomainError:
            results = None
    if form.errors:
        status = 400
    return render_template(
        "board/search.html",
        form=form,
        results=results,
        save_form=SaveSearchForm(request.args),
        multi_args={k: v for k, v in request.args.to_dict(flat=False).items() if k != "sivu"},
    ), status


def _subject_choices() -> list[SelectChoice]:
    return [
        SelectChoice(s.key, f"{s.title}, {local_datetime(s.starts_at, 'short')}")
        for s in contacts.subjects_for(current_user)
    ]


def _announcement_page(assistant_id: int, form: ContactForm) -> str:
    try:
        found = search.announcement(current_user, assistant_id)
    except DomainError:
        abort(404)
    db.session.commit()  # a staff view's audit line
    return render_template(
        "board/announcement.html",
        found=found,
        form=form,
        action_form=ActionForm(),
        rating=rating_label,
    )


@bp.route("/ilmoitukset/<int:assistant_id>")
@role_required(*SEARCHERS, approved=True)
def announcement(assistant_id: int):
    """One announcement: what the assistant published, never contact details."""
    form = ContactForm()
    if current_user.role == Role.EMPLOYER:
        form.about.choices = _subject_choices()
    return _announcement_page(assistant_id, form)


@bp.route("/ilmoitukset/<int:assistant_id>/yhteydenotto", methods=["POST"])
@role_required(Role.EMPLOYER, approved=True)
def send_request(assistant_id: int):
    """Send a contact request about one of the employer's shifts or positions."""
    form = ContactForm()
    form.about.choices = _subject_choices()
    return submit_form(
        form,
        lambda: contacts.send(current_user, assistant_id, form.about.data, form.note.data or ""),
        success=_("Your contact request was sent."),
        redirect_to=lambda sent: url_for("board.conversation", request_id=sent.id),
        page=lambda: _announcement_page(assistant_id, form),
        fallback="about",
    )
