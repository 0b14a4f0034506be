"""Work asked for after commit runs after the real commit only, never at a savepoint."""

from portal import aftercommit
from portal.extensions import db
from portal.models import ChangeLog

RAN: list[tuple[str, ...]] = []


@aftercommit.handles("test.note")
def _note(*args: str) -> None:
    RAN.append(args)


def test_savepoints_neither_run_nor_drop_what_the_transaction_asked_for(app):
    RAN.clear()
    aftercommit.request(db.session, "test.note", "first")
    with db.session.begin_nested():  # a savepoint released: not the commit
        db.session.add(ChangeLog(assistant_id=1))
    assert RAN == []
    nested = db.session.begin_nested()
    aftercommit.request(db.session, "test.note", "undone")  # asked inside the savepoint
    nested.rollback()  # a savepoint rolled back: only what it asked for goes
    db.session.commit()
    assert RAN == [("first",)]
    db.session.add(ChangeLog(assistant_id=2))
    db.session.flush()
    aftercommit.request(db.session, "test.note", "dropped")
    db.session.rollback()  # the whole transaction undone: its requests go too
    db.session.commit()
    assert RAN == [("first",)]
