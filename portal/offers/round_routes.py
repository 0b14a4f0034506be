"""The employer's round page (tier, who was asked, ranked yeses) and staff placement."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.access import role_required
from portal.extensions import db
from portal.forms import submit_action
from portal.i18n import gettext as _
from portal.models import OfferState, Role, utcnow
from portal.offers.blueprint import bp
from portal.offers.forms import ActionForm, PlaceForm
from portal.services.errors import DomainError
from portal.services.matching import adapter as matching
from portal.services.positions import relatives
from portal.services.positions.warnings import WarningsPending
from portal.services.urgent import answers, rounds
from portal.warnings_page import acknowledged, warnings_page

ROUND_ROLES = (Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN)


def _page(shift_id: int, place_form: PlaceForm | None = None, status: int = 200):
    offer_round = rounds.owned_round(current_user, shift_id)
    offers = rounds.offers_of_round(offer_round)
    yeses = sorted(
        (o for o in offers if o.state == OfferState.ACCEPTED), key=lambda o: -(o.score or 0)
    )
    if place_form is None and current_user.role != Role.EMPLOYER:
        place_form = PlaceForm()
    if place_form is not None:
        place_form.assistant_id.choices = [
            SelectChoice(r.assistant.id, f"{r.assistant.display_name} ({r.road_km:.0f} km)")
            for r in matching.rank_for_shift(offer_round.shift, 30)
        ]
    return render_template(
        "offers/round.html",
        offer_round=offer_round,
        shift=offer_round.shift,
        offers=offers,
        yeses=yeses,
        form=ActionForm(),
        place_form=place_form,
    ), status


@bp.route("/vuorot/<int:shift_id>/haku")
@role_required(*ROUND_ROLES, approved=True)
def round_page(shift_id: int):
    """Tier, who was asked, their answers, ranked yeses with pick buttons, stop/restart."""
    return _page(shift_id)


@bp.route("/vuorot/<int:shift_id>/haku/valitse/<int:offer_id>", methods=["POST"])
@role_required(Role.EMPLOYER, approved=True)
def pick(shift_id: int, offer_id: int):
    """The employer confirms one of the yeses."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        answers.pick(current_user, offer_id, utcnow(), acknowledged=acknowledged())
    except WarningsPending as error:
        db.session.rollback()
        back = url_for("offers.round_page", shift_id=shift_id)
        return warnings_page(
            error, url_for("offers.pick", shift_id=shift_id, offer_id=offer_id), back
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("offers.round_page", shift_id=shift_id)), 303
    db.session.commit()
    flash(_("Substitute confirmed. The others have been told."), "success")
    return redirect(url_for("offers.round_page", shift_id=shift_id))


@bp.route("/vuorot/<int:shift_id>/haku/pysayta", methods=["POST"])
@role_required(*ROUND_ROLES, approved=True)
def stop(shift_id: int):
    """Stop sending new offers."""
    return submit_action(
        lambda: rounds.stop(current_user, shift_id, utcnow()),
        success=_("The search was stopped."),
        redirect_to=url_for("offers.round_page", shift_id=shift_id),
    )


@bp.route("/vuorot/<int:shift_id>/haku/uudelleen", methods=["POST"])
@role_required(*ROUND_ROLES, approved=True)
def restart(shift_id: int):
    """Start the search again from tier 1."""
    return submit_action(
        lambda: rounds.restart(current_user, shift_id, utcnow()),
        success=_("The search was started again."),
        redirect_to=url_for("offers.round_page", shift_id=shift_id),
    )


@bp.route("/vuorot/<int:shift_id>/haku/sijoita", methods=["POST"])
@role_required(Role.COORDINATOR, Role.ADMIN, approved=True)
def place(shift_id: int):
    """A coordinator places an assistant by hand (audited)."""
    offer_round = rounds.owned_round(current_user, shift_id)
    form = PlaceForm()
    _page_choices = [r.assistant.id for r in matching.rank_for_shift(offer_round.shift, 30)]
    form.assistant_id.choices = [SelectChoice(i, str(i)) for i in _page_choices]
    if not form.validate_on_submit():
        return _page(shift_id, form, 400)
    try:
        declared = relatives.declaration(form.related.data, form.relation.data)
        answers.place_by_hand(
            current_user,
            offer_round.shift,
            form.assistant_id.data,
            utcnow(),
            declared=declared,
            acknowledged=form.acknowledge.data,
        )
    except WarningsPending as error:
        db.session.rollback()
        form.acknowledge.errors = [w.message for w in error.warnings]
        return _page(shift_id, form, error.status_code)
    except DomainError as error:
        db.session.rollback()
        form.assistant_id.errors = [error.message]
        return _page(shift_id, form, error.status_code)
    db.session.commit()
    flash(_("The assistant was placed on the shift."), "success")
    return redirect(url_for("offers.round_page", shift_id=shift_id))
