"""The task queue instance (huey) and the app its tasks run in; nothing else.

It imports nothing from the portal and does no work at import: storage is chosen by
`use_storage` when an app (or the consumer's `portal.worker`) starts. Task modules live
with their feature (`portal.notify.tasks`, `portal.services.urgent.tasks`).
"""

from contextlib import AbstractContextManager
from typing import Any, Protocol

from flask import current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage


class Backend(Protocol):
    """A replacement for the queue (the fill simulation and tests use a recording one)."""

    def enqueue_delivery(self, log_id: int, eta: Any = None) -> None: ...
    def schedule_window(self, round_id: int, version: int, eta: Any) -> None: ...


class WalSqliteStorage(SqliteStorage):
    """huey's SQLite storage syncing at WAL checkpoints (synchronous=NORMAL), not every task.

    huey leaves SQLite's default (FULL: an fsync per enqueue, five per posted urgent
    shift). NORMAL never corrupts the file; a power cut may lose the last tasks, which
    the sweepers redo from the app's database (portal/aftercommit.py).
    """

    def _create_connection(self) -> Any:
        conn = super()._create_connection()
        conn.execute("pragma synchronous=NORMAL")
        return conn


huey = Huey("avustajatori", storage_class=MemoryStorage)
_app: Any = None
backend: Backend | None = None  # when set, tasks are handed to it instead of huey


def use_storage(redis_url: str = "", sqlite_path: str = "", immediate: bool = False) -> None:
    """Point huey at Redis (when a URL is given), a SQLite file, or memory."""
    if redis_url:
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": redis_url}
    elif sqlite_path:
        huey.storage_class, huey.storage_kwargs = WalSqliteStorage, {"filename": sqlite_path}
    else:
        huey.storage_class, huey.storage_kwargs = MemoryStorage, {}
    huey._immediate = immediate
    huey.storage = huey.create_storage()


def init_app(app: Any) -> None:
    """Run tasks in this app and use its storage (REDIS_URL, else HUEY_SQLITE_PATH)."""
    global _app
    _app = app
    # Tests run tasks inline unless a test plugs in its own backend or consumer.
    immediate = bool(app.config["HUEY_IMMEDIATE"] or app.config.get("TESTING"))
    use_storage(app.config["REDIS_URL"], app.config["HUEY_SQLITE_PATH"], immediate)


def set_backend(replacement: Backend | None) -> None:
    """Replace the queue (enqueue_delivery, schedule_window) for a simulated clock."""
    global backend
    backend = replacement


def app_context() -> AbstractContextManager[Any]:
    """A fresh app context for a task body: the running app's (inline), else init_app's."""
    if has_app_context():  # an immediate task runs inside the request that enqueued it
        return current_app._get_current_object().app_context()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError("portal.queue.init_app(app) was not called (use portal.worker)")
    return _app.app_context()
