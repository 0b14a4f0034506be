"""Setup for load_pages.py: fresh urgent offers to one assistant, printed as a JSON id list.

Each offer belongs to its own running round of its own urgent shift, an hour apart, so
every "yes" in the load test is a first answer (accepted, the employer then picks).
Usage: PYTHONPATH=. python benchmarks/bench_offers.py COUNT ASSISTANT_EMAIL
"""

import json
import sys
from datetime import timedelta

from sqlalchemy import select

from portal import create_app
from portal.extensions import db
from portal.models import (
    Offer,
    OfferRound,
    OfferSource,
    OfferState,
    Role,
    RoundState,
    Shift,
    ShiftKind,
    ShiftState,
    User,
    utcnow,
)


def main() -> None:
    """Create the offers in one transaction (no change-log hook needed: no assistant data)."""
    count, email = int(sys.argv[1]), sys.argv[2]
    app = create_app()
    with app.app_context():
        assistant = db.session.scalar(select(User).where(User.email == email))
        employers = db.session.scalars(
            select(User.id).where(User.role == Role.EMPLOYER).order_by(User.id).limit(count)
        ).all()
        now = utcnow().replace(minute=0, second=0, microsecond=0)
        first = now + timedelta(days=60)
        shifts = []
        for i in range(count):
            starts = first + timedelta(hours=2 * i)
            shifts.append(
                Shift(employer_id=employers[i % len(employers)], kind=ShiftKind.URGENT,
                      state=ShiftState.OPEN, title="Sijainen (kuormitustesti)", starts_at=starts,
                      ends_at=starts + timedelta(hours=1), postcode="94100", languages="fi")
            )  # fmt: skip
        db.session.add_all(shifts)
        db.session.flush()
        offers = []
        for shift in shifts:
            until = now + timedelta(days=1)
            db.session.add(
                OfferRound(shift_id=shift.id, state=RoundState.RUNNING, window_ends_at=until)
            )
            offers.append(
                Offer(
                    shift_id=shift.id,
                    assistant_id=assistant.id,
                    source=OfferSource.ROUND,
                    state=OfferState.OFFERED,
                    tier=1,
                    rank=1,
                    created_at=now,
                    expires_at=now + timedelta(days=1),
                )  # fmt: skip
            )
        db.session.add_all(offers)
        db.session.flush()
        ids = [o.id for o in offers]
        db.session.commit()
    print(json.dumps(ids))  # noqa: T201 - the script's output


if __name__ == "__main__":
    main()
