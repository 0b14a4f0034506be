"""Admin-only page: payers' supplement rates and pay-period days, set without code."""

from decimal import Decimal

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.access import role_required
from portal.forms import BaseForm, submit_form
from portal.i18n import gettext as _
from portal.models import Role
from portal.services.pay import schemes
from portal.timesheets.forms import CommaDecimalField

bp = Blueprint("payers", __name__, url_prefix="/yllapito/maksajat", template_folder="templates")
HUNDRED = Decimal(100)
RATES = ("evening", "night", "saturday", "sunday")
DAYS = ("split_day", "first_due_day", "second_due_day")


def _percent(label):
    return CommaDecimalField(
        label,
        places=2,
        validators=[
            InputRequired(message=_l("Enter a percentage.")),
            NumberRange(min=0, max=500, message=_l("Give a supplement between 0 and 500 %.")),
        ],
    )


def _day(label):
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Enter a day of the month.")),
            NumberRange(min=1, max=31, message=_l("Give a day of the month, 1–31.")),
        ],
    )


class PayerForm(BaseForm):
    """A payer's name, municipality, supplements (in %) and pay-period days."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Give the payer a name.")), Length(max=120)],
    )
    municipality_code = SelectField(_l("Pays the employers of (municipality)"), choices=[])
    evening = _percent(_l("Evening supplement 18–23 (%)"))
    night = _percent(_l("Night supplement 23–06 (%)"))
    saturday = _percent(_l("Saturday supplement (%)"))
    sunday = _percent(_l("Sunday and holiday supplement (%)"))
    split_day = _day(_l("The first period ends on day"))
    first_due_day = _day(_l("The first period is due on day (same month)"))
    second_due_day = _day(_l("The second period is due on day (next month)"))


def _form(payer=None, *, submitted: bool = False) -> PayerForm:
    """The payer's form: from the request when it was the one sent, else filled in."""
    prefix = f"p{payer.id}" if payer else "new"
    form = PayerForm(prefix=prefix) if submitted else PayerForm(formdata=None, prefix=prefix)
    names = schemes.municipality_names(str(get_locale()))
    form.municipality_code.choices = [("", "—"), *names.items()]
    if submitted:
        return form
    if payer is None:
        form.evening.data, form.night.data = Decimal(15), Decimal(30)
        form.saturday.data, form.sunday.data = Decimal(20), Decimal(100)
        form.split_day.data, form.first_due_day.data, form.second_due_day.data = 15, 20, 5
        return form
    form.name.data = payer.name
    form.municipality_code.data = payer.municipality_code or ""
    for name in RATES:
        form[name].data = (Decimal(getattr(payer, name)) * HUNDRED).normalize()
    for name in DAYS:
        form[name].data = getattr(payer, name)
    return form


def _draft(form: PayerForm) -> schemes.PayerDraft:
    return schemes.PayerDraft(
        name=form.name.data,
        municipality_code=form.municipality_code.data or None,
        **{name: form[name].data / HUNDRED for name in RATES},
        **{name: form[name].data for name in DAYS},
    )


def _page(forms):
    return render_template("admin/payers.html", forms=forms)


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def home():
    """Every payer with its form, and a form for a new one (POST here adds one)."""
    new = _form(submitted=request.method == "POST")
    forms = [(p, _form(p)) for p in schemes.payers()] + [(None, new)]
    return submit_form(
        new,
        lambda: schemes.save_payer(current_user, None, _draft(new)),
        success=_("The payer is saved."),
        redirect_to=url_for("payers.home"),
        page=lambda: _page(forms),
        fallback="name",
    )


@bp.route("/<int:payer_id>", methods=["POST"])
@role_required(Role.ADMIN)
def change(payer_id: int):
    """Change one payer's rates and days."""
    payers = schemes.payers()
    if payer_id not in {p.id for p in payers}:
        abort(404)
    forms = [(p, _form(p, submitted=p.id == payer_id)) for p in payers] + [(None, _form())]
    form = next(f for p, f in forms if p is not None and p.id == payer_id)
    return submit_form(
        form,
        lambda: schemes.save_payer(current_user, payer_id, _draft(form)),
        success=_("The payer is saved."),
        redirect_to=url_for("payers.home"),
        page=lambda: _page(forms),
        fallback="name",
    )
