"""Assistants' announcements and availability; employers' profiles, ring and exclusions."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    EmployerProfile,
    ExceptionKind,
    ExcludedAssistant,
    Offer,
    RingMember,
    Role,
    Shift,
    ShiftState,
    Skill,
    Status,
    User,
    utcnow,
)
from portal.services.board import search
from portal.services.errors import DomainError, NotFoundError
from portal.services.marketplace.places import resolve_place
from portal.services.matching import adapter as matching
from portal.services.staff import moderation

LANGUAGES = ("fi", "sv", "en", "se", "smn", "sms", "ru")


def assistant_profile(user: User) -> AssistantProfile:
    """The user's own announcement (created empty on first use)."""
    profile = db.session.get(AssistantProfile, user.id)
    if profile is None:
        if user.role != Role.ASSISTANT:
            raise NotFoundError(_("No such profile."))
        profile = AssistantProfile(user_id=user.id)
        db.session.add(profile)
        db.session.flush()
    return profile


def active_skills() -> list[Skill]:
    """The managed skill vocabulary, active terms only."""
    return list(db.session.scalars(select(Skill).where(Skill.active.is_(True)).order_by(Skill.id)))


def update_announcement(
    user: User,
    *,
    text: str,
    skill_codes: list[str],
    languages: list[str],
    place: str,
    max_travel_km: float,
    on_call: bool,
    visible: bool,
) -> AssistantProfile:
    """Save the job-search announcement; the place is resolved from the gazetteer."""
    profile = assistant_profile(user)
    postcode = resolve_place(place, "place")
    unknown = set(languages) - set(LANGUAGES)
    if unknown or not languages:
        raise DomainError(_("Choose at least one language you speak."), "languages")
    if not 0 <= max_travel_km <= 500:
        raise DomainError(_("Give a distance between 0 and 500 km."), "max_travel_km")
    skills = [s for s in active_skills() if s.code in set(skill_codes)]
    if text.strip() != (profile.announcement or "") or profile.moderation != "approved":
        profile.moderation = moderation.state_after_edit("announcement", profile.moderation)
    profile.announcement = text.strip()
    profile.skills = skills
    profile.languages = " ".join(code for code in LANGUAGES if code in languages)
    if profile.postcode != postcode.code:
        profile.pin_lat = profile.pin_lon = None  # a pin belongs to the old postal area
    profile.postcode = postcode.code
    profile.max_travel_km = float(max_travel_km)
    profile.on_call = on_call
    profile.visible = visible
    db.session.flush()
    return profile


def _window(user: User, window_id: int) -> AvailabilityWindow:
    window = db.session.get(AvailabilityWindow, window_id)
    if window is None or window.assistant_id != user.id:
        raise NotFoundError(_("No such availability window."))
    return window


def _end(end_min: int) -> int:
    """An end at 00:00 is midnight at the end of the day (a start equal to the end: 24 h)."""
    return 1440 if end_min == 0 else end_min


def add_window(user: User, weekday: int, start_min: int, end_min: int) -> AvailabilityWindow:
    """Add a weekly window; an end at or before the start runs over midnight."""
    profile = assistant_profile(user)
    window = AvailabilityWindow(weekday=weekday, start_min=start_min, end_min=_end(end_min))
    profile.windows.append(window)
    db.session.flush()
    return window


def add_windows(
    user: User, weekdays: list[int], start_min: int, end_min: int
) -> list[AvailabilityWindow]:
    """The same weekly window on several weekdays at once; a day that has it already is skipped."""
    if not weekdays:
        raise DomainError(_("Choose a weekday."), "weekdays")
    profile = assistant_profile(user)
    end = _end(end_min)
    have = {(w.weekday, w.start_min, w.end_min) for w in profile.windows}
    added = []
    for weekday in sorted(set(weekdays)):
        if (weekday, start_min, end) not in have:
            window = AvailabilityWindow(weekday=weekday, start_min=start_min, end_min=end)
            profile.windows.append(window)
            added.append(window)
    db.session.flush()
    return added


def change_window(
    user: User, window_id: int, weekday: int, start_min: int, end_min: int
) -> AvailabilityWindow:
    """Change one of the user's own weekly windows."""
    window = _window(user, window_id)
    window.weekday, window.start_min, window.end_min = weekday, start_min, _end(end_min)
    db.session.flush()
    return window


def remove_window(user: User, window_id: int) -> None:
    """Remove one of the user's own weekly windows."""
    db.session.delete(_window(user, window_id))
    db.session.flush()


def add_exception(
    user: User, day: date, kind: ExceptionKind, start_min: int, end_min: int, note: str
) -> AvailabilityException:
    """Add a dated exception: away (holiday, sick) or extra time available."""
    if end_min <= start_min:
        raise DomainError(_("On one day, the end time must be after the start time."), "end")
    profile = assistant_profile(user)
    exception = AvailabilityException(
        day=day, kind=kind, start_min=start_min, end_min=end_min, note=note.strip()
    )
    profile.exceptions.append(exception)
    db.session.flush()
    return exception


def remove_exception(user: User, exception_id: int) -> None:
    """Remove one of the user's own dated exceptions."""
    exception = db.session.get(AvailabilityException, exception_id)
    if exception is None or exception.assistant_id != user.id:
        raise NotFoundError(_("No such exception."))
    db.session.delete(exception)
    db.session.flush()


# -- employers ---------------------------------------------------------------------------


def employer_profile(user: User) -> EmployerProfile:
    """The user's own employer profile (created empty on first use)."""
    profile = db.session.get(EmployerProfile, user.id)
    if profile is None:
        if user.role != Role.EMPLOYER:
            raise NotFoundError(_("No such profile."))
        profile = EmployerProfile(user_id=user.id)
        db.session.add(profile)
        db.session.flush()
    return profile


def update_employer(
    user: User, *, place: str, street_address: str, **fields: Any
) -> EmployerProfile:
    """Save the employer profile; the street address is shown only to the confirmed."""
    profile = employer_profile(user)
    profile.postcode = resolve_place(place, "place").code
    profile.street_address = street_address.strip()
    for name in ("tasks", "aids", "briefing_card", "principal_name"):
        setattr(profile, name, (fields.get(name) or "").strip())
    profile.acts_for_principal = bool(fields.get("acts_for_principal"))
    profile.max_distance_km = fields.get("max_distance_km") or None
    db.session.flush()
    return profile


def _approved_assistant(assistant_id: int) -> User:
    user = db.session.get(User, assistant_id)
    if user is None or user.role != Role.ASSISTANT or user.status != Status.APPROVED:
        raise NotFoundError(_("No such assistant."))
    return user


def _known_to(employer: User, assistant: User) -> bool:
    """The employer met this assistant: worked for them, applied or was offered one of
    their shifts, finds them on the announcement board, or among a shift's candidates."""
    if assistant.id in matching.worked_before(employer.id):
        return True
    offered = select(Offer.id).join(Shift, Shift.id == Offer.shift_id)
    offered = offered.where(Shift.employer_id == employer.id, Offer.assistant_id == assistant.id)
    if db.session.scalar(offered.limit(1)) is not None:
        return True
    try:
        search.announcement(employer, assistant.id)  # the board shows them to this employer
        return True
    except DomainError:
        pass
    open_shifts = db.session.scalars(
        select(Shift).where(
            Shift.employer_id == employer.id,
            Shift.state == ShiftState.OPEN,
            Shift.starts_at > utcnow(),
        )
    )
    return any(matching.could_be_offered(assistant, shift) for shift in open_shifts)


def add_to_list(employer: User, assistant_id: int, *, excluded: bool) -> None:
    """Put an assistant in the ring, or in the excluded list (each removes the other)."""
    if not _known_to(employer, _approved_assistant(assistant_id)):
        raise NotFoundError(_("No such assistant."))
    profile = employer_profile(employer)
    model, other = (ExcludedAssistant, RingMember) if excluded else (RingMember, ExcludedAssistant)
    for row in db.session.scalars(
        select(other).where(
            other.employer_id == profile.user_id, other.assistant_id == assistant_id
        )
    ):
        db.session.delete(row)
    exists = db.session.scalar(
        select(model).where(
            model.employer_id == profile.user_id, model.assistant_id == assistant_id
        )
    )
    if exists is None:
        db.session.add(model(employer_id=profile.user_id, assistant_id=assistant_id))
    db.session.flush()


def remove_from_list(employer: User, assistant_id: int, *, excluded: bool) -> None:
    """Take an assistant off the ring or the excluded list."""
    model = ExcludedAssistant if excluded else RingMember
    row = db.session.scalar(
        select(model).where(model.employer_id == employer.id, model.assistant_id == assistant_id)
    )
    if row is None:
        raise NotFoundError(_("No such assistant."))
    db.session.delete(row)
    db.session.flush()


def listed_assistants(employer: User, *, excluded: bool) -> list[User]:
    """The assistants in the employer's ring (or excluded list), by name."""
    model = ExcludedAssistant if excluded else RingMember
    return list(
        db.session.scalars(
            select(User)
            .join(model, model.assistant_id == User.id)
            .where(model.employer_id == employer.id)
            .order_by(User.first_name, User.last_name)
        )
    )


def users_by_ids(ids: Iterable[int]) -> list[User]:
    """Users by id, ordered by first name (for the 'worked here before' list)."""
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.first_name)))


def employer_profile_of(employer_id: int) -> EmployerProfile | None:
    """An employer's profile, read only (None when the employer has none)."""
    return db.session.get(EmployerProfile, employer_id)
