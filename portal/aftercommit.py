"""Work that may only happen once the current transaction has committed.

A service records what it wants with `request(session, kind, *args)` (e.g. "send delivery
42", "end round 7's window at 09:04") and knows nothing of who does it; the task module of
that feature registers the handler for the kind with `@handles(kind)`. After a commit every
recorded request runs in order; after a rollback they are dropped. A savepoint is neither:
releasing one runs nothing, rolling one back drops only what was asked inside it. A
failing handler is logged, never raised: the data is committed, and each feature's
periodic sweeper finds the work in the database (enqueueing is best effort).
"""

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "after_commit"
_MARKS = "after_commit_marks"  # per open savepoint: how many requests came before it
_handlers: dict[str, Callable[..., Any]] = {}
log = logging.getLogger(__name__)


def handles(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: `fn` carries out the requests of this kind after commit."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _handlers[kind] = fn
        return fn

    return register


def request(session: Any, kind: str, *args: Any) -> None:
    """Ask for `kind(*args)` to run after the session's transaction commits."""
    session.info.setdefault(_KEY, []).append((kind, args))


@event.listens_for(Session, "after_transaction_create")
def _mark(session: Session, transaction: Any) -> None:
    if transaction.nested:
        marks = session.info.setdefault(_MARKS, {})
        marks[id(transaction)] = len(session.info.get(_KEY, ()))


@event.listens_for(Session, "after_commit")
def _run(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (SQLAlchemy calls this hook for those too): not yet
    session.info.pop(_MARKS, None)
    for kind, args in session.info.pop(_KEY, None) or ():
        handler = _handlers.get(kind)
        if handler is None:
            log.warning("no handler for after-commit request %r; the sweeper will do it", kind)
            continue
        try:
            handler(*args)
        except Exception:  # best effort by design, see the module docstring
            log.exception("after-commit %r failed; the sweeper will retry", kind)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint undone: drop what was asked inside it
        mark = session.info.get(_MARKS, {}).pop(id(session.get_nested_transaction()), None)
        if mark is not None and _KEY in session.info:
            del session.info[_KEY][mark:]
        return
    session.info.pop(_KEY, None)
    session.info.pop(_MARKS, None)
