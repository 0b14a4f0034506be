"""The texts of urgent-offer messages, each in its recipient's language."""

from datetime import datetime

from flask_babel import force_locale

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Offer, OfferRound, Shift, User
from portal.notify import dispatch
from portal.notify.tokens import answer_token, public_url
from portal.timeutil import to_local
from recommender import WavePlan


def _when(shift: Shift) -> str:
    start, end = to_local(shift.starts_at), to_local(shift.ends_at)
    return f"{start:%d.%m. %H:%M}–{end:%H:%M}"


def _place(shift: Shift, locale: str) -> str:
    return shift.place.municipality.name(locale) if shift.place else shift.postcode


def offer_made(offer: Offer, now: datetime) -> None:
    """The offer itself: web link, one-click yes/no links and the SMS reply code."""
    user, shift = offer.assistant, offer.shift
    with force_locale(user.locale or "fi"):
        when, place = _when(shift), _place(shift, user.locale)
        subject = _("Urgent substitute needed %(when)s, %(place)s", when=when, place=place)
        yes = public_url("offers.by_link", token=answer_token(offer.id, "yes"))
        no = public_url("offers.by_link", token=answer_token(offer.id, "no"))
        body = "\n".join(
            [
                _(
                    "%(title)s, %(when)s in %(place)s, about %(km)s km from you.",
                    title=shift.title,
                    when=when,
                    place=place,
                    km=f"{offer.distance_km:.0f}",
                )
                if (offer.distance_km or 0) >= 1
                else _(
                    "%(title)s, %(when)s in %(place)s, under 1 km from you.",
                    title=shift.title,
                    when=when,
                    place=place,
                ),
                "",
                _("Yes, I can come: %(link)s", link=yes),
                _("No, I cannot: %(link)s", link=no),
                _("Or reply by SMS: K %(code)s (yes) or E %(code)s (no).", code=offer.sms_code),
                _(
                    "A yes by SMS declares that you are not a relative of the employer or the "
                    "principal; a relative answers with the link or in Avustajatori."
                ),
            ]
        )
        sms = _(
            "Substitute %(when)s %(place)s. Reply K %(code)s yes (not a relative), E %(code)s no.",
            when=when,
            place=place,
            code=offer.sms_code,
        )
        url = public_url("offers.my_offers")
    dispatch.notify(
        user,
        "offer",
        subject,
        body,
        now,
        url=url,
        sms_text=sms,
        offer_id=offer.id,
        starts_at=shift.starts_at,
    )


def _simple(
    user: User,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
    url: str = "",
    sms: str = "",
    offer: Offer | None = None,
) -> None:
    dispatch.notify(
        user, kind, subject, body, now, url=url, sms_text=sms, offer_id=offer.id if offer else None
    )


def already_filled(offer: Offer, now: datetime) -> None:
    """A late yes: thank them kindly, the shift was filled already."""
    user = offer.assistant
    with force_locale(user.locale or "fi"):
        text = _(
            "Thank you for answering! The shift %(when)s was already filled this time.",
            when=_when(offer.shift),
        )
        _simple(user, "offer_filled", _("Shift already filled"), text, now, sms=text)


def filled_elsewhere(offer: Offer, now: datetime) -> None:
    """Everyone else offered: the shift is filled, no need to answer."""
    user = offer.assistant
    with force_locale(user.locale or "fi"):
        text = _(
            "The shift %(when)s has been filled. No need to answer, thank you.",
            when=_when(offer.shift),
        )
        _simple(user, "offer_filled", _("Shift filled"), text, now)


def confirmed(offer: Offer, now: datetime) -> None:
    """The confirmed assistant hears it, and so does the employer."""
    _tell_confirmed(offer.assistant, offer.shift, now, offer)


def placed_by_coordinator(assistant_id: int, shift: Shift, now: datetime) -> None:
    """A coordinator placed someone who had no offer: they and the employer hear it."""
    _tell_confirmed(db.session.get_one(User, assistant_id), shift, now, None)


def _tell_confirmed(user: User, shift: Shift, now: datetime, offer: Offer | None) -> None:
    with force_locale(user.locale or "fi"):
        text = _(
            "You are confirmed for %(title)s %(when)s in %(place)s.",
            title=shift.title,
            when=_when(shift),
            place=_place(shift, user.locale),
        )
        _simple(
            user,
            "offer_confirmed",
            _("Shift confirmed"),
            text,
            now,
            url=public_url("offers.my_offers"),
            sms=text,
            offer=offer,
        )
    employer = shift.employer
    with force_locale(employer.locale or "fi"):
        text = _(
            "%(name)s is confirmed for your shift %(when)s.",
            name=user.display_name,
            when=_when(shift),
        )
        _simple(
            employer,
            "round_filled",
            _("Substitute confirmed"),
            text,
            now,
            url=public_url("offers.round_page", shift_id=shift.id),
        )


def yes_received(offer: Offer, now: datetime) -> None:
    """The employer hears of a yes and can pick from the ranked yeses."""
    employer, shift = offer.shift.employer, offer.shift
    with force_locale(employer.locale or "fi"):
        text = _(
            "%(name)s can come to your shift %(when)s. Pick a substitute: %(link)s",
            name=offer.assistant.display_name,
            when=_when(shift),
            link=public_url("offers.round_page", shift_id=shift.id),
        )
        _simple(
            employer,
            "round_yes",
            _("A substitute said yes"),
            text,
            now,
            url=public_url("offers.round_page", shift_id=shift.id),
        )


def assistant_cancelled(offer: Offer, now: datetime) -> None:
    """The employer hears that the confirmed assistant cancelled and the round re-opened."""
    employer, shift = offer.shift.employer, offer.shift
    with force_locale(employer.locale or "fi"):
        text = _(
            "%(name)s cancelled the shift %(when)s. We are looking for a new substitute.",
            name=offer.assistant.display_name,
            when=_when(shift),
        )
        _simple(
            employer,
            "round_reopened",
            _("Substitute cancelled"),
            text,
            now,
            url=public_url("offers.round_page", shift_id=shift.id),
        )


def coordinators_alerted(
    coordinator: User, offer_round: OfferRound, now: datetime, plan: WavePlan | None = None
) -> None:
    """Nobody found in any tier, nobody likely, or the last wave short of its target (`plan`).

    A coordinator should step in; the text says which of the three it is.
    """
    shift = db.session.get_one(Shift, offer_round.shift_id)
    with force_locale(coordinator.locale or "fi"):
        text = _(
            "No substitute found for %(title)s %(when)s in %(place)s. Please step in.",
            title=shift.title,
            when=_when(shift),
            place=_place(shift, coordinator.locale),
        )
        if plan is not None and plan.hopeless and plan.reason == "low_total_chance":
            text += " " + _(
                "Unlikely to be filled in time: even if everyone eligible were asked now, "
                "the chance of a yes before the start is about %(percent)s %%.",
                percent=round(100 * plan.total_chance),
            )
        elif plan is not None and plan.hopeless:
            text += " " + _("Nobody eligible is left to ask.")
        elif plan is not None:  # the round's last wave just went out, short of its target
            text += " " + _(
                "The last eligible people have just been asked; the chance of a yes from "
                "them before the start is about %(percent)s %%. Their answers still count.",
                percent=round(100 * plan.chance),
            )
        _simple(
            coordinator,
            "round_unfilled",
            _("Urgent shift unfilled"),
            text,
            now,
            url=public_url("offers.round_page", shift_id=shift.id),
        )
