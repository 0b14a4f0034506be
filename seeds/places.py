"""Load the bundled gazetteer (municipalities, postal codes, village aliases)."""

import csv
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality, PostalCode, VillageAlias

DATA = Path(__file__).parent / "data"

# Villages around Tornio and in the far north with no postal name of their own.
VILLAGE_ALIASES = {
    "Karunki": "95520",
    "Arpela": "95530",
    "Kaakamo": "95500",
    "Kukkola": "95590",
    "Kivirannan kylä": "95560",
    "Vojakkala": "95490",
}


def load_places() -> int:
    """Insert municipalities, postal codes and aliases that are missing; returns rows added."""
    added = 0
    known = set(db.session.scalars(select(Municipality.code)))
    with open(DATA / "fi_municipalities_2026.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kunta"] in known:
                continue
            db.session.add(
                Municipality(
                    code=row["kunta"],
                    name_fi=row["municipality_name_fi"],
                    name_sv=row["municipality_name_sv"],
                    name_en=row["municipality_name_en"],
                    region_fi=row["maakunta_name_fi"],
                    region_sv=row["maakunta_name_sv"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
            )
            added += 1
    db.session.flush()
    known_codes = set(db.session.scalars(select(PostalCode.code)))
    with open(DATA / "fi_postcodes_geonames_2024.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["postcode"] in known_codes:
                continue
            db.session.add(
                PostalCode(
                    code=row["postcode"],
                    place_name=row["place_name"],
                    municipality_code=row["kunta"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    accuracy=int(row["geonames_accuracy"] or 0),
                )
            )
            known_codes.add(row["postcode"])
            added += 1
    db.session.flush()
    known_aliases = set(db.session.scalars(select(VillageAlias.name)))
    for name, postcode in VILLAGE_ALIASES.items():
        if name not in known_aliases:
            db.session.add(VillageAlias(name=name, postcode=postcode))
            added += 1
    db.session.flush()
    return added
