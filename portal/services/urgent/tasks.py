"""Offer-round timers: end a tier's response window, and a sweeper for missed timers.

A timer whose round has moved on (its version changed) does nothing, so a duplicate or a
late timer is harmless; the sweeper ends any overdue window a lost timer left running.
"""

from datetime import UTC, datetime, timedelta

from huey import crontab
from sqlalchemy import select

from portal import aftercommit, queue
from portal.extensions import db
from portal.models import OfferRound, RoundState, utcnow
from portal.notify.tasks import sweep_deliveries
from portal.services.matching import answer_data
from portal.services.urgent import rounds


@aftercommit.handles(rounds.WINDOW_END)
def schedule_window(round_id: int, version: int, eta: datetime) -> None:
    """Run the round's window-end check at `eta`."""
    if queue.backend is not None:
        queue.backend.schedule_window(round_id, version, eta)
    else:
        # huey keeps whole seconds: round up so the timer never fires before the window ends
        naive = (eta + timedelta(seconds=1)).astimezone(UTC).replace(tzinfo=None)
        window_end.schedule(args=(round_id, version), eta=naive)


def sweep_windows(now: datetime) -> int:
    """End every running window that is overdue; returns how many."""
    overdue = list(
        db.session.execute(
            select(OfferRound.id, OfferRound.version).where(
                OfferRound.state == RoundState.RUNNING, OfferRound.window_ends_at <= now
            )
        )
    )
    for round_id, version in overdue:
        rounds.window_end(round_id, version, now)
        db.session.commit()
    return len(overdue)


def run_sweep(now: datetime) -> int:
    """Deliveries and windows that are due (what the two periodic sweepers do)."""
    return sweep_deliveries(now) + sweep_windows(now)


@queue.huey.task()
def window_end(round_id: int, version: int) -> None:
    """Task: a tier's response window ended; escalate unless the round moved on."""
    with queue.app_context():
        rounds.window_end(round_id, version, utcnow())
        db.session.commit()


@queue.huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: end the windows whose timer was lost."""
    with queue.app_context():
        sweep_windows(utcnow())


@queue.huey.periodic_task(crontab(hour="1", minute="30"))
def retrain_answer_model() -> None:
    """Nightly (03:30 Helsinki in winter): refit P(yes in time) on the day's offers."""
    with queue.app_context():
        answer_data.retrain(utcnow())
