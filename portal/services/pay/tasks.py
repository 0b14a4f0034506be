"""Periodic pay work: lock the periods whose due day has come, send due-day reminders."""

from datetime import datetime

from huey import crontab

from portal import queue
from portal.extensions import db
from portal.models import utcnow
from portal.services.pay import periods, reminders


def run_pay_sweep(now: datetime) -> tuple[int, int]:
    """Lock due periods and send reminders (each step committed); returns the counts."""
    locked = periods.lock_due(now)
    db.session.commit()
    told = reminders.remind_due(now)
    db.session.commit()
    return locked, told


@queue.huey.periodic_task(crontab(minute="7"))
def pay_sweep() -> None:
    """Every hour: both steps are idempotent, so a missed or doubled hour is harmless."""
    with queue.app_context():
        run_pay_sweep(utcnow())
