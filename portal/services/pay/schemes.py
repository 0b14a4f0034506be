"""Payers as data: whose rules an employer's assistants are paid by, and admins' changes."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import EmployerProfile, Municipality, Payer, PostalCode, Role, User
from portal.pay import PayScheme
from portal.services import audit
from portal.services.errors import DomainError, NotFoundError

MAX_RATE = Decimal("5")  # 500 %: anything above is a typing error, not a supplement


@dataclass(frozen=True)
class PayerDraft:
    """What an admin enters for a payer; rates as fractions (0.15 = 15 %)."""

    name: str
    municipality_code: str | None
    evening: Decimal
    night: Decimal
    saturday: Decimal
    sunday: Decimal
    split_day: int
    first_due_day: int
    second_due_day: int


def default_payer() -> Payer | None:
    """The payer used when an employer has none of their own and no municipal one."""
    return db.session.scalar(select(Payer).where(Payer.is_default.is_(True)))


def payer_for(profile: EmployerProfile | None) -> Payer | None:
    """The employer's payer: chosen one, else their municipality's, else the default."""
    if profile is None:
        return default_payer()
    if profile.payer_id is not None:
        return db.session.get(Payer, profile.payer_id)
    return automatic_payer(profile)


def automatic_payer(profile: EmployerProfile) -> Payer | None:
    """The payer an employer gets without choosing one (municipal, else default)."""
    if profile.postcode:
        municipal = db.session.scalar(
            select(Payer)
            .join(PostalCode, PostalCode.municipality_code == Payer.municipality_code)
            .where(PostalCode.code == profile.postcode)
        )
        if municipal is not None:
            return municipal
    return default_payer()


def own_profile(user: User) -> EmployerProfile:
    """The employer's own profile, or NotFoundError."""
    profile = db.session.get(EmployerProfile, user.id)
    if profile is None or user.role != Role.EMPLOYER:
        raise NotFoundError(_("No such profile."))
    return profile


def scheme_for(profile: EmployerProfile | None) -> PayScheme:
    """The pay scheme of an employer (the built-in default when no payer is stored)."""
    payer = payer_for(profile)
    return payer.scheme() if payer is not None else PayScheme()


def payers() -> list[Payer]:
    """Every payer, the default first, then by name."""
    return list(db.session.scalars(select(Payer).order_by(Payer.is_default.desc(), Payer.name)))


def municipality_names(locale: str) -> dict[str, str]:
    """Municipality code -> name, for the payer form."""
    rows = db.session.scalars(select(Municipality).order_by(Municipality.name_fi))
    return {m.code: m.name(locale) for m in rows}


def _checked(draft: PayerDraft) -> PayScheme:
    """The draft as a PayScheme, or a DomainError on the field that is wrong."""
    for name in ("evening", "night", "saturday", "sunday"):
        value = getattr(draft, name)
        if value < 0 or value > MAX_RATE:
            raise DomainError(_("Give a supplement between 0 and 500 %."), name)
    if not draft.name.strip():
        raise DomainError(_("Give the payer a name."), "name")
    try:
        return Payer(**draft.__dict__).scheme()
    except ValueError as error:
        if str(error).startswith("split_day"):
            raise DomainError(_("The first period must end by the 27th."), "split_day") from error
        raise DomainError(
            _("The first period's due day must come after the day the period ends."),
            "first_due_day",
        ) from error


def save_payer(actor: User, payer_id: int | None, draft: PayerDraft) -> Payer:
    """Create or change a payer's rates and due days (admins only; audited)."""
    if actor.role != Role.ADMIN:
        raise NotFoundError(_("No such payer."))
    _checked(draft)
    if draft.municipality_code and db.session.get(Municipality, draft.municipality_code) is None:
        raise DomainError(_("Choose a municipality from the list."), "municipality_code")
    found = Payer(is_default=False) if payer_id is None else db.session.get(Payer, payer_id)
    if found is None:
        raise NotFoundError(_("No such payer."))
    payer = found
    db.session.add(payer)
    before = {k: str(getattr(payer, k, None)) for k in draft.__dict__}
    for key, value in draft.__dict__.items():
        setattr(payer, key, value.strip() if isinstance(value, str) else value)
    payer.municipality_code = draft.municipality_code or None
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise DomainError(
            _("Another payer already has this name or municipality."), "name"
        ) from error
    audit.record(
        actor,
        "pay.payer_saved",
        obj=payer,
        before=before if payer_id else None,
        after={k: str(v) for k, v in draft.__dict__.items()},
    )
    return payer


def set_employer_pay(
    user: User,
    *,
    hourly_wage: Decimal | None,
    monthly_hours: Decimal | None,
    payer_id: int | None,
) -> EmployerProfile:
    """The employer's own pay settings: wage of their assistants, hours, payer."""
    profile = own_profile(user)
    if hourly_wage is not None and not Decimal("0") <= hourly_wage <= Decimal("200"):
        raise DomainError(_("Give an hourly wage between 0 and 200 euros."), "hourly_wage")
    if monthly_hours is not None and not Decimal("0") <= monthly_hours <= Decimal("744"):
        raise DomainError(_("Give the hours a month between 0 and 744."), "monthly_hours")
    if payer_id is not None and db.session.get(Payer, payer_id) is None:
        raise DomainError(_("Choose a payer from the list."), "payer")
    profile.hourly_wage = hourly_wage
    profile.monthly_hours = monthly_hours
    profile.payer_id = payer_id
    db.session.flush()
    return profile
