"""Finding a postal code from what a person types: a postcode, municipality or village."""

import re

from sqlalchemy import func, or_, select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Municipality, PostalCode, VillageAlias
from portal.services.errors import DomainError

_CODE = re.compile(r"^\s*(\d{5})\b")


def resolve_place(text: str, field: str = "place") -> PostalCode:
    """The postal code meant by '95400', '95400 Tornio', 'Tornio', 'Torneå' or 'Karunki'."""
    typed = (text or "").strip()
    found = None
    if match := _CODE.match(typed):
        found = db.session.get(PostalCode, match.group(1))
    elif typed:
        name = typed.casefold()
        alias = db.session.scalar(select(VillageAlias).where(func.lower(VillageAlias.name) == name))
        if alias is not None:
            found = db.session.get(PostalCode, alias.postcode)
        if found is None:
            found = db.session.scalar(
                select(PostalCode)
                .where(func.lower(PostalCode.place_name) == name)
                .order_by(PostalCode.code)
                .limit(1)
            )
        if found is None:
            municipality = db.session.scalar(
                select(Municipality).where(
                    or_(
                        func.lower(Municipality.name_fi) == name,
                        func.lower(Municipality.name_sv) == name,
                        func.lower(Municipality.name_en) == name,
                    )
                )
            )
            if municipality is not None:
                found = db.session.scalar(
                    select(PostalCode)
                    .where(PostalCode.municipality_code == municipality.code)
                    .order_by(PostalCode.code)
                    .limit(1)
                )
    if found is None:
        raise DomainError(
            _(
                "We could not find “%(text)s”. Type a postal code (for example 95400) or the "
                "name of a municipality or village (for example Tornio or Karunki).",
                text=typed[:60],
            ),
            field,
        )
    return found


def municipality_choices(locale: str, region: str = "") -> list[tuple[str, str]]:
    """(code, name) of municipalities with postal codes, by name; only the region's if given."""
    query = select(Municipality).where(
        Municipality.code.in_(select(PostalCode.municipality_code).distinct())
    )
    if region:
        query = query.where(Municipality.region_fi == region)
    rows = db.session.scalars(query)
    return sorted(((m.code, m.name(locale)) for m in rows), key=lambda pair: pair[1])


def region_name(region_fi: str, locale: str) -> str:
    """A region (maakunta) named in the page's language: "Lappi" is "Lappland" in Swedish."""
    if locale != "sv":
        return region_fi
    name = db.session.scalar(
        select(Municipality.region_sv).where(Municipality.region_fi == region_fi).limit(1)
    )
    return name or region_fi
