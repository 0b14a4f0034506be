"""Save a CandidateIndex to a directory and load it memory-mapped, shared by processes.

Every per-candidate array is written as a ``.npy`` file and loaded with
``mmap_mode="c"``: all workers of a host share the same page-cache pages, and a worker
that later updates a candidate gets private copies of only the pages it writes. The few
plain Python parts (vocabularies, the text model's IDF) go in a small pickle. Candidate
objects are not kept: a loaded index answers ``rank`` exactly as the saved one did, and
``facts(index, id)`` gives what the ranking knows about one candidate.
"""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .index import CandidateIndex
from .ranker import Ranker
from .types import Candidate

FORMAT = 2  # 2: announcement texts saved; bump whenever the saved state changes
_META = "meta.pickle"
_SKIP = {"_dense_query"}  # a per-process query buffer, not state


def save_index(index: CandidateIndex, directory: Path, extra: dict[str, Any] | None = None) -> None:
    """Write ``index`` into an empty or new ``directory`` (``extra`` is stored alongside)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with index._lock:
        # Spare slots, so a worker inserting a new candidate writes in place (no regrowth).
        want = index._n + max(64, index._n // 20)
        if index._cap < want:
            index._grow(want)
        arrays = {
            name: value
            for name, value in vars(index).items()
            if isinstance(value, np.ndarray) and name not in _SKIP
        }
        text = index._text_main.tocsr()
        arrays.update(_text_data=text.data, _text_indices=text.indices, _text_indptr=text.indptr)
        for name, value in arrays.items():
            np.save(directory / f"{name}.npy", np.ascontiguousarray(value))
        meta = {
            "format": FORMAT,
            "arrays": sorted(arrays),
            "text_shape": text.shape,
            "n": index._n,
            "cap": index._cap,
            "nb": index._nb,
            "skill_bit": index._skill_bit,
            "lang_bit": index._lang_bit,
            "text_model": index._text_model,
            "text_overlay": index._text_overlay,
            "texts": [_text_of(index, slot) for slot in range(index._n)],
            "extra": extra or {},
        }
        with open(directory / _META, "wb") as out:
            pickle.dump(meta, out, protocol=pickle.HIGHEST_PROTOCOL)


def read_extra(directory: Path) -> dict[str, Any]:
    """Return the ``extra`` dict saved with a snapshot."""
    with open(Path(directory) / _META, "rb") as source:
        extra: dict[str, Any] = pickle.load(source)["extra"]  # noqa: S301 - our own file
    return extra


def load_index(directory: Path, ranker: Ranker | None = None) -> CandidateIndex:
    """Load a saved index; its arrays are memory-mapped copy-on-write."""
    directory = Path(directory)
    with open(directory / _META, "rb") as source:
        meta = pickle.load(source)  # noqa: S301 - our own file under instance/
    if meta["format"] != FORMAT:
        raise ValueError(f"snapshot format {meta['format']} is not {FORMAT}")
    index = CandidateIndex.__new__(CandidateIndex)
    index.ranker = ranker if ranker is not None else Ranker()
    index._lock = threading.RLock()
    # Plain views of the maps: indexing an np.memmap runs Python code on every access.
    arrays = {
        name: np.load(directory / f"{name}.npy", mmap_mode="c").view(np.ndarray)
        for name in meta["arrays"]
    }
    data, indices, indptr = (arrays.pop(k) for k in ("_text_data", "_text_indices", "_text_indptr"))
    for name, value in arrays.items():
        setattr(index, name, value)
    index._text_main = sp.csr_matrix((data, indices, indptr), shape=meta["text_shape"], copy=False)
    index._n, index._cap, index._nb = meta["n"], meta["cap"], meta["nb"]
    index._skill_bit, index._lang_bit = meta["skill_bit"], meta["lang_bit"]
    index._text_model, index._text_overlay = meta["text_model"], meta["text_overlay"]
    n = meta["n"]
    alive = np.flatnonzero(index._alive[:n])
    index._slot_of = dict(zip(index._ids[alive].tolist(), alive.tolist(), strict=True))
    index._cands = [None] * n  # Candidate objects are not saved; see facts()
    index._snapshot_texts = meta["texts"]  # type: ignore[attr-defined]
    return index


def _text_of(index: CandidateIndex, slot: int) -> str:
    """The announcement text of a slot (from its Candidate, else from the loaded snapshot)."""
    held = index._cands[slot] if slot < len(index._cands) else None
    if held is not None:
        return held.text
    texts: list[str] = getattr(index, "_snapshot_texts", [])
    return texts[slot] if slot < len(texts) else ""


def live_ids(index: CandidateIndex) -> list[int]:
    """Return the ids of every candidate in the index."""
    return list(index._slot_of)


def facts(index: CandidateIndex, candidate_id: int) -> Candidate:
    """What the index holds about one candidate: the Candidate itself when it has one.

    A loaded snapshot keeps no Candidate objects: then the place, limit, ratings, history,
    on-call, skills, languages and text come from the arrays, and weekly windows and busy
    times are left empty (the index keeps them only as bitmaps and intervals).
    """
    slot = index._slot_of[candidate_id]
    held = index._cands[slot] if slot < len(index._cands) else None
    if held is not None:
        return held

    def words(vocab: dict[str, int], rows: np.ndarray) -> frozenset[str]:
        """Decode one row of uint64 bitmask words."""
        mask = sum(word << (64 * i) for i, word in enumerate(rows[slot].tolist()))
        return frozenset(w for w, bit in vocab.items() if mask >> bit & 1) if mask else frozenset()

    return Candidate(
        id=candidate_id,
        lat=index._lat.item(slot),
        lon=index._lon.item(slot),
        max_travel_km=index._max_travel.item(slot),
        weekly=(),
        skills=words(index._skill_bit, index._skills),
        languages=words(index._lang_bit, index._langs),
        rating_sum=float(index._rating_sum.item(slot)),
        rating_count=int(index._rating_count.item(slot)),
        completed=int(index._completed.item(slot)),
        cancelled_late=int(index._cancelled.item(slot)),
        on_call=bool(index._on_call.item(slot)),
        text=_text_of(index, slot),
    )
