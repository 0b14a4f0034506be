"""Hours pages of assistants and employers: record, approve or return, the period sheet."""

from datetime import date, timedelta

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_babel import format_currency, format_decimal
from flask_login import current_user

from portal.access import role_required
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role, utcnow
from portal.services.errors import DomainError
from portal.services.pay import estimates, export, schemes, sheets, timesheets
from portal.services.pay.periods import period_for
from portal.timesheets.forms import PaySettingsForm, RecordForm, ReturnForm
from portal.timeutil import local_span_to_utc, to_local, today_local

bp = Blueprint("timesheets", __name__, url_prefix="/tunnit", template_folder="templates")
PEOPLE = role_required(Role.ASSISTANT, Role.EMPLOYER, approved=True)
ANYONE = role_required(Role.ASSISTANT, Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN, approved=True)
EMPLOYER = role_required(Role.EMPLOYER, approved=True)


@bp.app_template_filter("euros")
def euros(value) -> str:
    """Euros in the page's language, e.g. 12,50 €."""
    return format_currency(value, "EUR")


@bp.app_template_filter("hours")
def hours(value) -> str:
    """Hours to one decimal in the page's language, e.g. 12,5."""
    return format_decimal(value, format="#,##0.0")


@bp.app_template_filter("hm")
def hours_minutes(minutes: int) -> str:
    """Minutes as hours and minutes, e.g. 7:30."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _day(text: str) -> date:
    """A day from the URL; the ends of the calendar are nobody's pay period."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        abort(404)
    if not 2000 <= day.year <= 2100:
        abort(404)
    return day


def _view(employer_id: int, day: date, **kwargs) -> sheets.SheetView:
    try:
        return sheets.sheet_view(current_user, employer_id, day, utcnow(), **kwargs)
    except DomainError:
        abort(404)


@bp.route("/")
@PEOPLE
def index():
    """The employer's current period, or the assistant's recent work by employer."""
    today = today_local()
    if current_user.role == Role.EMPLOYER:
        return redirect(url_for(".sheet", employer_id=current_user.id, day=today.isoformat()))
    recent = timesheets.work_items(today - timedelta(days=62), today, assistant_id=current_user.id)
    recorded = timesheets.timesheets_for(recent)
    return render_template(
        "timesheets/mine.html",
        recent=list(reversed(recent)),
        recorded=recorded,
        employers=sheets.employer_names({w.employer_id for w in recent}),
    )


@bp.route("/<int:employer_id>/<day>")
@ANYONE
def sheet(employer_id: int, day: str):
    """One employer's pay period: every shift, its hours and pay, totals per supplement."""
    view = _view(employer_id, _day(day))
    staff = current_user.role in (Role.COORDINATOR, Role.ADMIN)
    if staff:
        db.session.commit()  # the audit event of a staff view
    month = None
    if current_user.id == employer_id or staff:
        month = estimates.month_use(view.employer, view.period.first)
    return render_template(
        "timesheets/sheet.html",
        view=view,
        month=month,
        staff=staff,
        is_employer=current_user.id == employer_id,
        previous=view.period.first - timedelta(days=1),
        following=view.period.last + timedelta(days=1),
        form=ActionForm(),
        return_form=ReturnForm(formdata=None),
    )


@bp.route("/kirjaa/<int:booking_id>", methods=["GET", "POST"])
@role_required(Role.ASSISTANT, approved=True)
def record(booking_id: int):
    """Record the actual hours of one shift (defaults: as planned)."""
    return _record(booking_id, None, None)


@bp.route("/kirjaa/tyosuhde/<int:employment_id>/<day>", methods=["GET", "POST"])
@role_required(Role.ASSISTANT, approved=True)
def record_occurrence(employment_id: int, day: str):
    """Record the actual hours of one day of a regular position (defaults: as planned)."""
    return _record(None, employment_id, _day(day))


@bp.app_template_global("record_link")
def record_link(work) -> str:
    """The address of the page recording this work."""
    if work.booking_id is not None:
        return url_for("timesheets.record", booking_id=work.booking_id)
    return url_for(
        "timesheets.record_occurrence",
        employment_id=work.employment_id,
        day=work.work_day.isoformat(),
    )


def _record(booking_id: int | None, employment_id: int | None, work_day: date | None):
    try:
        work = timesheets.own_work(current_user, booking_id, utcnow(), employment_id, work_day)
    except DomainError as error:
        if error.status_code == 404:
            abort(404)
        return render_template("timesheets/not_yet.html", message=error.message), 400
    existing = timesheets.timesheet_of(booking_id, employment_id, work_day)
    form = RecordForm()
    if not form.is_submitted():
        start = existing.actual_start if existing else work.planned_start
        end = existing.actual_end if existing else work.planned_end
        form.day.data = to_local(start).date()
        form.start.data, form.end.data = to_local(start).time(), to_local(end).time()
        form.break_minutes.data = existing.break_minutes if existing else 0

    def save():
        start, end = local_span_to_utc(form.day.data, form.start.data, form.end.data)
        return timesheets.record(
            current_user,
            booking_id,
            start=start,
            end=end,
            break_minutes=form.break_minutes.data,
            now=utcnow(),
            employment_id=employment_id,
            work_day=work_day,
        )

    return submit_form(
        form,
        save,
        success=_("Your hours are recorded and wait for the employer's approval."),
        redirect_to=url_for(".sheet", employer_id=work.employer_id, day=work.day.isoformat()),
        page=lambda: render_template(
            "timesheets/record.html", form=form, work=work, existing=existing
        ),
        fallback="start",
    )


def _back_to_sheet(timesheet_id: int) -> str:
    try:
        first = timesheets.period_start_of(current_user, timesheet_id)
    except DomainError:
        abort(404)
    return url_for(".sheet", employer_id=current_user.id, day=first.isoformat())


@bp.route("/merkinta/<int:timesheet_id>/hyvaksy", methods=["POST"])
@EMPLOYER
def approve(timesheet_id: int):
    """Approve recorded hours (race-safe: a second decision or the lock loses)."""
    return submit_action(
        lambda: timesheets.approve(current_user, timesheet_id, utcnow()),
        success=_("The hours are approved."),
        redirect_to=_back_to_sheet(timesheet_id),
    )


@bp.route("/merkinta/<int:timesheet_id>/palauta", methods=["GET", "POST"])
@EMPLOYER
def send_back(timesheet_id: int):
    """Return recorded hours to the assistant with a comment (GET shows the form)."""
    back = _back_to_sheet(timesheet_id)
    form = ReturnForm()
    return submit_form(
        form,
        lambda: timesheets.return_for_correction(
            current_user, timesheet_id, form.comment.data, utcnow()
        ),
        success=_("The hours are returned to the assistant."),
        redirect_to=back,
        page=lambda: render_template("timesheets/return.html", form=form, back=back),
        fallback="comment",
    )


@bp.route("/<int:employer_id>/<day>/tunnit.csv")
@role_required(Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN, approved=True)
def export_csv(employer_id: int, day: str):
    """The approved period as CSV for payroll (Finnish Excel: `;`, decimal comma, BOM)."""
    if current_user.role == Role.EMPLOYER and current_user.id != employer_id:
        abort(404)
    try:
        view = export.approved_period(current_user, employer_id, _day(day), utcnow())
    except DomainError:
        abort(404)
    db.session.commit()
    return Response(
        export.period_csv(view),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{export.file_name(view)}"'},
    )


@bp.route("/<int:employer_id>/<day>/tuloste")
@role_required(Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN, approved=True)
def printable(employer_id: int, day: str):
    """The approved period as a printable sheet."""
    if current_user.role == Role.EMPLOYER and current_user.id != employer_id:
        abort(404)
    try:
        view = export.approved_period(current_user, employer_id, _day(day), utcnow())
    except DomainError:
        abort(404)
    db.session.commit()
    return render_template("timesheets/print.html", view=view, days=export.day_rows(view))


@bp.route("/palkka", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def pay_settings():
    """The employer's wage for their assistants, granted hours and payer."""
    try:
        profile = schemes.own_profile(current_user)
    except DomainError:
        abort(404)
    form = PaySettingsForm()
    automatic = schemes.automatic_payer(profile)
    form.payer.choices = [("", _("Automatic: %(name)s", name=automatic.name if automatic else "—"))]
    form.payer.choices += [(str(p.id), p.name) for p in schemes.payers()]
    if not form.is_submitted():
        form.hourly_wage.data = profile.hourly_wage
        form.monthly_hours.data = profile.monthly_hours
        form.payer.data = str(profile.payer_id) if profile.payer_id else ""
    return submit_form(
        form,
        lambda: schemes.set_employer_pay(
            current_user,
            hourly_wage=form.hourly_wage.data,
            monthly_hours=form.monthly_hours.data,
            payer_id=int(form.payer.data) if form.payer.data else None,
        ),
        success=_("Your pay settings are saved."),
        redirect_to=url_for(".pay_settings"),
        page=lambda: render_template(
            "timesheets/pay_settings.html",
            form=form,
            month=estimates.month_use(profile, today_local()),
            period=period_for(current_user.id, today_local()),
        ),
        fallback="hourly_wage",
    )
