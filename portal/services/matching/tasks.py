"""The consumer rebuilds the shared candidate index snapshot; workers swap it in."""

from pathlib import Path

from flask import current_app
from huey import crontab

from portal import queue
from portal.services.matching import index_cache


@queue.huey.periodic_task(crontab(minute="*/30"))
def refresh_snapshot() -> None:
    """Publish a fresh snapshot (history counts change with time, not only with writes)."""
    with queue.app_context():
        directory = current_app.config.get("MATCHING_SNAPSHOT_DIR")
        if directory:
            index_cache.publish(Path(directory))
