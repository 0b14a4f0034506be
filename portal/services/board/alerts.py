"""Saved searches and their alerts: new work for assistants, new assistants for employers.

Each kind of thing an alert can name is one function in SOURCES (shifts now; positions
plug in with one more entry). A run claims a search by a conditional UPDATE of its
`checked_at`, so two workers never alert twice, and AlertItem rows keep every item to
one alert per search.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.models import (
    AlertFrequency,
    AlertItem,
    AssistantProfile,
    MessagePrefs,
    ModerationState,
    PostalCode,
    Role,
    SavedSearch,
    SearchKind,
    Shift,
    ShiftState,
    Status,
    User,
    utcnow,
)
from portal.notify.dispatch import notify
from portal.notify.tokens import public_url
from portal.services.board import changed
from portal.services.board import search as announcements
from portal.services.errors import DomainError, NotFoundError
from portal.services.matching.alert_fit import shifts_fitting
from portal.services.matching.announcements import rank_announcements
from portal.services.matching.positions import positions_for_assistant
from portal.timeutil import to_local

MAX_SEARCHES = 10
MAX_LISTED = 10  # items named in one alert; the rest are "and N more"


@dataclass(frozen=True)
class Hit:
    """One new thing a saved search found."""

    source: str
    item_id: int
    title: str
    path: str


# -- saved searches ---------------------------------------------------------------------


def kind_for(user: User) -> SearchKind:
    """What this user's saved searches look for."""
    if user.role == Role.ASSISTANT:
        return SearchKind.WORK
    if user.role == Role.EMPLOYER:
        return SearchKind.ASSISTANTS
    raise DomainError(_("Only assistants and employers can save searches."))


def my_searches(user: User) -> list[SavedSearch]:
    """The user's saved searches, oldest first."""
    return list(
        db.session.scalars(
            select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id)
        )
    )


def save(user: User, name: str, criteria: dict[str, Any]) -> SavedSearch:
    """Save a search (empty criteria: for an assistant, what fits my announcement)."""
    kind = kind_for(user)
    if not user.is_approved:
        raise DomainError(_("You can save searches once the HAVU centre has approved you."))
    if len(my_searches(user)) >= MAX_SEARCHES:
        raise DomainError(_("You can keep at most %(num)d saved searches.", num=MAX_SEARCHES))
    if kind == SearchKind.ASSISTANTS:
        announcements.build_query(user, criteria)  # refuses a place we cannot find
    search = SavedSearch(
        user_id=user.id,
        kind=kind,
        name=(name or "").strip()[:120] or _("What fits my announcement"),
        criteria=json.dumps(criteria, ensure_ascii=False, sort_keys=True),
        created_at=utcnow(),
        checked_at=utcnow(),
    )
    db.session.add(search)
    db.session.flush()
    return search


def _own(user: User, search_id: int) -> SavedSearch:
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:
        raise NotFoundError(_("No such saved search."))
    return search


def delete(user: User, search_id: int) -> None:
    """Delete one of the user's saved searches."""
    db.session.delete(_own(user, search_id))
    db.session.flush()


def criteria_of(search: SavedSearch) -> dict[str, Any]:
    """The stored search form fields."""
    criteria: dict[str, Any] = json.loads(search.criteria or "{}")
    return criteria


# -- one-click stop ---------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="alert-stop")


def stop_token(search_id: int) -> str:
    """A signed token that stops one saved search's alerts without signing in."""
    return _serializer().dumps(search_id)


def search_for_token(token: str) -> SavedSearch:
    """The saved search a stop link names, or NotFoundError."""
    try:
        search_id = _serializer().loads(token)
    except BadSignature:
        search_id = None
    search = db.session.get(SavedSearch, search_id) if isinstance(search_id, int) else None
    if search is None:
        raise NotFoundError(_("This link is not valid."))
    return search


def stop(token: str) -> SavedSearch:
    """Stop the alerts of the saved search a link names (idempotent)."""
    search = search_for_token(token)
    search.active = False
    db.session.flush()
    return search


# -- sources ----------------------------------------------------------------------------


def _new_shifts(search: SavedSearch, since: datetime, now: datetime) -> list[Hit]:
    """Open shifts posted since `since` that the assistant could take."""
    criteria = criteria_of(search)
    query = (
        select(Shift)
        .join(User, User.id == Shift.employer_id)
        .where(
            Shift.created_at > since,
            Shift.created_at <= now,
            Shift.state == ShiftState.OPEN,
            Shift.starts_at > now,
            Shift.moderation == ModerationState.APPROVED,
            User.status == Status.APPROVED,
        )
    )
    if criteria.get("municipality"):
        query = query.join(PostalCode, PostalCode.code == Shift.postcode).where(
            PostalCode.municipality_code == criteria["municipality"]
        )
    if criteria.get("kind"):
        query = query.where(Shift.kind == criteria["kind"])
    words = (criteria.get("text") or "").casefold().split()
    shifts = [
        s
        for s in db.session.scalars(query.order_by(Shift.id).limit(500))
        if all(w in f"{s.title} {s.description}".casefold() for w in words)
    ]
    return [
        Hit("shift", s.id, f"{s.title}, {to_local(s.starts_at):%d.%m. %H:%M}", f"/vuorot/{s.id}")
        for s in shifts_fitting(search.user, shifts)
    ]


def _new_assistants(search: SavedSearch, since: datetime, now: datetime) -> list[Hit]:
    """Announcements published or changed since `since` that match the employer's search."""
    fresh = set(
        db.session.scalars(
            select(AssistantProfile.user_id)
            .join(User, User.id == AssistantProfile.user_id)
            .where(or_(AssistantProfile.updated_at > since, User.decided_at > since))
        )
    )
    if not fresh:
        return []
    query = announcements.build_query(search.user, criteria_of(search))
    ranked = rank_announcements(search.user, query, announcements.unmoderated_texts())
    ids = [f.candidate.id for f in ranked if f.candidate.id in fresh]
    return [
        Hit("assistant", card.assistant_id, card.display_name, f"/ilmoitukset/{card.assistant_id}")
        for card in announcements.cards_for(ids)
    ]


def _new_positions(search: SavedSearch, since: datetime, now: datetime) -> list[Hit]:
    """Open positions posted since `since` that the assistant is eligible for."""
    words = (criteria_of(search).get("text") or "").casefold().split()
    return [
        Hit("position", r.position.id, r.position.title, f"/tehtavat/{r.position.id}")
        for r in positions_for_assistant(search.user)
        if since < r.position.created_at <= now
        and all(w in f"{r.position.title} {r.position.tasks}".casefold() for w in words)
    ]


# kind -> sources: each kind of thing an alert can name is one function.
SOURCES: dict[SearchKind, list[Callable[[SavedSearch, datetime, datetime], list[Hit]]]] = {
    SearchKind.WORK: [_new_shifts, _new_positions],
    SearchKind.ASSISTANTS: [_new_assistants],
}


# -- runs -------------------------------------------------------------------------------


def frequency_of(user_id: int) -> AlertFrequency:
    """The user's alert frequency (daily when never set)."""
    prefs = db.session.get(MessagePrefs, user_id)
    return AlertFrequency(prefs.alert_frequency) if prefs else AlertFrequency.DAILY


def due_searches(frequency: AlertFrequency) -> list[int]:
    """Ids of active searches of approved users who chose this frequency (one query)."""
    chosen = func.coalesce(MessagePrefs.alert_frequency, AlertFrequency.DAILY.value)
    return list(
        db.session.scalars(
            select(SavedSearch.id)
            .join(User, User.id == SavedSearch.user_id)
            .outerjoin(MessagePrefs, MessagePrefs.user_id == SavedSearch.user_id)
            .where(
                SavedSearch.active.is_(True),
                User.status == Status.APPROVED,
                User.erased_at.is_(None),
                chosen == frequency.value,
            )
            .order_by(SavedSearch.id)
        )
    )


def run_search(search_id: int, now: datetime) -> int:
    """Claim one search, find what is new, alert once; returns how many items were sent."""
    search = db.session.get(SavedSearch, search_id)
    if search is None or not search.active:
        return 0
    since = search.checked_at
    claimed = db.session.execute(
        update(SavedSearch)
        .where(SavedSearch.id == search.id, SavedSearch.checked_at == since)
        .values(checked_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed(claimed) != 1:
        return 0  # another worker has it
    sent = set(
        db.session.execute(
            select(AlertItem.source, AlertItem.item_id).where(AlertItem.search_id == search.id)
        ).all()
    )
    hits = [
        hit
        for source in SOURCES[search.kind]
        for hit in source(search, since, now)
        if (hit.source, hit.item_id) not in sent
    ]
    for hit in hits:
        db.session.add(
            AlertItem(search_id=search.id, source=hit.source, item_id=hit.item_id, sent_at=now)
        )
    if hits:
        _send(search, hits, now)
    db.session.flush()
    return len(hits)


def _send(search: SavedSearch, hits: list[Hit], now: datetime) -> None:
    user = search.user
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    with force_locale(user.locale or "fi"):
        if search.kind == SearchKind.WORK:
            subject = ngettext("%(num)d new shift for you", "%(num)d new shifts for you", len(hits))
        else:
            subject = ngettext(
                "%(num)d new assistant for your search",
                "%(num)d new assistants for your search",
                len(hits),
            )
        lines = [f"{hit.title}: {base}{hit.path}" for hit in hits[:MAX_LISTED]]
        if len(hits) > MAX_LISTED:
            lines.append(_("and %(num)d more", num=len(hits) - MAX_LISTED))
        stop_link = public_url("board.stop_alert", token=stop_token(search.id))
        lines += ["", _("Stop this alert: %(link)s", link=stop_link)]
        body = _("Saved search: %(name)s", name=search.name) + "\n\n" + "\n".join(lines)
    notify(user, "board.alert", str(subject), body, now, url="/haut", hold_in_quiet_hours=True)


def run_alerts(frequency: AlertFrequency, now: datetime | None = None) -> int:
    """Run every due search of this frequency; returns how many items were alerted."""
    now = now or utcnow()
    total = 0
    for search_id in due_searches(frequency):
        total += run_search(search_id, now)
    return total
