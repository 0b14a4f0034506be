"""Snapshot generations on disk: one directory each, a `current` pointer, one builder.

A build writes into a temporary directory, renames it to `gen-<ns>` and replaces the
`current` file atomically (os.replace), so a reader sees the old or the new generation,
never half of one. Old generations are deleted; a worker still mapping one keeps its
pages (Linux frees unlinked files only when unmapped).
"""

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

CURRENT = "current"
LOCK = "build.lock"
KEEP = 2  # generations kept: the current one and the one before it


@contextmanager
def build_lock(directory: Path, wait: bool = False) -> Iterator[bool]:
    """Hold the one builder's lock across processes; yields False when another holds it."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def wait_for_builder(directory: Path) -> None:
    """Block until the process building a snapshot has finished."""
    with build_lock(directory, wait=True):
        pass


def published(directory: Path) -> str | None:
    """The name of the current generation, if one was published."""
    try:
        name = (directory / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return name if name and (directory / name).is_dir() else None


def age(directory: Path) -> float:
    """Seconds since the current generation was published (infinite if none)."""
    try:
        return time.time() - (directory / CURRENT).stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def publish(directory: Path, write: Callable[[Path], None]) -> str:
    """Write a new generation with `write(path)` and make it current; returns its name."""
    name = f"gen-{time.time_ns()}"
    scratch = directory / f"{name}.tmp"
    write(scratch)
    scratch.rename(directory / name)
    pointer = directory / f"{CURRENT}.tmp"
    pointer.write_text(name)
    os.replace(pointer, directory / CURRENT)
    generations = sorted(p for p in directory.iterdir() if p.name.startswith("gen-"))
    for old in generations[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return name
