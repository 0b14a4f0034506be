"""The managed skill vocabulary the portal starts with."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Skill

SKILLS = [
    ("lifting", "Nostot ja siirrot", "Lyft och förflyttningar", "Lifting and transfers"),
    ("hygiene", "Henkilökohtainen hygienia", "Personlig hygien", "Personal hygiene"),
    (
        "medication",
        "Lääkehoito (lupa)",
        "Läkemedelsbehandling (tillstånd)",
        "Medication (with permit)",
    ),
    ("driving", "Ajokortti ja oma auto", "Körkort och egen bil", "Driving licence and own car"),
    ("cooking", "Ruoanlaitto", "Matlagning", "Cooking"),
    ("housework", "Kotityöt", "Hushållsarbete", "Housework"),
    ("wheelchair", "Pyörätuolilla liikkuminen", "Rullstolsassistans", "Wheelchair assistance"),
    ("night", "Yöavustaminen", "Nattassistans", "Night assistance"),
    ("ventilator", "Hengityslaitteen käyttö", "Respiratorvård", "Ventilator care"),
    ("sign_language", "Viittomakieli", "Teckenspråk", "Sign language"),
    ("aac", "Puhetta tukeva kommunikointi", "AKK-kommunikation", "AAC communication"),
    ("hobbies", "Harrastuksissa avustaminen", "Assistans vid fritid", "Hobbies and outings"),
    (
        "children",
        "Lasten ja nuorten avustaminen",
        "Assistans för barn och unga",
        "Children and young people",
    ),
    (
        "work_study",
        "Työssä ja opiskelussa avustaminen",
        "Assistans i arbete och studier",
        "Work and study assistance",
    ),
]


def load_skills() -> int:
    """Insert the vocabulary terms that are missing; returns how many were added."""
    known = set(db.session.scalars(select(Skill.code)))
    added = 0
    for code, fi, sv, en in SKILLS:
        if code not in known:
            db.session.add(Skill(code=code, name_fi=fi, name_sv=sv, name_en=en))
            added += 1
    db.session.flush()
    return added
