"""The national data set leaves the database ready for ordinary writes (PostgreSQL too)."""

from datetime import timedelta

from portal.extensions import db
from portal.models import EmployerProfile, Role, Shift, ShiftKind, ShiftState, User, utcnow
from seeds.national import load_national


def test_new_rows_get_fresh_ids_after_the_national_seed(app):
    load_national(0.0005, echo=lambda _message: None)
    db.session.commit()
    employer = db.session.scalar(db.select(User).where(User.role == Role.EMPLOYER).limit(1))
    starts = utcnow() + timedelta(days=3)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=ShiftState.OPEN,
        title="Uusi vuoro",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        postcode=db.session.get(EmployerProfile, employer.id).postcode,
    )
    db.session.add(shift)
    db.session.commit()  # on PostgreSQL this hit duplicate key (id)=(1) before the fix
    assert shift.id > 1
