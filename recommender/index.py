"""CandidateIndex: a numpy snapshot of all candidates answering rank queries by one scan.

Filter, then score, then take the top k. The scan runs over every live candidate with
each one's own radius (a dot product of unit vectors against a per-candidate cosine
threshold), then narrows the survivors by skill and language bitmasks and the exclusion
list, checks the exact haversine distance, bounds coverage from packed 15-minute weekly
bitmaps (a prefilter only: it never rejects a candidate who could qualify), and computes
exact minute coverage, busy intervals included, only for what is left.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import timegrid as tg
from .features import SIGNALS, distance_decay, popcount, rating_signal, reliability_signal
from .geo import cos_of_radius, haversine_km, unit_vectors
from .ranker import Ranker
from .store import CandidateStore
from .types import Candidate, Match, ShiftRequest

_BYTE_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little")
_DOT_SLACK = 1e-9  # the dot-product radius test only prefilters; haversine decides


@dataclass(frozen=True)
class EligibleSet:
    """All eligible candidates of one shift with their signals (unsorted)."""

    ids: np.ndarray
    distance_km: np.ndarray
    coverage: np.ndarray
    signals: np.ndarray  # (m, len(SIGNALS)), columns in SIGNALS order


class CandidateIndex(CandidateStore):
    """Ranks candidates for shifts; ``update``/``remove``/``rebuild`` keep it fresh."""

    def __init__(self, candidates: Iterable[Candidate], ranker: Ranker | None = None):
        self.ranker = ranker if ranker is not None else Ranker()
        # One lock for queries and changes: a worker's threads may share one index.
        self._lock = threading.RLock()
        self._load(candidates)

    def rebuild(self, candidates: Iterable[Candidate] | None = None) -> None:
        """Rebuild from ``candidates``, or compact the current ones (refits text IDF)."""
        with self._lock:
            self._load(self.candidates() if candidates is None else candidates)

    def update(self, candidate: Candidate) -> None:
        """Insert or replace a candidate (matched by id); visible to the next ``rank``."""
        with self._lock:
            super().update(candidate)

    def remove(self, candidate_id: int) -> None:
        """Drop a candidate by id (no error if absent)."""
        with self._lock:
            super().remove(candidate_id)

    def rank(self, shift: ShiftRequest, k: int = 20) -> list[Match]:
        """Return the best ``k`` eligible candidates, best first; ties by distance, then id."""
        found = self.eligible(shift)
        if k <= 0 or found.ids.size == 0:
            return []
        contrib = self.ranker.contributions(found.signals)
        scores = self.ranker.total(contrib)
        m = scores.size
        if k < m:
            kth = np.partition(-scores, k - 1)[k - 1]
            pool = np.flatnonzero(-scores <= kth)  # keeps every tie at the boundary
        else:
            pool = np.arange(m)
        order = pool[np.lexsort((found.ids[pool], found.distance_km[pool], -scores[pool]))][:k]
        # One tolist() per column: element-wise numpy scalars cost more than the Matches.
        columns = zip(
            found.ids[order].tolist(),
            scores[order].tolist(),
            found.distance_km[order].tolist(),
            found.coverage[order].tolist(),
            contrib[order].tolist(),
            strict=True,
        )
        return [
            Match(
                candidate_id=candidate_id,
                score=score,
                distance_km=distance_km,
                coverage=coverage,
                reasons=dict(zip(SIGNALS, reasons, strict=True)),
            )
            for candidate_id, score, distance_km, coverage, reasons in columns
        ]

    def eligible(self, shift: ShiftRequest) -> EligibleSet:
        """Return every candidate passing the hard filters, with distance, coverage, signals."""
        with self._lock:
            return self._eligible(shift)

    def _eligible(self, shift: ShiftRequest) -> EligibleSet:
        """Compute ``eligible`` (caller holds the lock)."""
        parts = []  # (segments, local runs, u0, u1) per span; one span for a single shift
        for start, end in shift.time_spans():
            u0, u1 = tg.epoch_minutes(start), tg.epoch_minutes(end)
            if u1 <= u0:
                raise ValueError("shift end must be after its start")
            segs = tg.offset_segments(u0, u1)
            parts.append((segs, tg.local_runs(segs, u0, u1), u0, u1))
        idx = self._within_radius(shift)
        idx = self._filter_skills_languages(shift, idx)
        if shift.exclude and idx.size:
            gone = [self._slot_of[i] for i in shift.exclude if i in self._slot_of]
            idx = idx[~np.isin(idx, gone)]
        dist = np.atleast_1d(haversine_km(shift.lat, shift.lon, self._lat[idx], self._lon[idx]))
        limit = self._max_travel[idx]
        if shift.max_distance_km is not None:
            limit = np.minimum(limit, float(shift.max_distance_km))
        keep = dist <= limit
        idx, dist = idx[keep], dist[keep]
        total = sum(u1 - u0 for _s, _r, u0, u1 in parts)
        if shift.min_coverage > 0 and idx.size:
            bound = self._coverage_bound(idx, parts[0][1])
            for _segs, runs, _u0, _u1 in parts[1:]:
                bound += self._coverage_bound(idx, runs)
            keep = bound >= shift.min_coverage * total - 1e-6
            idx, dist = idx[keep], dist[keep]
        free = tg.covered_minutes(self._win_s[idx], self._win_e[idx], parts[0][1])
        for _segs, runs, _u0, _u1 in parts[1:]:
            free += tg.covered_minutes(self._win_s[idx], self._win_e[idx], runs)
        for segs, _runs, u0, u1 in parts:
            self._subtract_busy(idx, free, segs, u0, u1)
        cov = np.maximum(free, 0.0) / total
        keep = cov >= shift.min_coverage
        idx, dist, cov = idx[keep], dist[keep], cov[keep]
        return EligibleSet(self._ids[idx], dist, cov, self._signals(shift, idx, dist, cov))

    # -- the scan ------------------------------------------------------------------------

    def _within_radius(self, shift: ShiftRequest) -> np.ndarray:
        """Return live slots whose unit vector is within their own (and the shift's) radius."""
        n = self._n
        q = unit_vectors(shift.lat, shift.lon)
        dot = self._xyz[0, :n] * q[0]
        dot += self._xyz[1, :n] * q[1]
        dot += self._xyz[2, :n] * q[2]
        thr = self._cos_travel[:n]
        if shift.max_distance_km is not None:
            thr = np.maximum(thr, cos_of_radius(float(shift.max_distance_km)))
        dot += _DOT_SLACK
        return np.flatnonzero((dot >= thr) & self._alive[:n])

    def _filter_skills_languages(self, shift: ShiftRequest, idx: np.ndarray) -> np.ndarray:
        """Keep slots with every required skill and, if asked, one of the languages."""
        if shift.required_skills and idx.size:
            req = self._mask(self._skill_bit, shift.required_skills, self._skills.shape[1])
            if req is None:  # a required skill nobody has
                return idx[:0]
            idx = idx[((self._skills[idx] & req) == req).all(axis=1)]
        if shift.languages and idx.size:
            langs = self._mask(self._lang_bit, shift.languages, self._langs.shape[1], any_=True)
            if langs is None:
                return idx[:0]
            idx = idx[((self._langs[idx] & langs) != 0).any(axis=1)]
        return idx

    def _coverage_bound(self, idx: np.ndarray, runs: Sequence[tg.Run]) -> np.ndarray:
        """Return an upper bound of free shift minutes from the 15-minute bitmaps."""
        weights = tg.shift_slot_minutes(runs)
        by_byte: dict[int, np.ndarray] = {}
        for slot, minutes in weights.items():
            by_byte.setdefault(slot // 8, np.zeros(8))[slot % 8] = minutes
        bound = np.zeros(idx.size)
        for col, w in by_byte.items():  # a 256-entry table per byte of the bitmap
            bound += (_BYTE_BITS @ w)[self._bitmap[idx, col]]
        return bound

    def _subtract_busy(
        self,
        idx: np.ndarray,
        free: np.ndarray,
        segs: Sequence[tuple[float, float, int]],
        u0: float,
        u1: float,
    ) -> None:
        """Subtract window minutes lost to busy intervals overlapping the shift, in place."""
        nb = self._nb
        if nb == 0 or idx.size == 0:
            return
        owner = self._busy_owner[:nb]
        hit = np.flatnonzero((self._busy_e[:nb] > u0) & (self._busy_s[:nb] < u1) & (owner >= 0))
        if hit.size == 0:
            return
        pos = np.full(self._n, -1, dtype=np.int64)
        pos[idx] = np.arange(idx.size)
        hit = hit[pos[owner[hit]] >= 0]
        rows_a, lo, hi = tg.busy_runs(
            segs, np.maximum(self._busy_s[hit], u0), np.minimum(self._busy_e[hit], u1)
        )
        if rows_a.size == 0:
            return
        rows_a = pos[owner[hit[rows_a]]]
        starts, ends = self._win_s[idx[rows_a]], self._win_e[idx[rows_a]]
        length = ends - starts
        a, b = lo[:, None], hi[:, None]
        lost = (np.clip(b - starts, 0.0, length) - np.clip(a - starts, 0.0, length)).sum(axis=1)
        np.subtract.at(free, rows_a, lost)

    def _signals(
        self, shift: ShiftRequest, idx: np.ndarray, dist: np.ndarray, cov: np.ndarray
    ) -> np.ndarray:
        """Return the signal matrix of eligible slots, columns in ``SIGNALS`` order."""
        r = self.ranker
        if shift.preferred_skills and idx.size:
            pref = self._mask(self._skill_bit, shift.preferred_skills, self._skills.shape[1], True)
            have = popcount(self._skills[idx] & pref) if pref is not None else 0.0
            skills = np.zeros(idx.size) + have / len(shift.preferred_skills)
        else:
            skills = np.zeros(idx.size)
        cols = {
            "distance": distance_decay(dist, r.distance_scale_km),
            "coverage": cov,
            "rating": rating_signal(
                self._rating_sum[idx],
                self._rating_count[idx],
                r.rating_prior_mean,
                r.rating_prior_count,
            ),
            "reliability": reliability_signal(
                self._completed[idx],
                self._cancelled[idx],
                r.reliability_prior_good,
                r.reliability_prior_bad,
            ),
            "skills": skills,
            "text": self._text_similarity(shift.text, idx),
            "ring": np.isin(self._ids[idx], np.fromiter(shift.ring, dtype=np.int64)).astype(float),
            "on_call": self._on_call[idx].astype(np.float64),
        }
        return np.column_stack([cols[s] for s in SIGNALS]).reshape(idx.size, len(SIGNALS))

    def _text_query_buffer(self) -> np.ndarray:
        """Return a zeroed dense query vector, reused across queries (cleared after use)."""
        buf = getattr(self, "_dense_query", None)
        if buf is None or buf.size != self._text_model.n_features:
            buf = self._dense_query = np.zeros(self._text_model.n_features)
        return buf

    def _text_similarity(self, text: str, idx: np.ndarray) -> np.ndarray:
        """Return char n-gram TF-IDF cosine of the shift text with each slot's announcement."""
        sims = np.zeros(idx.size, dtype=np.float64)
        if not text.strip() or idx.size == 0:
            return sims
        q_idx, q_val = self._text_model.query_vector(text)
        dense = self._text_query_buffer()
        dense[q_idx] = q_val
        try:
            main = (idx < self._text_main.shape[0]) & ~self._text_overlaid[idx]
            if main.any():
                sims[main] = self._text_main[idx[main]] @ dense
            for p in np.flatnonzero(~main):
                row = self._text_overlay.get(int(idx[p]))
                if row is not None:
                    sims[p] = float((row @ dense)[0])
        finally:
            dense[q_idx] = 0.0
        return sims
