"""Admin jobs (DESIGN §2): coordinator accounts and the skill vocabulary."""

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Role, Skill, Status, User, utcnow
from portal.services import audit
from portal.services.accounts import find_user_by_email, hasher, normalise_email
from portal.services.errors import DomainError, NotFoundError


def staff_accounts() -> list[User]:
    """Coordinators and admins."""
    return list(
        db.session.scalars(
            select(User).where(User.role.in_(audit.STAFF_ROLES)).order_by(User.role, User.id)
        )
    )


def create_coordinator(
    admin: User, *, email: str, first_name: str, last_name: str, password: str, locale: str
) -> User:
    """Open an approved coordinator account."""
    if find_user_by_email(email):
        raise DomainError(_("An account with this email already exists."), "email")
    user = User(
        email=normalise_email(email),
        password_hash=hasher.hash(password),
        role=Role.COORDINATOR,
        status=Status.APPROVED,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        locale=locale,
        agreement_version="staff",
        agreement_accepted_at=utcnow(),
        decided_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(admin, "staff.coordinator_created", subject=user, obj=user)
    return user


def skills() -> list[Skill]:
    """The whole vocabulary, active or not."""
    return list(db.session.scalars(select(Skill).order_by(Skill.code)))


def add_skill(admin: User, *, code: str, name_fi: str, name_sv: str, name_en: str) -> Skill:
    """Add a term to the vocabulary."""
    code = code.strip().lower()
    if db.session.scalar(select(Skill).where(Skill.code == code)):
        raise DomainError(_("This code is already in use."), "code")
    skill = Skill(
        code=code,
        name_fi=name_fi.strip(),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        active=True,
    )
    db.session.add(skill)
    db.session.flush()
    audit.record(admin, "skills.added", obj=skill)
    return skill


def toggle_skill(admin: User, skill_id: int) -> Skill:
    """Retire a term (kept on old profiles) or bring it back."""
    skill = db.session.get(Skill, skill_id)
    if skill is None:
        raise NotFoundError(_("No such skill."))
    skill.active = not skill.active
    audit.record(admin, "skills.activated" if skill.active else "skills.retired", obj=skill)
    return skill
