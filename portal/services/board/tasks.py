"""Saved-search alerts: "at once" every few minutes, the daily digest each morning.

Each search is claimed and sent in its own transaction, so a crash loses at most the
search being worked on, which the next run picks up (its checked_at did not move).
"""

import logging
from datetime import datetime

from huey import crontab

from portal import queue
from portal.extensions import db
from portal.models import AlertFrequency, utcnow
from portal.services.board import alerts

log = logging.getLogger(__name__)


def run(frequency: AlertFrequency, now: datetime) -> int:
    """Run every due search of this frequency, one transaction each; returns items sent."""
    total = 0
    for search_id in alerts.due_searches(frequency):
        try:
            total += alerts.run_search(search_id, now)
            db.session.commit()
        except Exception:  # one broken search must not stop everyone else's alerts
            db.session.rollback()
            log.exception("saved search %s failed; it is retried on the next run", search_id)
    return total


@queue.huey.periodic_task(crontab(minute="*/5"))
def instant_alerts() -> None:
    """Every five minutes: alerts for those who want them at once."""
    with queue.app_context():
        run(AlertFrequency.INSTANT, utcnow())


@queue.huey.periodic_task(crontab(minute="0", hour="5"))
def daily_digest() -> None:
    """Every morning (05 UTC, 07 or 08 in Helsinki): the daily digest."""
    with queue.app_context():
        run(AlertFrequency.DAILY, utcnow())
