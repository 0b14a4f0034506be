"""The relatives rule: every route to a booking asks, and only the decision lets one in.

An assistant declares whether they are the employer's or principal's spouse, partner,
child, parent, sibling or grandparent. A declared relation can be confirmed only when
the decision in force names that relative (same name, same relation).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Offer, PositionApplication, Relation, Role, Shift, User
from portal.services.errors import DomainError, NotFoundError
from portal.services.positions.planned import current_decision


def label(relation: str) -> str:
    """A stored relation code in words ('' when none)."""
    try:
        return Relation(relation).label
    except ValueError:
        return relation


def declaration(related: bool, relation: str | None) -> tuple[bool, str]:
    """Check a declaration from a form: a 'yes' must say which relation."""
    if not related:
        return False, ""
    try:
        return True, Relation(relation or "").value
    except ValueError:
        raise DomainError(_("Choose how you are related."), "relation") from None


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def approved(employer_id: int, assistant: User, relation: str, on: date) -> bool:
    """The decision in force names this assistant as this relative."""
    decision = current_decision(employer_id, on)
    if decision is None:
        return False
    return any(
        r.relation == relation and _same_name(r.name, assistant.full_name)
        for r in decision.relatives
    )


def require_approved(employer_id: int, assistant: User, relation: str, on: date) -> None:
    """Raise unless a declared relation is named in the decision in force."""
    if not approved(employer_id, assistant, relation, on):
        raise DomainError(
            _(
                "%(name)s declared being the employer's %(relation)s. A relative can be "
                "confirmed only when the decision on file names them.",
                name=assistant.display_name,
                relation=label(relation),
            )
        )


@dataclass(frozen=True)
class Declaration:
    """A declared relation, as the centre's staff see it."""

    assistant: User
    employer: User
    relation: str
    where: str
    at: datetime | None
    approved: bool


def declarations(staff: User) -> list[Declaration]:
    """Every declared relation to an employer (shifts and positions), newest first."""
    if staff.role not in (Role.COORDINATOR, Role.ADMIN):
        raise NotFoundError(_("No such page."))
    found = []
    offers = db.session.execute(
        select(Offer, Shift)
        .join(Shift, Shift.id == Offer.shift_id)
        .where(Offer.related_to_employer.is_(True))
    )
    for offer, shift in offers:
        found.append(
            (
                offer.assistant_id,
                shift.employer_id,
                offer.relation,
                shift.title,
                offer.answered_at or offer.created_at,
                shift.starts_at,
            )
        )
    applications = db.session.scalars(
        select(PositionApplication).where(PositionApplication.related_to_employer.is_(True))
    )
    for app in applications:
        position = app.position
        found.append(
            (
                app.assistant_id,
                position.employer_id,
                app.relation,
                position.title,
                app.created_at,
                app.created_at,
            )
        )
    users = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({a for a, *_ in found} | {e for _, e, *_ in found}))
        )
    }
    result = [
        Declaration(
            assistant=users[aid],
            employer=users[eid],
            relation=relation,
            where=title,
            at=at,
            approved=approved(eid, users[aid], relation, when.date()),
        )
        for aid, eid, relation, title, at, when in found
    ]
    return sorted(result, key=lambda d: d.at or datetime.min.replace(tzinfo=UTC), reverse=True)
