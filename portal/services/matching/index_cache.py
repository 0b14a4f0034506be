"""Each worker's candidate index: memory-mapped snapshots, kept exact by the change log.

One process builds the index and saves its arrays under instance/ (recommender.snapshot);
every worker memory-maps the published snapshot, so a fresh worker ranks within a second
of starting and all workers of a host share the same pages. Every ranking first applies
the change-log rows it has not seen (DESIGN §4). Time alone changes history counts, so a
snapshot is rebuilt every REFRESH_SECONDS by the task consumer's periodic task (or by a
worker thread if it is older than twice that) and swapped in when loaded: no request
waits for a build. Without MATCHING_SNAPSHOT_DIR (tests) each process builds in memory.
"""

import hashlib
import pickle
import threading
import time as clock
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, literal, select

from portal.extensions import db
from portal.models import ChangeLog
from portal.services.matching import snapshot_files
from portal.services.matching.candidate_rows import load_candidates
from recommender import Candidate, CandidateIndex, Ranker
from recommender.snapshot import facts, live_ids, load_index, read_extra, save_index

TAIL = 500  # change-log rows re-read each poll: catches rows committed out of seq order
REFRESH_SECONDS = 1800
CHECK_SECONDS = 5.0  # how often a worker looks for a newer published snapshot
WEIGHTS_FILE = "recommender_weights.json"


@dataclass
class Loaded:
    """An index with the change-log position it is exact up to."""

    index: CandidateIndex
    top: int
    seen: set[int]
    built_at: float  # wall-clock time of the build
    generation: str = ""


@dataclass
class _IndexState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    current: Loaded | None = None
    pending: Loaded | None = None  # loaded in the background, swapped in by the next ranking
    busy: bool = False  # a background load or build is running
    checked: float = 0.0
    weights_mtime: float | None = None


class IndexFacts(Mapping[int, Candidate]):
    """Candidate id -> what the index holds about them (ratings, history, skills...)."""

    def __init__(self, index: CandidateIndex):
        self._index = index

    def __getitem__(self, candidate_id: int) -> Candidate:
        """The candidate's facts; KeyError when not indexed."""
        if candidate_id not in self._index:
            raise KeyError(candidate_id)
        return facts(self._index, candidate_id)

    def __iter__(self) -> Iterator[int]:
        """Every indexed candidate id."""
        return iter(live_ids(self._index))

    def __len__(self) -> int:
        """How many candidates are indexed."""
        return len(self._index)


def _state() -> _IndexState:
    state: _IndexState = current_app.extensions.setdefault("matching_index", _IndexState())
    return state


def reset_index() -> None:
    """Forget this process's index (tests empty the tables under it)."""
    current_app.extensions.pop("matching_index", None)


def weights_path() -> Path:
    """Where `flask recommender retrain` saves the learned weights."""
    return Path(current_app.instance_path) / WEIGHTS_FILE


def load_ranker() -> Ranker:
    """The retrained ranker saved under instance/, or the default one."""
    path = weights_path()
    return Ranker.load(path) if path.exists() else Ranker()


def _snapshot_dir() -> Path | None:
    value = current_app.config.get("MATCHING_SNAPSHOT_DIR")
    return Path(value) if value else None


def _database() -> str:
    """Which database a snapshot belongs to (its URL without the password, hashed)."""
    url = db.engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _tail(since: int | None = None) -> tuple[int, list[tuple[int, int]]]:
    """The newest change-log seq and the rows after `since` (default: the last TAIL)."""
    newest = select(func.max(ChangeLog.seq)).scalar_subquery() - TAIL
    # One indexed range read: the newest TAIL rows of the log (the PK is seq), or all after.
    floor = newest if since is None else literal(since)
    rows = [
        (int(seq), int(aid))
        for seq, aid in db.session.execute(
            select(ChangeLog.seq, ChangeLog.assistant_id).where(ChangeLog.seq > floor)
        )
    ]
    return max((seq for seq, _ in rows), default=0), rows


def _build() -> Loaded:
    """A new index of every candidate, read from the database now."""
    top, tail = _tail()
    index = CandidateIndex(load_candidates(), ranker=load_ranker())
    return Loaded(index, top, {seq for seq, _ in tail}, clock.time())


def _apply(index: CandidateIndex, assistant_ids: set[int]) -> None:
    """Reload the changed assistants; those no longer eligible leave the index."""
    fresh = {c.id: c for c in load_candidates(assistant_ids)}
    for aid in assistant_ids:
        if aid in fresh:
            index.update(fresh[aid])
        else:
            index.remove(aid)


def _catch_up(loaded: Loaded, top: int, rows: list[tuple[int, int]]) -> None:
    """Apply the change-log rows the index has not seen; remember the newest ones."""
    new = {aid for seq, aid in rows if seq not in loaded.seen}
    if new:
        _apply(loaded.index, new)
    loaded.seen = {seq for seq, _ in rows if seq > top - TAIL}
    loaded.top = max(loaded.top, top)


def publish(directory: Path) -> str | None:
    """Build a snapshot and publish it; None when another process is building one."""
    with snapshot_files.build_lock(directory) as mine:
        if not mine:
            return None
        built = _build()
        extra = {"database": _database(), "top": built.top, "seen": sorted(built.seen)}
        extra["built_at"] = built.built_at
        return snapshot_files.publish(directory, lambda path: save_index(built.index, path, extra))


def _load_published(directory: Path) -> Loaded | None:
    """The published snapshot of this database, caught up with the change log."""
    name = snapshot_files.published(directory)
    if name is None:
        return None
    try:
        extra = read_extra(directory / name)
        if extra.get("database") != _database():
            return None
        index = load_index(directory / name, load_ranker())
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError):
        # Another version's format or a damaged file: build a new one instead.
        current_app.logger.warning("ignoring unreadable index snapshot %s", directory / name)
        return None
    loaded = Loaded(index, extra["top"], set(extra["seen"]), extra["built_at"], name)
    top, rows = _tail(since=loaded.top - TAIL)
    if top < loaded.top:  # the change log was emptied under it: the snapshot is not ours
        return None
    _catch_up(loaded, top, rows)
    return loaded


def _first() -> Loaded:
    """The index a process starts from: the published snapshot, else a build."""
    directory = _snapshot_dir()
    if directory is None:
        return _build()
    loaded = _load_published(directory)
    if loaded is None:
        if publish(directory) is None:  # another process is building: use its snapshot
            snapshot_files.wait_for_builder(directory)
        loaded = _load_published(directory)
    return loaded or _build()


def candidate_index() -> tuple[CandidateIndex, IndexFacts]:
    """This process's index, brought up to date with the change log first."""
    state = _state()
    with state.lock:
        if state.pending is not None:
            state.current, state.pending = state.pending, None
        top, tail = _tail()
        current = state.current
        if current is None or top < current.top:
            current = state.current = _first()
        else:
            _catch_up(current, top, tail)
        _refresh_weights(state, current)
        _refresh_in_background(state, current)
        return current.index, IndexFacts(current.index)


def _refresh_weights(state: _IndexState, current: Loaded) -> None:
    """Pick up weights written by `flask recommender retrain` in another process."""
    path = weights_path()
    mtime = path.stat().st_mtime if path.exists() else None
    if mtime != state.weights_mtime:
        current.index.ranker = load_ranker()
        state.weights_mtime = mtime


def _refresh_in_background(state: _IndexState, current: Loaded) -> None:
    """Start loading a newer snapshot (or building one, if nobody has) in a thread."""
    now = clock.monotonic()
    if state.busy or now - state.checked < CHECK_SECONDS:
        return
    state.checked = now
    directory, age = _snapshot_dir(), clock.time() - current.built_at
    if directory is None:
        if age > REFRESH_SECONDS:  # tests and the dev server build in memory
            state.current = _build()
        return
    name = snapshot_files.published(directory)
    stale = age > 2 * REFRESH_SECONDS and snapshot_files.age(directory) > 2 * REFRESH_SECONDS
    if name != current.generation or stale:
        state.busy = True
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        args = (app, state, directory, stale)
        threading.Thread(target=_background, args=args, daemon=True).start()


def _background(app: Flask, state: _IndexState, directory: Path, build: bool) -> None:
    """Build (when asked) and load the published snapshot, then hand it to the next ranking."""
    with app.app_context():
        try:
            if build:
                publish(directory)
            loaded = _load_published(directory)
            if loaded is not None:
                with state.lock:
                    state.pending = loaded
        except Exception:
            app.logger.exception("refreshing the candidate index snapshot failed")
        finally:
            state.busy = False
            db.session.remove()
