"""Column storage behind CandidateIndex: numpy arrays with spare capacity, updatable."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from numpy.typing import DTypeLike

from . import timegrid as tg
from .geo import cos_of_radius, unit_vectors
from .text import TextModel
from .types import Candidate

_U64 = np.uint64


class CandidateStore:
    """Per-candidate columns, a slot per candidate; dead slots are masked until rebuild."""

    def _load(self, candidates: Iterable[Candidate]) -> None:
        """Build all arrays from a snapshot of candidates."""
        cands = list(candidates)
        ids = [c.id for c in cands]
        if len(set(ids)) != len(ids):
            raise ValueError("candidate ids must be unique")
        self._n = 0
        self._cap = 0
        self._slot_of: dict[int, int] = {}
        self._cands: list[Candidate | None] = []
        self._skill_bit: dict[str, int] = {}
        self._lang_bit: dict[str, int] = {}
        self._nb = 0
        self._busy_s = np.zeros(0)
        self._busy_e = np.zeros(0)
        self._busy_owner = np.zeros(0, dtype=np.int64)
        self._win_s = np.zeros((0, 1))
        self._win_e = np.zeros((0, 1))
        self._skills = np.zeros((0, 1), dtype=_U64)
        self._langs = np.zeros((0, 1), dtype=_U64)
        n = len(cands)
        self._grow(max(n, 16))
        self._cands = list(cands)
        self._slot_of = {c.id: slot for slot, c in enumerate(cands)}
        self._n = n

        def column(attr: str, dtype: DTypeLike) -> np.ndarray:
            """Return one attribute of every candidate as an array."""
            return np.fromiter((getattr(c, attr) for c in cands), dtype=dtype, count=n)

        self._ids[:n] = column("id", np.int64)
        self._alive[:n] = True
        self._lat[:n], self._lon[:n] = column("lat", float), column("lon", float)
        self._max_travel[:n] = column("max_travel_km", float)
        self._rating_sum[:n] = column("rating_sum", float)
        self._rating_count[:n] = column("rating_count", float)
        self._completed[:n] = column("completed", float)
        self._cancelled[:n] = column("cancelled_late", float)
        self._on_call[:n] = column("on_call", bool)
        self._xyz[:, :n] = unit_vectors(self._lat[:n], self._lon[:n]).T
        self._cos_travel[:n] = cos_of_radius(self._max_travel[:n])
        for slot, c in enumerate(cands):
            self._write_sets(slot, c)
        self._refresh_bitmaps(np.arange(n))
        self._text_model = TextModel()
        self._text_main = self._text_model.fit_transform([c.text for c in cands])
        self._text_overlay: dict[int, sp.csr_matrix] = {}

    def update(self, candidate: Candidate) -> None:
        """Insert or replace a candidate (matched by id); visible to the next ``rank``."""
        slot = self._slot_of.get(candidate.id)
        if slot is None:
            if self._n == self._cap:
                self._grow(2 * self._cap)
            slot = self._n
            self._n += 1
        else:
            self._kill_busy(slot)
        self._write(slot, candidate)
        self._refresh_bitmaps(np.array([slot]))
        cols, vals = self._text_model.query_vector(candidate.text)
        self._text_overlay[slot] = sp.csr_matrix(  # copies: query vectors are shared, read-only
            (vals.copy(), cols.copy(), [0, cols.size]), shape=(1, self._text_model.n_features)
        )
        self._text_overlaid[slot] = True

    def remove(self, candidate_id: int) -> None:
        """Drop a candidate by id (no error if absent)."""
        slot = self._slot_of.pop(candidate_id, None)
        if slot is None:
            return
        self._alive[slot] = False
        self._cands[slot] = None
        self._kill_busy(slot)
        self._text_overlay.pop(slot, None)

    def candidates(self) -> list[Candidate]:
        """Return the live candidates, in slot order."""
        return [c for c in self._cands if c is not None]

    def __len__(self) -> int:
        """Return the number of live candidates."""
        return len(self._slot_of)

    def __contains__(self, candidate_id: object) -> bool:
        """Return whether a candidate id is indexed."""
        return candidate_id in self._slot_of

    def nbytes(self) -> int:
        """Return the bytes held by the numpy arrays and sparse text matrix."""
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        text = self._text_main
        return int(sum(a.nbytes for a in arrays) + text.data.nbytes + text.indices.nbytes)

    # -- internals -----------------------------------------------------------------------

    def _grow(self, cap: int) -> None:
        """Enlarge every per-slot array to ``cap`` rows."""

        def more(a: np.ndarray, fill: float = 0) -> np.ndarray:
            """Return ``a`` copied into a ``cap``-row array padded with ``fill``."""
            out = np.full((cap, *a.shape[1:]), fill, dtype=a.dtype)
            out[: a.shape[0]] = a
            return out

        if self._cap == 0:
            z = np.zeros(0)
            self._ids, self._alive = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
            self._xyz = np.zeros((3, 0))
            self._lat = self._lon = self._max_travel = self._cos_travel = z
            self._rating_sum = self._rating_count = self._completed = self._cancelled = z
            self._on_call = self._text_overlaid = np.zeros(0, dtype=bool)
            self._bitmap = np.zeros((0, tg.SLOTS_PER_WEEK // 8), dtype=np.uint8)
        for name in (
            "_ids", "_alive", "_lat", "_lon", "_max_travel", "_rating_sum", "_rating_count",
            "_completed", "_cancelled", "_on_call", "_text_overlaid", "_win_s", "_win_e",
            "_skills", "_langs", "_bitmap",
        ):  # fmt: skip
            setattr(self, name, more(getattr(self, name)))
        self._cos_travel = more(self._cos_travel, 2.0)
        xyz = np.zeros((3, cap))
        xyz[:, : self._xyz.shape[1]] = self._xyz
        self._xyz = xyz
        self._cap = cap

    def _widen(self, name: str, width: int) -> None:
        """Add zero columns to a 2-D per-slot array."""
        a = getattr(self, name)
        if a.shape[1] < width:
            out = np.zeros((a.shape[0], width), dtype=a.dtype)
            out[:, : a.shape[1]] = a
            setattr(self, name, out)

    def _bits(self, vocab: dict[str, int], words: Iterable[str], array: str) -> np.ndarray:
        """Return the uint64 words of a set, adding unseen words to the vocabulary."""
        mask = 0
        for w in words:
            mask |= 1 << vocab.setdefault(w, len(vocab))
        self._widen(array, max(1, -(-len(vocab) // 64)))
        width = getattr(self, array).shape[1]
        return np.array([(mask >> (64 * i)) & (2**64 - 1) for i in range(width)], dtype=_U64)

    @staticmethod
    def _mask(
        vocab: dict[str, int], words: Iterable[str], width: int, any_: bool = False
    ) -> np.ndarray | None:
        """Return the query mask of ``words``; None if a needed word is unknown."""
        mask = 0
        for w in words:
            if w in vocab:
                mask |= 1 << vocab[w]
            elif not any_:
                return None
        if mask == 0:
            return None
        return np.array([(mask >> (64 * i)) & (2**64 - 1) for i in range(width)], dtype=_U64)

    def _write(self, slot: int, c: Candidate) -> None:
        """Write one candidate's columns at ``slot`` (bitmaps refreshed separately)."""
        self._slot_of[c.id] = slot
        if slot < len(self._cands):
            self._cands[slot] = c
        else:
            self._cands.append(c)
        self._ids[slot] = c.id
        self._alive[slot] = True
        self._lat[slot], self._lon[slot] = c.lat, c.lon
        self._max_travel[slot] = c.max_travel_km
        self._xyz[:, slot] = unit_vectors(c.lat, c.lon)
        self._cos_travel[slot] = cos_of_radius(c.max_travel_km)
        self._rating_sum[slot], self._rating_count[slot] = c.rating_sum, c.rating_count
        self._completed[slot], self._cancelled[slot] = c.completed, c.cancelled_late
        self._on_call[slot] = c.on_call
        self._write_sets(slot, c)

    def _write_sets(self, slot: int, c: Candidate) -> None:
        """Write skills, languages, weekly windows and bookings of one candidate."""
        self._skills[slot] = self._bits(self._skill_bit, c.skills, "_skills")
        self._langs[slot] = self._bits(self._lang_bit, c.languages, "_langs")
        iv = tg.weekly_intervals(c.weekly)
        self._widen("_win_s", len(iv))
        self._widen("_win_e", len(iv))
        self._win_s[slot] = self._win_e[slot] = 0.0
        for j, (s, e) in enumerate(iv):
            self._win_s[slot, j], self._win_e[slot, j] = s, e
        for bs, be in tg.merge_busy(c.busy):
            self._add_busy(slot, bs, be)

    def _add_busy(self, slot: int, s: float, e: float) -> None:
        """Append one busy interval for ``slot``."""
        if self._nb == self._busy_s.size:
            cap = max(64, 2 * self._nb)
            for name, dtype in (("_busy_s", float), ("_busy_e", float), ("_busy_owner", np.int64)):
                out = np.full(cap, -1, dtype=dtype)
                out[: self._nb] = getattr(self, name)[: self._nb]
                setattr(self, name, out)
        self._busy_s[self._nb], self._busy_e[self._nb] = s, e
        self._busy_owner[self._nb] = slot
        self._nb += 1

    def _kill_busy(self, slot: int) -> None:
        """Forget the busy intervals of ``slot``."""
        owner = self._busy_owner[: self._nb]
        owner[owner == slot] = -1

    def _refresh_bitmaps(self, slots: np.ndarray) -> None:
        """Recompute packed 15-minute bitmaps (any minute free -> bit set) for ``slots``."""
        for lo in range(0, slots.size, 1024):  # chunks bound the dense temporary arrays
            self._refresh_bitmap_chunk(slots[lo : lo + 1024])

    def _refresh_bitmap_chunk(self, slots: np.ndarray) -> None:
        """Recompute the bitmaps of one chunk of slots."""
        if slots.size == 0:
            return
        s, e = self._win_s[slots], self._win_e[slots]
        diff = np.zeros((slots.size, tg.SLOTS_PER_WEEK + 1), dtype=np.int32)
        rows = np.repeat(np.arange(slots.size), s.shape[1])
        real = (e > s).ravel()
        lo = (s.ravel() // tg.SLOT_MIN).astype(np.int64)
        hi = (-(-e.ravel() // tg.SLOT_MIN)).astype(np.int64)
        np.add.at(diff, (rows[real], lo[real]), 1)
        np.add.at(diff, (rows[real], hi[real]), -1)
        bits = np.cumsum(diff, axis=1)[:, : tg.SLOTS_PER_WEEK] > 0
        self._bitmap[slots] = np.packbits(bits, axis=1, bitorder="little")
