"""A match's reasons in words: "18 km, covers the whole shift, worked for this employer before"."""

from portal.i18n import gettext as _
from portal.i18n import ngettext, one_decimal
from portal.services.matching.adapter import RankedCandidate, RankedShift
from recommender import Candidate
from recommender.features import bayesian_rating

SIGNAL_FLOOR = 0.02  # contributions below this are not worth a word


def reasons_in_words(ranked: RankedCandidate | RankedShift) -> list[str]:
    """The reasons of a RankedCandidate or RankedShift, most telling first."""
    match, candidate = ranked.match, ranked.candidate
    near = ranked.road_km < 1
    words = [_("under 1 km") if near else _("%(km)s km", km=round(ranked.road_km))]
    if match.coverage >= 0.999:
        words.append(_("covers the whole shift"))
    else:
        words.append(_("covers %(percent)s%% of the shift", percent=round(match.coverage * 100)))
    if ranked.worked_before:
        words.append(_("worked for this employer before"))
    elif ranked.in_ring:
        words.append(_("in the employer's substitute ring"))
    if candidate.rating_count:
        average = float(bayesian_rating(candidate.rating_sum, candidate.rating_count, 4.0, 5.0))
        words.append(
            ngettext(
                "rated %(average)s (%(num)d rating)",
                "rated %(average)s (%(num)d ratings)",
                candidate.rating_count,
                average=one_decimal(average),
            )
        )
    if candidate.cancelled_late:
        words.append(
            ngettext(
                "%(num)d late cancellation or no-show",
                "%(num)d late cancellations or no-shows",
                candidate.cancelled_late,
            )
        )
    elif candidate.completed:
        words.append(
            ngettext(
                "%(num)d shift done, none cancelled late",
                "%(num)d shifts done, none cancelled late",
                candidate.completed,
            )
        )
    if match.reasons.get("skills", 0) > SIGNAL_FLOOR:
        words.append(_("has preferred skills"))
    if match.reasons.get("on_call", 0) > 0:
        words.append(_("on call for urgent shifts"))
    if match.reasons.get("text", 0) > SIGNAL_FLOOR:
        words.append(_("announcement matches the shift"))
    return words


def reliability_label(candidate: Candidate) -> str:
    """Reliability in words for the candidates table."""
    if candidate.cancelled_late:
        return ngettext(
            "%(num)d late cancellation or no-show",
            "%(num)d late cancellations or no-shows",
            candidate.cancelled_late,
        )
    if candidate.completed:
        return ngettext(
            "%(num)d shift, no problems", "%(num)d shifts, no problems", candidate.completed
        )
    return _("no shifts yet")


def rating_label(candidate: Candidate) -> str:
    """Rating in words for the candidates table."""
    if not candidate.rating_count:
        return _("not rated yet")
    average = candidate.rating_sum / candidate.rating_count
    return ngettext(
        "%(average)s / 5 (%(num)d rating)",
        "%(average)s / 5 (%(num)d ratings)",
        candidate.rating_count,
        average=one_decimal(average),
    )
