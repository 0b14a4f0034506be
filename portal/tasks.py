"""Background jobs on huey: deliveries, offer-window timers, retries and a sweeper.

SQLite storage under instance/ by default, Redis when REDIS_URL is set. Every task is
idempotent because it re-reads state from the database: a delivery already sent is
skipped, a window-end timer whose round has moved on (version changed) does nothing.
The periodic sweeper re-schedules overdue work from the database, so a crashed or
restarted worker loses no round and no message.
"""

import os
from datetime import UTC, datetime, timedelta

from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import or_, select, update

from portal.models import DeliveryLog, OfferRound, RoundState, utcnow

_DEFAULT_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "instance", "huey.sqlite3")
# A fresh clone has no instance/ yet, and huey opens its file as soon as it is created.
os.makedirs(os.path.dirname(_DEFAULT_PATH), exist_ok=True)
huey = Huey("avustajatori", storage_class=SqliteStorage, filename=_DEFAULT_PATH)
SENDING_LEASE = timedelta(minutes=5)  # a worker that died mid-send is retried after this
_app = None
_backend = None  # the simulation plugs in its own clock-driven backend


def use_storage(redis_url: str = "", sqlite_path: str = _DEFAULT_PATH, immediate=False) -> None:
    """Point huey at Redis (when a URL is given) or at a SQLite file."""
    if redis_url:
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": redis_url}
    else:
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": sqlite_path}
    huey._immediate = immediate
    huey.storage = huey.create_storage()


def configure(app) -> None:
    """Bind the tasks to this app and its storage (SQLite file, or Redis with REDIS_URL)."""
    global _app
    _app = app
    # Tests run tasks inline unless a test plugs in its own backend or consumer.
    immediate = bool(app.config["HUEY_IMMEDIATE"] or app.config.get("TESTING"))
    use_storage(app.config["REDIS_URL"], app.config["HUEY_SQLITE_PATH"], immediate)


# The consumer process imports this module before any app exists: same settings as config.
use_storage(os.environ.get("REDIS_URL", ""), os.environ.get("HUEY_SQLITE_PATH", _DEFAULT_PATH))


def set_backend(backend) -> None:
    """Replace the queue (enqueue_delivery, schedule_window) for a simulated clock."""
    global _backend
    _backend = backend


def _context():
    from portal import create_app

    app = _app or create_app()
    return app.app_context()


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def enqueue_delivery(log_id: int, eta: datetime | None = None) -> None:
    """Send one logged delivery now, or at `eta` for a retry."""
    if _backend is not None:
        _backend.enqueue_delivery(log_id, eta)
    elif eta is None:
        send_delivery(log_id)
    else:
        send_delivery.schedule(args=(log_id,), eta=_naive_utc(eta))


def schedule_window(round_id: int, version: int, eta: datetime) -> None:
    """Run the round's window-end check at `eta`."""
    if _backend is not None:
        _backend.schedule_window(round_id, version, eta)
    else:
        # huey keeps whole seconds: round up so the timer never fires before the window ends
        window_end.schedule(args=(round_id, version), eta=_naive_utc(eta + timedelta(seconds=1)))


def run_delivery(log_id: int, now: datetime) -> None:
    """Claim one delivery (so two workers never both send it), then try it once."""
    from portal.extensions import db
    from portal.notify import dispatch

    claimed = db.session.execute(
        update(DeliveryLog)
        .where(
            DeliveryLog.id == log_id,
            DeliveryLog.state.in_(("queued", "failed", "sending")),
            or_(DeliveryLog.next_attempt_at.is_(None), DeliveryLog.next_attempt_at <= now),
        )
        .values(state="sending", next_attempt_at=now + SENDING_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return  # already sent, not due yet, or another worker has it
    log = db.session.get(DeliveryLog, log_id)
    db.session.refresh(log)
    dispatch.attempt(log, now)
    retry_at = log.next_attempt_at if log.state == "failed" else None
    db.session.commit()
    if retry_at is not None:
        enqueue_delivery(log_id, retry_at)


def run_sweep(now: datetime) -> int:
    """Re-send due deliveries and end overdue windows; returns how many items it touched."""
    from portal.extensions import db
    from portal.services import rounds

    due = list(
        db.session.scalars(
            select(DeliveryLog.id).where(
                DeliveryLog.state.in_(("queued", "failed", "sending")),
                DeliveryLog.next_attempt_at <= now,
            )
        )
    )
    for log_id in due:
        run_delivery(log_id, now)
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
    return len(due) + len(overdue)


@huey.task()
def send_delivery(log_id: int) -> None:
    """Task: deliver one message (skipped when already sent)."""
    with _context():
        run_delivery(log_id, utcnow())


@huey.task()
def window_end(round_id: int, version: int) -> None:
    """Task: a tier's response window ended; escalate unless the round moved on."""
    from portal.extensions import db
    from portal.services import rounds

    with _context():
        rounds.window_end(round_id, version, utcnow())
        db.session.commit()


@huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: pick up anything a crashed worker or lost message left behind."""
    with _context():
        run_sweep(utcnow())
