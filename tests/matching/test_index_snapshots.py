"""Workers start from a shared snapshot on disk and never wait for a rebuild."""

import time

import pytest

from portal.extensions import db
from portal.models import Role
from portal.services.matching import adapter as matching
from portal.services.matching import index_cache, snapshot_files


@pytest.fixture
def snapshots(app, tmp_path, monkeypatch):
    """Snapshots on in a temp folder for this test."""
    monkeypatch.setitem(app.config, "MATCHING_SNAPSHOT_DIR", str(tmp_path / "index"))
    return tmp_path / "index"


def _ranked(shift) -> list[int]:
    return [r.assistant.id for r in matching.rank_for_shift(shift)]


def test_a_fresh_worker_loads_the_published_snapshot_and_the_changes_after_it(
    snapshots, make_user, make_shift, always_available
):
    first = always_available(make_user(Role.ASSISTANT))
    shift = make_shift()
    assert _ranked(shift) == [first.id]  # the very first process builds and publishes
    name = snapshot_files.published(snapshots)
    assert name is not None

    second = always_available(make_user(Role.ASSISTANT))  # written after the snapshot
    matching.reset_index()  # a new worker process
    built = []
    original = index_cache._build
    index_cache._build = lambda: built.append(1) or original()
    try:
        assert sorted(_ranked(shift)) == sorted([first.id, second.id])
    finally:
        index_cache._build = original
    assert built == []  # loaded from disk, caught up by the change log
    assert snapshot_files.published(snapshots) == name


def test_a_newer_snapshot_is_swapped_in_without_a_request_building_it(
    app, snapshots, make_user, make_shift, always_available, monkeypatch
):
    first = always_available(make_user(Role.ASSISTANT))
    shift = make_shift()
    assert _ranked(shift) == [first.id]
    old_index, _ = matching.candidate_index()
    index_cache.publish(snapshots)  # the consumer's periodic rebuild
    monkeypatch.setattr(index_cache, "CHECK_SECONDS", 0.0)
    built = []
    monkeypatch.setattr(index_cache, "_build", lambda: built.append(1))  # a request must not
    matching.candidate_index()  # notices the new generation, loads it in a thread
    deadline = time.monotonic() + 30
    while matching.candidate_index()[0] is old_index and time.monotonic() < deadline:
        time.sleep(0.05)
    assert matching.candidate_index()[0] is not old_index
    assert _ranked(shift) == [first.id]
    assert built == []


def test_a_snapshot_of_another_database_is_ignored(
    snapshots, make_user, make_shift, always_available
):
    assistant = always_available(make_user(Role.ASSISTANT))
    shift = make_shift()
    matching.rank_for_shift(shift)
    matching.reset_index()
    db.session.commit()
    original = index_cache._database
    index_cache._database = lambda: "another"
    try:
        assert _ranked(shift) == [assistant.id]
    finally:
        index_cache._database = original


def test_the_consumers_periodic_task_publishes_a_snapshot(snapshots, make_user, always_available):
    from portal.services.matching import tasks

    always_available(make_user(Role.ASSISTANT))
    assert snapshot_files.published(snapshots) is None
    tasks.refresh_snapshot.call_local()
    assert snapshot_files.published(snapshots) is not None


def test_a_loaded_snapshot_still_knows_announcements_and_ratings(
    snapshots, make_user, make_shift, always_available
):
    from portal.models import AssistantProfile

    assistant = always_available(make_user(Role.ASSISTANT))
    db.session.get(AssistantProfile, assistant.id).announcement = "Siirrot ja asiointi Kemissä"
    db.session.commit()
    matching.rank_for_shift(make_shift())  # builds and publishes
    matching.reset_index()  # a new worker maps the snapshot
    facts = matching.candidate_index()[1][assistant.id]
    assert facts.text == "Siirrot ja asiointi Kemissä"
    assert facts.rating_count == 0


def test_a_snapshot_of_another_format_is_rebuilt_not_an_error(
    snapshots, make_user, make_shift, always_available
):
    import pickle

    assistant = always_available(make_user(Role.ASSISTANT))
    shift = make_shift()
    matching.rank_for_shift(shift)
    meta = snapshots / snapshot_files.published(snapshots) / "meta.pickle"
    old = pickle.loads(meta.read_bytes())  # noqa: S301 - the test's own file
    old["format"] = 1
    meta.write_bytes(pickle.dumps(old))
    matching.reset_index()
    assert _ranked(shift) == [assistant.id]
