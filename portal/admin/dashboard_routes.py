"""Coordinator pages: the dashboard (urgent shifts, figures) and the Lapland map."""

from datetime import date, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal.access import STAFF, role_required
from portal.admin import map_layout
from portal.admin.common import csv_response
from portal.admin.forms import BulkPlacementForm, PeriodForm
from portal.extensions import db
from portal.forms import attach_error
from portal.i18n import ngettext
from portal.models import utcnow
from portal.positions.declaration import relation_choices
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError
from portal.services.positions.warnings import RuleWarning
from portal.services.staff import dashboard as staff_dashboard
from portal.services.staff import stats
from portal.services.urgent import bulk_placement
from portal.timeutil import local_to_utc, to_local

MAP_WIDTH = 460
bp = Blueprint("dashboard", __name__, url_prefix="/koordinaattori", template_folder="templates")


def _period():
    """The period form and the UTC period it selects (default: 28 days back, 7 ahead)."""
    now = utcnow()
    since, until = stats.default_period(now)
    form = PeriodForm(request.args)
    valid = not request.args or form.validate()
    if valid and form.since.data:
        since = local_to_utc(form.since.data, time(0, 0))
    if valid and form.until.data:
        until = local_to_utc(form.until.data + timedelta(days=1), time(0, 0))
    if not request.args:
        form.since.data = to_local(since).date()
        form.until.data = (to_local(until) - timedelta(days=1)).date()
    return form, valid, now, since, until


def _figures(now, since, until):
    locale = str(get_locale())
    return (
        stats.fill_stats(since, until, now, locale),
        stats.assistant_activity(since, until, locale),
        stats.offer_rates(since, until),
    )


@bp.route("/")
@role_required(*STAFF)
def home():
    """Open urgent shifts, who is free near one, and the period's figures."""
    form, valid, now, since, until = _period()
    chosen, free = None, []
    shift_id = request.args.get("vuoro", type=int)
    if shift_id is not None and not 0 < shift_id < 2**31:
        abort(404)  # no such shift: ids are 32-bit in every database we run on
    if shift_id:
        try:
            chosen = staff_dashboard.get_shift(shift_id)
        except NotFoundError:
            chosen = None
        else:
            free = staff_dashboard.free_near(chosen)
            audit.record(current_user, "placement.free_near", obj=chosen, purpose="placement")
            db.session.commit()
    fill, activity, rates = _figures(now, since, until)
    return render_template(
        "admin/dashboard.html",
        form=form,
        urgent=staff_dashboard.open_urgent_shifts(now),
        chosen=chosen,
        free=free,
        fill=fill,
        activity=activity,
        rates=rates,
    ), 200 if valid else 400


@bp.route("/tilanne-<table>.csv")
@role_required(*STAFF)
def figures_csv(table: str):
    """One table of the period's figures as CSV (fill, assistants or offers)."""
    if table not in stats.CSV_TABLES:
        abort(404)
    form, valid, now, since, until = _period()
    if not valid:
        return render_template(
            "admin/dashboard.html",
            form=form,
            urgent=[],
            chosen=None,
            free=[],
            fill=None,
            activity=[],
            rates=None,
        ), 400
    audit.record(current_user, "stats.export", purpose="statistics")
    db.session.commit()
    body = stats.figures_csv(table, *_figures(now, since, until))
    return csv_response(body, f"tilanne-{table}.csv")


@bp.route("/kartta")
@role_required(*STAFF)
def map_view():
    """Supply and demand by Lapland municipality: an SVG map and the same numbers as a table."""
    now = utcnow()
    points = staff_dashboard.map_points(now, now - timedelta(days=28), str(get_locale()))
    height = staff_dashboard.map_height(points)
    return render_template(
        "admin/map.html",
        points=points,
        height=height,
        placed=map_layout.place_labels(points, MAP_WIDTH, height - 40),
        outline=map_layout.svg_points(map_layout.outline(points)),
    )


@bp.route("/aamu", methods=["GET", "POST"])
@role_required(*STAFF)
def morning():
    """A morning's open urgent shifts with the best placement; confirm all or some at once."""
    now = utcnow()
    day = request.args.get("paiva", type=date.fromisoformat) or bulk_placement.default_day(now)
    form, status = BulkPlacementForm(), 200
    warnings: list[RuleWarning] = []
    if form.validate_on_submit():
        try:
            placed = bulk_placement.confirm(
                current_user,
                form.chosen(),
                now,
                bool(form.acknowledge.data),
                form.relations(request.form),
            )
        except DomainError as error:
            db.session.rollback()
            if error.status_code == 404:
                abort(404)
            attach_error(form, error)
            status, warnings = error.status_code, getattr(error, "warnings", [])
        else:
            db.session.commit()
            count = len(placed)
            text = ngettext("%(num)d placement confirmed.", "%(num)d placements confirmed.", count)
            flash(text, "success")
            return redirect(url_for("dashboard.morning", paiva=day.isoformat()))
    elif form.is_submitted():
        status = 400
    proposal = bulk_placement.propose(current_user, *bulk_placement.morning_span(day), now)
    db.session.commit()  # the audit record of this staff view
    return render_template(
        "admin/morning.html",
        form=form,
        relation_choices=relation_choices(),
        proposal=proposal,
        day=day,
        days=_days(now),
        warnings=warnings,
    ), status


def _days(now):
    """Today and the next two local days, for the day links."""
    first = bulk_placement.default_day(now)
    return [first + timedelta(days=n) for n in range(3)]
