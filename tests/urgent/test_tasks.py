"""The task queue: real huey consumers on SQLite and Redis, idempotent retries, sweeper."""

import signal
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import queue as task_queue
from portal.extensions import db
from portal.models import DeliveryLog, Offer, RoundState, utcnow
from portal.notify import dispatch
from portal.notify import tasks as notify_tasks
from portal.services.urgent import rounds
from portal.services.urgent import tasks as urgent_tasks

REDIS_TEST_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture(params=["sqlite", "redis"])
def consumer(request, app, tmp_path):
    """A real huey consumer (threads) on SQLite or Redis storage, stopped afterwards."""
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        try:
            redis.Redis.from_url(REDIS_TEST_URL).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        task_queue.use_storage(redis_url=REDIS_TEST_URL)
    else:
        task_queue.use_storage(sqlite_path=str(tmp_path / "huey.sqlite3"))
    task_queue.huey.flush()
    task_queue.set_backend(None)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    worker = task_queue.huey.create_consumer(workers=1, periodic=False, initial_delay=0.05)
    yield worker
    if worker.scheduler.is_alive():
        worker.stop(graceful=True)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    task_queue.huey.flush()
    task_queue.init_app(app)


def _wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # see other connections' commits
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_real_consumer_delivers_queued_email_once(app, consumer, make_user):
    user = make_user()
    dispatch.notify(user, "test", "Hei", "Viesti", utcnow())
    assert task_queue.huey.pending_count() == 0
    db.session.commit()  # the task is enqueued only after the commit
    assert task_queue.huey.pending_count() == 1
    log_id = db.session.scalar(select(DeliveryLog.id).where(DeliveryLog.channel == "email"))
    notify_tasks.enqueue_delivery(log_id)  # a duplicate, as after a crash and restart
    consumer.start()
    assert _wait_for(lambda: task_queue.huey.pending_count() == 0)
    assert _wait_for(lambda: db.session.get(DeliveryLog, log_id).state == "sent")
    time.sleep(0.3)
    db.session.rollback()
    assert db.session.get(DeliveryLog, log_id).attempts == 1  # sent once, not twice


def test_window_timer_is_stored_in_the_queue(app, consumer, population, urgent_shift, now):
    employer, people = population()
    shift = urgent_shift(employer, hours=1)
    offer_round = rounds.start(shift, utcnow())
    db.session.commit()
    queued = [t for t in task_queue.huey.pending() if t.name.endswith("window_end")]
    assert [t.args for t in queued] == [(offer_round.id, offer_round.version)]
    assert queued[0].eta > offer_round.window_ends_at.replace(tzinfo=None)


def test_sweeper_escalates_overdue_round_after_a_lost_timer(
    app, population, urgent_shift, now, queue
):
    employer, people = population()
    shift = urgent_shift(employer, hours=2)
    offer_round = rounds.start(shift, now)
    db.session.commit()
    queue.drain(now)
    assert urgent_tasks.run_sweep(now + timedelta(minutes=1)) == 0  # not due yet
    urgent_tasks.run_sweep(now + timedelta(minutes=10))
    db.session.refresh(offer_round)
    assert offer_round.wave == 2
    assert offer_round.state == RoundState.RUNNING
    count = len(db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all())
    urgent_tasks.run_sweep(now + timedelta(minutes=10))  # run twice: nothing more happens
    assert len(db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()) == count


def test_an_unreachable_queue_loses_nothing_and_shows_no_error(app, client, login, population, now):
    """Redis down: the urgent shift is saved and its round starts (offers logged); the
    page answers normally; once the queue is back the sweeper sends what was queued."""
    from portal.models import Shift
    from portal.timeutil import to_local

    employer, people = population()
    task_queue.set_backend(None)
    task_queue.use_storage(redis_url="redis://127.0.0.1:1/0")  # nothing listens there
    try:
        login(employer)
        starts = utcnow() + timedelta(hours=5)
        response = client.post(
            "/vuorot/uusi",
            data={
                "kind": "urgent",
                "title": "Sijainen tarvitaan",
                "description": "Aamutoimet",
                "day": to_local(starts).date().isoformat(),
                "start": to_local(starts).strftime("%H:%M"),
                "end": to_local(starts + timedelta(hours=3)).strftime("%H:%M"),
                "place": "94100",
                "languages": ["fi"],
            },
        )
    finally:
        task_queue.init_app(app)
    assert response.status_code == 302
    shift = db.session.scalar(select(Shift).where(Shift.title == "Sijainen tarvitaan"))
    assert shift is not None
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == shift.id)).all()
    assert offers
    queued = db.session.scalars(
        select(DeliveryLog).where(DeliveryLog.channel == "email", DeliveryLog.state == "queued")
    ).all()
    assert len(queued) == len(offers)
    urgent_tasks.run_sweep(utcnow() + timedelta(seconds=1))
    db.session.expire_all()
    assert all(log.state == "sent" for log in queued)


def test_sqlite_queue_syncs_at_checkpoints_not_every_enqueue(app, tmp_path):
    """The queue's SQLite file syncs like the app's database (WAL + NORMAL), not per task.

    Every delivery and timer is also in the app's database, whose sweepers find what a
    lost enqueue dropped; an fsync per enqueue cost each post of an urgent shift five.
    """
    try:
        task_queue.use_storage(sqlite_path=str(tmp_path / "huey.sqlite3"))
        conn = task_queue.huey.storage.conn
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert conn.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        task_queue.init_app(app)
