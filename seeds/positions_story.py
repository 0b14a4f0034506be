"""The demo's positions story: regular work, a sick day turned urgent, decisions that warn.

Erkki (Tervola) works under a decision of 120 h a month without Sunday or night work and
has hired Mikko for weekday mornings 8–14 (about 130 h a month, so his hours page shows
"over the decision"); Mikko is off sick on the next working day, which is now an urgent
substitute shift. Sanna (Tornio, for her principal) has a decision with at most 20 night
hours a month that names her daughter Liisa; her open position of Friday nights has
Aino's application, and hiring her shows the night-hours warning; her weekday daytime
position is open for Aino to find under "Positions for me".
Rows are written directly (like marketplace_story) so the demo stays deterministic.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Absence,
    AbsenceReason,
    ApplicationState,
    Decision,
    DecisionRelative,
    Employment,
    HoursPer,
    Position,
    PositionApplication,
    PositionState,
    PositionWindow,
    Relation,
    Shift,
    ShiftKind,
    ShiftState,
    User,
)
from portal.services.positions.occurrences import occurrences
from portal.timeutil import local_to_utc
from seeds.marketplace_story import AINO, ERKKI, MIKKO, SANNA

MORNINGS = [(d, 8 * 60, 14 * 60) for d in range(5)]
FRIDAY_NIGHTS = [(4, 22 * 60, 7 * 60)]


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _decision(employer: User, today: date, hours: float, **fields) -> Decision:
    relatives = fields.pop("relatives", [])
    decision = Decision(
        employer_id=employer.id,
        decided_on=today - timedelta(days=40),
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=335),
        granted_hours=hours,
        hours_per=HoursPer.MONTH,
        **fields,
    )
    for name, relation in relatives:
        decision.relatives.append(
            DecisionRelative(name=name, relation=relation, approved_on=today - timedelta(days=40))
        )
    db.session.add(decision)
    return decision


def _position(employer: User, today: date, title: str, windows, **fields) -> Position:
    position = Position(
        employer_id=employer.id,
        title=title,
        starts_on=today,
        pay_basis="Heta-JHL TES, 13,20 €/h",
        languages="fi",
        windows=[PositionWindow(weekday=w, start_min=s, end_min=e) for w, s, e in windows],
        **fields,
    )
    db.session.add(position)
    db.session.flush()
    return position


def load_positions_story(today: date) -> None:
    """Add the story's rows (called once, inside load_demo)."""
    aino, mikko, erkki, sanna = (_user(e) for e in (AINO, MIKKO, ERKKI, SANNA))
    _decision(erkki, today, 120, sunday=False, night=False)
    mornings = _position(
        erkki,
        today,
        "Aamuavustaja arkisin Tervolassa",
        MORNINGS,
        tasks="Aamutoimet, ruoanlaitto, asiointi kaupassa.",
        postcode="95300",
        state=PositionState.FILLED,
        urgent_round_on_absence=False,
    )
    db.session.add(
        PositionApplication(
            position_id=mornings.id,
            assistant_id=mikko.id,
            state=ApplicationState.HIRED,
            message="Asun Tervolassa, pääsen aamuisin.",
        )
    )
    hired_at = local_to_utc(today, time(7))
    job = Employment(
        position_id=mornings.id,
        assistant_id=mikko.id,
        employer_id=erkki.id,
        starts_on=today,
        hired_at=hired_at,
        hired_by_id=erkki.id,
    )
    db.session.add(job)
    db.session.flush()
    since = local_to_utc(today + timedelta(days=1), time(0))
    sick_start, sick_end = occurrences(MORNINGS, today, None, since, since + timedelta(days=7))[0]
    substitute = Shift(
        employer_id=erkki.id,
        kind=ShiftKind.URGENT,
        state=ShiftState.OPEN,
        title="Sijainen: Aamuavustaja arkisin Tervolassa",
        description=mornings.tasks,
        starts_at=sick_start,
        ends_at=sick_end,
        postcode="95300",
        languages="fi",
    )
    db.session.add(substitute)
    db.session.flush()
    db.session.add(
        Absence(
            employment_id=job.id,
            starts_at=sick_start,
            ends_at=sick_end,
            reason=AbsenceReason.SICK,
            reported_by_id=mikko.id,
            reported_at=hired_at,
            shift_id=substitute.id,
        )
    )
    _decision(
        sanna,
        today,
        80,
        night=True,
        max_night_hours=20,
        relatives=[("Liisa Rautio", Relation.CHILD)],
    )
    nights = _position(
        sanna,
        today + timedelta(days=7),
        "Yöavustaja perjantaisin Torniossa",
        FRIDAY_NIGHTS,
        tasks="Yön valvonta ja siirrot, aamutoimet.",
        postcode="95420",
    )
    _position(
        sanna,
        today + timedelta(days=7),
        "Päiväapu tiistaisin ja torstaisin Torniossa",
        [(1, 9 * 60, 14 * 60), (3, 9 * 60, 14 * 60)],
        tasks="Ulkoilu, asiointi ja harrastukset.",
        postcode="95420",
    )
    db.session.add(
        PositionApplication(
            position_id=nights.id,
            assistant_id=aino.id,
            state=ApplicationState.APPLIED,
            message="Teen mielelläni yövuoroja.",
        )
    )
    db.session.flush()
