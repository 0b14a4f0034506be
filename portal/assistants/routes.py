"""Assistants: announcement, weekly availability, dated exceptions, my shifts, iCal feed."""

from datetime import time

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user

from portal.access import public, role_required
from portal.assistants.forms import AddWindowsForm, AnnouncementForm, ExceptionForm, WindowForm
from portal.extensions import db
from portal.forms import submit_form
from portal.i18n import gettext as _
from portal.models import ExceptionKind, Role
from portal.services.marketplace import aftercare, applications, calendar, profiles
from portal.shifts.fields import WEEKDAYS, minutes
from portal.timeutil import minutes_to_clock

bp = Blueprint("assistants", __name__, url_prefix="/avustaja", template_folder="templates")
feed_bp = Blueprint("calendar_feed", __name__)


@bp.route("/ilmoitus", methods=["GET", "POST"])
@role_required(Role.ASSISTANT)
def announcement():
    """Edit the job-search announcement (pending users may too)."""
    profile = profiles.assistant_profile(current_user)
    form = AnnouncementForm()
    if not form.is_submitted():
        form.text.data = profile.announcement
        form.skills.data = [s.code for s in profile.skills]
        # A new profile starts from the language the user registered in, not Finnish.
        form.languages.data = profile.language_codes if profile.place else [str(get_locale())]
        form.place.data = profile.place.label(str(get_locale())) if profile.place else ""
        form.max_travel_km.data = round(profile.max_travel_km)
        form.on_call.data, form.visible.data = profile.on_call, profile.visible
    return submit_form(
        form,
        lambda: profiles.update_announcement(
            current_user,
            text=form.text.data or "",
            skill_codes=form.skills.data or [],
            languages=form.languages.data or [],
            place=form.place.data,
            max_travel_km=float(form.max_travel_km.data),
            on_call=form.on_call.data,
            visible=form.visible.data,
        ),
        success=_("Your announcement is saved."),
        redirect_to=url_for("assistants.announcement"),
        page=lambda: render_template("assistants/announcement.html", form=form, profile=profile),
    )


def _availability_page(add_form=None, exception_form=None, failed=None, editing=None):
    """The week as a table of days × windows; only the window being edited has a form open."""
    profile = profiles.assistant_profile(current_user)
    if failed is not None:
        editing = failed[0]
    edit_form = None
    for window in profile.windows:
        if window.id == editing:
            edit_form = (
                failed[1]
                if failed is not None
                else WindowForm(
                    prefix=f"w{window.id}-",
                    formdata=None,
                    data={
                        "weekday": window.weekday,
                        "start": _clock(window.start_min),
                        "end": _clock(window.end_min % 1440),
                    },
                )
            )
    week = [(day, [w for w in profile.windows if w.weekday == day]) for day in range(7)]
    return render_template(
        "assistants/availability.html",
        week=week,
        has_windows=bool(profile.windows),
        editing=editing if edit_form is not None else None,
        edit_form=edit_form,
        add_form=add_form or AddWindowsForm(prefix="new-", formdata=None),
        exception_form=exception_form or ExceptionForm(prefix="exc-", formdata=None),
        exceptions=profile.exceptions,
        weekdays=WEEKDAYS,
        clock=minutes_to_clock,
    )


def _clock(value: int) -> time:
    return time(value // 60, value % 60)


@bp.route("/saatavuus")
@role_required(Role.ASSISTANT)
def availability():
    """The weekly windows as a week table, dated exceptions as a short list."""
    return _availability_page(editing=request.args.get("muokkaa", type=int))


@bp.route("/saatavuus/lisaa", methods=["POST"])
@role_required(Role.ASSISTANT)
def add_window():
    """Add the same weekly window to one or several weekdays."""
    form = AddWindowsForm(prefix="new-")
    return submit_form(
        form,
        lambda: profiles.add_windows(
            current_user, form.weekdays.data or [], minutes(form.start.data), minutes(form.end.data)
        ),
        success=_("Availability added."),
        redirect_to=url_for("assistants.availability"),
        page=lambda: _availability_page(add_form=form),
        fallback="weekdays",
    )


@bp.route("/saatavuus/<int:window_id>", methods=["POST"])
@role_required(Role.ASSISTANT)
def change_window(window_id: int):
    """Change one weekly window."""
    form = WindowForm(prefix=f"w{window_id}-")
    return submit_form(
        form,
        lambda: profiles.change_window(
            current_user,
            window_id,
            form.weekday.data,
            minutes(form.start.data),
            minutes(form.end.data),
        ),
        success=_("Availability changed."),
        redirect_to=url_for("assistants.availability"),
        page=lambda: _availability_page(failed=(window_id, form)),
    )


@bp.route("/saatavuus/<int:window_id>/poista", methods=["POST"])
@role_required(Role.ASSISTANT)
def remove_window(window_id: int):
    """Remove one weekly window."""
    profiles.remove_window(current_user, window_id)
    db.session.commit()
    flash(_("Availability removed."), "success")
    return redirect(url_for("assistants.availability"))


@bp.route("/poikkeukset/lisaa", methods=["POST"])
@role_required(Role.ASSISTANT)
def add_exception():
    """Add a dated exception (whole day unless times are given)."""
    form = ExceptionForm(prefix="exc-")
    return submit_form(
        form,
        lambda: profiles.add_exception(
            current_user,
            form.day.data,
            ExceptionKind(form.kind.data),
            minutes(form.start.data) if form.start.data else 0,
            minutes(form.end.data) if form.end.data else 1440,
            form.note.data or "",
        ),
        success=_("Exception added."),
        redirect_to=url_for("assistants.availability"),
        page=lambda: _availability_page(exception_form=form),
    )


@bp.route("/poikkeukset/<int:exception_id>/poista", methods=["POST"])
@role_required(Role.ASSISTANT)
def remove_exception(exception_id: int):
    """Remove a dated exception."""
    profiles.remove_exception(current_user, exception_id)
    db.session.commit()
    flash(_("Exception removed."), "success")
    return redirect(url_for("assistants.availability"))


@bp.route("/omat-vuorot")
@role_required(Role.ASSISTANT, approved=True)
def my_shifts():
    """Confirmed upcoming and past shifts, open applications, the calendar feed."""
    upcoming, past = aftercare.my_bookings(current_user)
    profile = profiles.assistant_profile(current_user)
    feed_url = None
    if profile.calendar_token:
        feed_url = url_for("calendar_feed.feed", token=profile.calendar_token, _external=True)
    return render_template(
        "assistants/my_shifts.html",
        upcoming=upcoming,
        past=past,
        offers=applications.my_offers(current_user),
        rated=aftercare.my_ratings(current_user),
        disputed=aftercare.disputed(b.id for b in past),
        feed_url=feed_url,
    )


@bp.route("/kalenteri", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def new_feed():
    """Make a new secret calendar address (the old one stops working)."""
    calendar.new_token(current_user)
    db.session.commit()
    flash(_("Your calendar address is ready. Keep it to yourself."), "success")
    return redirect(url_for("assistants.my_shifts"))


@bp.route("/kalenteri/poista", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def revoke_feed():
    """Turn the calendar address off."""
    calendar.revoke_token(current_user)
    db.session.commit()
    flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("assistants.my_shifts"))


@feed_bp.route("/kalenteri/<token>.ics")
@public
def feed(token: str):
    """The iCal feed phone calendars subscribe to; the secret in the URL is the key."""
    body = calendar.feed(token, current_app.config["PUBLIC_URL"])
    if body is None:
        abort(404)
    return Response(
        body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"}
    )
