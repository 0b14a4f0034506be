"""Delivery tasks: send one logged message, retry with backoff, sweep what is overdue.

Every task re-reads the database, so it is idempotent: a delivery is claimed with a
conditional UPDATE (two workers never both send it) and a `sent` row is never sent again.
"""

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from huey import crontab
from sqlalchemy import CursorResult, or_, select, update

from portal import aftercommit, queue
from portal.extensions import db
from portal.models import DeliveryLog, utcnow
from portal.notify.channels import DELIVERY, attempt

# A worker that died mid-send is retried after this: shorter than the shortest answer
# window (4 min), longer than an SMTP or gateway call may take (10 s timeouts each).
SENDING_LEASE = timedelta(seconds=90)
RETRY_STATES = ("queued", "failed", "sending")


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@aftercommit.handles(DELIVERY)
def enqueue_delivery(log_id: int, eta: datetime | None = None) -> None:
    """Send one logged delivery now, or at `eta` for a retry."""
    if queue.backend is not None:
        queue.backend.enqueue_delivery(log_id, eta)
    elif eta is None:
        send_delivery(log_id)
    else:
        send_delivery.schedule(args=(log_id,), eta=_naive_utc(eta))


def run_delivery(log_id: int, now: datetime) -> None:
    """Claim one delivery (so two workers never both send it), then try it once."""
    claimed = db.session.execute(
        update(DeliveryLog)
        .where(
            DeliveryLog.id == log_id,
            DeliveryLog.state.in_(RETRY_STATES),
            or_(DeliveryLog.next_attempt_at.is_(None), DeliveryLog.next_attempt_at <= now),
        )
        .values(state="sending", next_attempt_at=now + SENDING_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    # an UPDATE's result is a CursorResult, the kind that carries a rowcount
    if cast(CursorResult[Any], claimed).rowcount != 1:
        return  # already sent, not due yet, or another worker has it
    log = db.session.get(DeliveryLog, log_id)
    if log is None:
        return
    db.session.refresh(log)
    attempt(log, now)
    retry_at = log.next_attempt_at if log.state == "failed" else None
    db.session.commit()
    if retry_at is not None:
        enqueue_delivery(log_id, retry_at)


def sweep_deliveries(now: datetime) -> int:
    """Re-send every delivery that is due (lost enqueue, crashed worker); returns how many."""
    due = list(
        db.session.scalars(
            select(DeliveryLog.id).where(
                DeliveryLog.state.in_(RETRY_STATES), DeliveryLog.next_attempt_at <= now
            )
        )
    )
    for log_id in due:
        run_delivery(log_id, now)
    return len(due)


@queue.huey.task()
def send_delivery(log_id: int) -> None:
    """Task: deliver one message (skipped when already sent)."""
    with queue.app_context():
        run_delivery(log_id, utcnow())


@queue.huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: re-send anything a crashed worker or a lost enqueue left behind."""
    with queue.app_context():
        sweep_deliveries(utcnow())
