"""SQLite writers wait their turn on a file lock, not in SQLite's sleeping busy handler.

SQLite lets one connection write at a time. The others retry from its busy handler, which
sleeps 1, 2, 5 … 50, then 100 ms between tries, so under load a writer keeps missing the
moments the lock is free: four clients posting urgent shifts on `make serve` waited up to
1.0–1.5 s (p99) for a 60 ms median. Here a connection takes an exclusive `flock` on a file
beside the database before the first write of its transaction and gives it back right
after the commit or rollback; a waiter tries again every millisecond, so it starts within
about a millisecond of the last writer finishing. Reads never wait (WAL).

A writer that has waited WAIT_S stops waiting here and lets SQLite's own busy handling
decide, as before: two connections of one thread writing at once (never in our code) end
in "database is locked", not in a hang.
"""

import fcntl
import os
import time

from sqlalchemy import Engine, event

WAIT_S = 10.0  # as long as PRAGMA busy_timeout
POLL_S = 0.001
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_FD, _HELD = "writer_turn_fd", "writer_turn_held"


def _writes(statement: str, context) -> bool:
    """True for a statement that takes SQLite's write lock."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return True  # a compiled INSERT/UPDATE/DELETE, also one that opens with WITH
    return statement.lstrip().upper().startswith(_WRITES)  # text() and raw SQL


def _take(info: dict) -> None:
    """Wait for the turn (at most WAIT_S), polling the lock every POLL_S."""
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            fcntl.flock(info[_FD], fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return
            time.sleep(POLL_S)
        else:
            info[_HELD] = True
            return


def _give_back(info: dict) -> None:
    """End this connection's turn, if it has one."""
    if info.pop(_HELD, False):
        fcntl.flock(info[_FD], fcntl.LOCK_UN)


def _info(pooled_connection) -> dict:
    """The pool record's info of a connection (none for the dialect's first-connect probe)."""
    try:
        return pooled_connection.info
    except NotImplementedError:
        return {}


def install(engine: Engine, database_path: str) -> None:
    """Make the engine's writers to this database file take turns."""
    lock_path = database_path + ".writers"
    dialect = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    @event.listens_for(engine, "connect")
    def open_lock(_dbapi_connection, record):
        record.info[_FD] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    @event.listens_for(engine, "close")
    def close_lock(_dbapi_connection, record):
        _give_back(record.info)
        fd = record.info.pop(_FD, None)
        if fd is not None:
            os.close(fd)

    @event.listens_for(engine, "before_cursor_execute")
    def take_turn(conn, _cursor, statement, _parameters, context, _executemany):
        info = conn.info
        if _FD in info and not info.get(_HELD) and _writes(statement, context):
            _take(info)

    # The turn ends after the database has committed or rolled back, not before (the
    # engine's "commit" event fires before the DBAPI call): the dialect's own methods.
    def do_commit(dbapi_connection):
        try:
            commit(dbapi_connection)
        finally:
            _give_back(_info(dbapi_connection))

    def do_rollback(dbapi_connection):
        try:
            rollback(dbapi_connection)
        finally:
            _give_back(_info(dbapi_connection))

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback  # type: ignore[method-assign]
