"""Work waiting for the demo coordinator: a report, a no-show dispute, accessibility feedback."""

from datetime import date, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AfterShift, Booking, Report, User
from portal.services.staff.moderation import ANSWER_DAYS
from portal.timeutil import local_to_utc


def load_staff_demo(today: date) -> None:
    """Add the coordinator's open items (called once, inside load_demo)."""
    # Yesterday afternoon: the queue never holds items dated after the moment of loading.
    morning = local_to_utc(today - timedelta(days=1), time(15, 30))
    reporter = db.session.scalar(
        select(User).where(User.email == "erkki.tyonantaja@demo.avustajatori.fi")
    )
    reported = db.session.scalar(
        select(User).where(User.email == "avustaja007@demo.avustajatori.fi")
    )
    if reporter and reported:
        db.session.add(
            Report(
                kind="report",
                reporter_id=reporter.id,
                target_type="profile",
                target_id=reported.id,
                reason="Ilmoitustekstissä on puhelinnumero ja pyyntö maksaa käteisellä ohi "
                "palkanmaksun.",
                created_at=morning,
            )
        )
    no_show = db.session.scalar(
        select(Booking).where(Booking.no_show.is_(True)).order_by(Booking.id).limit(1)
    )
    if no_show is not None:
        no_show.outcome = AfterShift.DISPUTED
        db.session.add(
            Report(
                kind="dispute",
                reporter_id=no_show.assistant_id,
                target_type="booking",
                target_id=no_show.id,
                reason="Olin paikalla koko vuoron; työnantaja merkitsi poissaolon vahingossa.",
                created_at=morning,
            )
        )
    db.session.add(
        Report(
            kind="accessibility",
            reason="Vuorokalenterin päivämäärävalitsin ei toimi ruudunlukijalla.",
            contact="",
            created_at=morning,
            due_at=morning + timedelta(days=ANSWER_DAYS),
        )
    )
    db.session.flush()
