"""Searching assistants' announcements and showing one: only what the assistant published."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    ModerationState,
    Municipality,
    PostalCode,
    Role,
    Skill,
    Status,
    User,
)
from portal.models.profiles import assistant_skills
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError
from portal.services.marketplace.places import resolve_place
from portal.services.matching import adapter
from portal.services.matching.announcements import (
    AnnouncementQuery,
    FoundAssistant,
    employer_place,
    rank_announcements,
)
from portal.services.matching.candidate_rows import load_candidates

PER_PAGE = 20


@dataclass(frozen=True)
class Card:
    """What a result or an announcement page shows: never contact details."""

    assistant_id: int
    display_name: str
    municipality: Municipality | None
    skills: tuple[Skill, ...]
    languages: tuple[str, ...]
    text: str
    found: FoundAssistant | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of ranked announcements."""

    cards: list[Card]
    total: int
    page: int
    pages: int


def build_query(viewer: User, criteria: dict[str, Any]) -> AnnouncementQuery:
    """The search form's cleaned fields as a query; the place defaults to the employer's."""
    typed = (criteria.get("place") or "").strip()
    place: PostalCode | None = None
    if typed:
        place = resolve_place(typed, "place")
    elif viewer.role == Role.EMPLOYER:
        place = employer_place(viewer)
    if place is None:
        raise DomainError(_("Enter a postal code or a municipality."), "place")
    start, end = criteria.get("start_min"), criteria.get("end_min")
    if (start is None) != (end is None):
        raise DomainError(_("Give both the start and the end time, or neither."), "end")
    if start is not None and start == end:
        raise DomainError(_("The end time must differ from the start time."), "end")
    km = criteria.get("road_km")
    return AnnouncementQuery(
        place=place,
        road_km=float(km) if km else None,
        skills=frozenset(criteria.get("skills") or ()),
        languages=frozenset(criteria.get("languages") or ()),
        weekdays=tuple(sorted({int(d) for d in criteria.get("weekdays") or ()})),
        start_min=start,
        end_min=end,
        on_call=bool(criteria.get("on_call")),
        text=(criteria.get("text") or "").strip()[:200],
    )


def _require_searcher(viewer: User) -> None:
    if viewer.role not in (Role.EMPLOYER, Role.COORDINATOR, Role.ADMIN) or not viewer.is_approved:
        raise DomainError(_("Only approved employers and coordinators can search assistants."))


def cards_for(ids: list[int], found: dict[int, FoundAssistant] | None = None) -> list[Card]:
    """Cards for these assistants in this order: three queries, whatever the page size."""
    if not ids:
        return []
    rows = db.session.execute(
        select(User, AssistantProfile, Municipality)
        .join(AssistantProfile, AssistantProfile.user_id == User.id)
        .outerjoin(PostalCode, PostalCode.code == AssistantProfile.postcode)
        .outerjoin(Municipality, Municipality.code == PostalCode.municipality_code)
        .where(User.id.in_(ids))
    ).all()
    skills: dict[int, list[Skill]] = {i: [] for i in ids}
    for assistant_id, skill in db.session.execute(
        select(assistant_skills.c.assistant_id, Skill)
        .join(Skill, Skill.id == assistant_skills.c.skill_id)
        .where(assistant_skills.c.assistant_id.in_(ids))
        .order_by(Skill.code)
    ):
        skills[assistant_id].append(skill)
    by_id = {
        user.id: Card(
            assistant_id=user.id,
            display_name=user.display_name,
            municipality=municipality,
            skills=tuple(skills[user.id]),
            languages=tuple(profile.language_codes),
            text=profile.announcement if profile.moderation == ModerationState.APPROVED else "",
            found=(found or {}).get(user.id),
        )
        for user, profile, municipality in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def unmoderated_texts() -> frozenset[int]:
    """Assistants whose announcement text waits for pre-moderation (not searchable)."""
    return frozenset(
        db.session.scalars(
            select(AssistantProfile.user_id).where(
                AssistantProfile.moderation == ModerationState.PENDING
            )
        )
    )


def search(viewer: User, query: AnnouncementQuery, page: int = 1) -> SearchPage:
    """One page of announcements ranked by the recommender; only that page is read."""
    _require_searcher(viewer)
    ranked = rank_announcements(viewer, query, unmoderated_texts() if query.text else frozenset())
    pages = max(1, -(-len(ranked) // PER_PAGE))
    page = min(max(page, 1), pages)
    shown = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    cards = cards_for([f.candidate.id for f in shown], {f.candidate.id: f for f in shown})
    return SearchPage(cards=cards, total=len(ranked), page=page, pages=pages)


@dataclass(frozen=True)
class Announcement:
    """An announcement page: the card, weekly availability and track record."""

    card: Card
    windows: list[AvailabilityWindow]
    rating_average: float | None
    rating_count: int
    completed: int


def announcement(viewer: User, assistant_id: int) -> Announcement:
    """One published announcement, for an approved employer or staff (audited, not committed)."""
    _require_searcher(viewer)
    profile = db.session.get(AssistantProfile, assistant_id)
    hidden = (
        profile is None
        or profile.user.status != Status.APPROVED
        or not profile.visible
        or profile.moderation == ModerationState.REMOVED
        or (viewer.role == Role.EMPLOYER and assistant_id in adapter.blocked_with(viewer.id))
    )
    if hidden or profile is None:
        raise NotFoundError(_("No such announcement."))
    if viewer.role in audit.STAFF_ROLES:  # staff reads of personal data are audited (§7)
        audit.record(viewer, "announcement.view", subject=profile.user, purpose="placement")
    found = load_candidates([assistant_id])
    rating_sum, count, completed = (
        (found[0].rating_sum, found[0].rating_count, found[0].completed) if found else (0.0, 0, 0)
    )
    return Announcement(
        card=cards_for([assistant_id])[0],
        windows=list(profile.windows),
        rating_average=rating_sum / count if count else None,
        rating_count=count,
        completed=completed,
    )
