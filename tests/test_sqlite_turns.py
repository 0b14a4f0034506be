"""SQLite writers take turns on a file lock instead of failing or sleeping in SQLite."""

import fcntl
import os
import threading
import time

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, event, select, text, update
from sqlalchemy.exc import OperationalError

from portal import sqlite_turns


@pytest.fixture
def engine(tmp_path):
    """A file database whose connections give up at once on SQLite's own lock."""
    engine = create_engine(f"sqlite:///{tmp_path / 'turns.sqlite3'}")

    @event.listens_for(engine, "connect")
    def no_busy_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=0")  # only the turns may wait

    sqlite_turns.install(engine, str(tmp_path / "turns.sqlite3"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counts (id INTEGER PRIMARY KEY, n INTEGER)"))
        conn.execute(text("INSERT INTO counts VALUES (1, 0)"))
    yield engine
    engine.dispose()


COUNTS = Table("counts", MetaData(), Column("id", Integer, primary_key=True), Column("n", Integer))


def add(n: int):
    """Three spellings of one write: raw SQL, a Core statement, one that opens with WITH."""
    ones = select(COUNTS.c.id).cte("ones")
    return {
        "text": text("\n   UPDATE counts SET n = n + :n").bindparams(n=n),
        "core": update(COUNTS).values(n=COUNTS.c.n + n),
        "with": update(COUNTS)
        .add_cte(ones)
        .where(COUNTS.c.id.in_(select(ones.c.id)))
        .values(n=COUNTS.c.n + n),
    }


@pytest.mark.parametrize("spelling", ["text", "core", "with"])
def test_a_second_writer_waits_for_the_first_to_commit(engine, spelling):
    first = engine.connect()
    first.begin()
    first.execute(add(1)[spelling])  # holds SQLite's write lock
    done = []

    def second_writer():
        with engine.begin() as conn:
            conn.execute(add(10)[spelling])
        done.append(time.monotonic())

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.2)
    assert not done  # waiting for its turn, not failed with "database is locked"
    committed = time.monotonic()
    first.commit()
    first.close()
    thread.join(5)
    assert done
    assert done[0] >= committed
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT n FROM counts")) == 11


def turn_is_free(tmp_path) -> bool:
    """True when no connection holds the writers' turn."""
    fd = os.open(tmp_path / "turns.sqlite3.writers", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_the_turn_ends_with_a_rollback_and_reads_never_wait(engine, tmp_path):
    first = engine.connect()
    first.begin()
    first.execute(text("UPDATE counts SET n = 5"))
    assert not turn_is_free(tmp_path)
    with engine.connect() as reader:  # WAL: a reader sees the last commit at once
        assert reader.scalar(text("SELECT n FROM counts")) == 0
    first.rollback()
    assert turn_is_free(tmp_path)  # the connection stays open in the pool
    first.close()
    with engine.begin() as conn:  # no wait: the rolled-back writer gave its turn back
        conn.execute(text("UPDATE counts SET n = 7"))
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT n FROM counts")) == 7


def test_a_writer_that_waited_too_long_leaves_it_to_sqlite(engine, monkeypatch):
    monkeypatch.setattr(sqlite_turns, "WAIT_S", 0.05)
    first = engine.connect()
    first.begin()
    first.execute(text("UPDATE counts SET n = 1"))
    # The same thread writing on a second connection: waiting would never end.
    with engine.connect() as second:
        second.begin()
        with pytest.raises(OperationalError, match="locked"):
            second.execute(text("UPDATE counts SET n = 2"))
    first.rollback()
    first.close()
