"""Linear, explainable scoring of candidates, with weights learnable from past offers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression

from .features import SIGNALS, pair_signals
from .metrics import grouped_ndcg
from .text import TextModel
from .types import Candidate, FloatArray, Outcome, ShiftRequest

DEFAULT_WEIGHTS: dict[str, float] = {
    "distance": 1.0,
    "coverage": 0.5,
    "rating": 0.6,
    "reliability": 0.6,
    "skills": 0.5,
    "text": 0.4,
    "ring": 0.8,
    "on_call": 0.2,
}
_FORMAT = "avustajatori.recommender.Ranker/1"


def outcome_label(outcome: Outcome) -> int:
    """Return 1 for a good outcome: accepted and, if rated, rated at least 3 stars."""
    return int(outcome.accepted and (outcome.rating is None or outcome.rating >= 3.0))


# BaseEstimator is untyped (scikit-learn ships no annotations): subclassing Any.
class Ranker(BaseEstimator):  # type: ignore[misc]
    """Score = sum over signals of weight * signal; ``fit`` learns the weights.

    Parameters
    ----------
    weights : dict, optional
        Starting (default) weights per signal; missing signals take ``DEFAULT_WEIGHTS``.
    distance_scale_km : float
        Scale of the distance decay exp(-d / scale).
    rating_prior_mean, rating_prior_count : float
        Bayesian rating prior: ``count`` pseudo-ratings of ``mean`` stars.
    reliability_prior_good, reliability_prior_bad : float
        Beta prior pseudo-counts of kept and late-cancelled shifts.
    C : float
        Inverse regularisation strength of the logistic regression.
    validation_fraction : float
        Share of shifts held out in ``fit`` to check the learned weights beat the defaults.
    random_state : int
        Seed for the held-out split.
    """

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        distance_scale_km: float = 25.0,
        rating_prior_mean: float = 4.0,
        rating_prior_count: float = 5.0,
        reliability_prior_good: float = 9.0,
        reliability_prior_bad: float = 1.0,
        C: float = 1.0,
        validation_fraction: float = 0.25,
        random_state: int = 0,
    ) -> None:
        self.weights = weights
        self.distance_scale_km = distance_scale_km
        self.rating_prior_mean = rating_prior_mean
        self.rating_prior_count = rating_prior_count
        self.reliability_prior_good = reliability_prior_good
        self.reliability_prior_bad = reliability_prior_bad
        self.C = C
        self.validation_fraction = validation_fraction
        self.random_state = random_state

    # -- scoring -------------------------------------------------------------------------

    def default_weight_vector(self) -> FloatArray:
        """Return the unfitted weights in ``SIGNALS`` order."""
        w = dict(DEFAULT_WEIGHTS)
        w.update(self.weights or {})
        return np.array([float(w[s]) for s in SIGNALS], dtype=np.float64)

    def weight_vector(self) -> FloatArray:
        """Return the weights in use: learned ones after ``fit``, else the defaults."""
        learned = getattr(self, "weights_", None)
        if learned is not None:
            return np.array([learned[s] for s in SIGNALS], dtype=np.float64)
        return self.default_weight_vector()

    def contributions(self, signals: FloatArray) -> FloatArray:
        """Return per-signal contributions (m, 8) = signals * weights."""
        out: FloatArray = np.asarray(signals, dtype=np.float64) * self.weight_vector()
        return out

    @staticmethod
    def total(contributions: FloatArray) -> FloatArray:
        """Return scores summed left to right, bit-identical to ``sum(reasons.values())``."""
        score = np.zeros(contributions.shape[0], dtype=np.float64)
        for j in range(contributions.shape[1]):
            score = score + contributions[:, j]
        return score

    def score(self, signals: FloatArray) -> FloatArray:
        """Return the score of each row of a signal matrix."""
        return self.total(self.contributions(signals))

    def signals_for(
        self,
        shift: ShiftRequest,
        candidates: Sequence[Candidate],
        text_model: TextModel | None = None,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return (signals, distance_km, coverage) for candidates, eligible or not."""
        return pair_signals(
            shift,
            candidates,
            text_model,
            self.distance_scale_km,
            (self.rating_prior_mean, self.rating_prior_count),
            (self.reliability_prior_good, self.reliability_prior_bad),
        )

    # -- learning ------------------------------------------------------------------------

    def design_matrix(
        self, outcomes: list[Outcome]
    ) -> tuple[FloatArray, NDArray[np.int_], NDArray[np.int_], FloatArray, NDArray[np.int_]]:
        """Return (signals, labels, shift group, distance_km, ids) for outcomes by shift."""
        text_model = TextModel().fit({o.candidate.text for o in outcomes})
        by_shift: dict[ShiftRequest, list[Outcome]] = {}
        for o in outcomes:
            by_shift.setdefault(o.shift, []).append(o)
        xs: list[FloatArray] = []
        ys: list[list[int]] = []
        gs: list[NDArray[np.int_]] = []
        ds: list[FloatArray] = []
        ids: list[list[int]] = []
        for g, (shift, group) in enumerate(by_shift.items()):
            sig, dist, _ = self.signals_for(shift, [o.candidate for o in group], text_model)
            xs.append(sig)
            ys.append([outcome_label(o) for o in group])
            gs.append(np.full(len(group), g))
            ds.append(dist)
            ids.append([o.candidate.id for o in group])
        return (
            np.vstack(xs),
            np.concatenate(ys).astype(int),
            np.concatenate(gs),
            np.concatenate(ds),
            np.concatenate(ids),
        )

    def _logistic(self, x: FloatArray, y: NDArray[np.int_]) -> Any:
        """Fit the logistic model of a good outcome on raw signals."""
        return LogisticRegression(C=self.C, max_iter=1000).fit(x, y)

    @staticmethod
    def _ndcg(
        w: FloatArray,
        x: FloatArray,
        y: NDArray[np.int_],
        groups: NDArray[np.int_],
        dist: FloatArray,
        ids: NDArray[np.int_],
    ) -> float:
        """Return mean NDCG@10 over shift groups when scoring with weights ``w``."""
        return grouped_ndcg(x @ w, y, groups, dist, ids)

    def fit(self, outcomes: Iterable[Outcome]) -> Ranker:
        """Learn signal weights from past offers; returns self.

        A logistic regression of a good outcome (accepted, and rated >= 3 when rated) on
        the raw signals gives the weights. Its coefficients are used only if, on shifts
        held out from that fit, they rank at least as well (NDCG@10) as the defaults;
        otherwise the defaults stay. The chosen weights are then refitted on all data.
        """
        outcomes = list(outcomes)
        default = self.default_weight_vector()
        self.n_outcomes_ = len(outcomes)
        self.signal_names_ = SIGNALS
        self.n_features_in_ = len(SIGNALS)
        self.intercept_ = 0.0
        self.validation_ndcg_ = {"fitted": float("nan"), "default": float("nan")}
        self.used_learned_ = False
        self.weights_ = dict(zip(SIGNALS, default.tolist(), strict=True))
        if not outcomes:
            return self
        x, y, groups, dist, ids = self.design_matrix(outcomes)
        if len(np.unique(y)) < 2:
            return self
        rng = np.random.default_rng(self.random_state)
        shuffled = rng.permutation(np.unique(groups))
        n_val = int(round(len(shuffled) * self.validation_fraction))
        val = np.isin(groups, shuffled[:n_val])
        if n_val and len(np.unique(y[~val])) == 2 and y[val].any():
            probe = self._logistic(x[~val], y[~val])
            fitted = self._ndcg(probe.coef_[0], x[val], y[val], groups[val], dist[val], ids[val])
            base = self._ndcg(default, x[val], y[val], groups[val], dist[val], ids[val])
            self.validation_ndcg_ = {"fitted": fitted, "default": base}
            if not fitted >= base:
                return self
        model = self._logistic(x, y)
        self.used_learned_ = True
        self.intercept_ = float(model.intercept_[0])
        self.weights_ = dict(zip(SIGNALS, model.coef_[0].tolist(), strict=True))
        return self

    # -- persistence (JSON, never pickle) ------------------------------------------------

    def params_dict(self) -> dict[str, Any]:
        """Return the constructor parameters as JSON-ready data (``weights`` copied)."""
        params: dict[str, Any] = self.get_params(deep=False)
        if params["weights"] is not None:
            params["weights"] = dict(params["weights"])
        return params

    def to_dict(self) -> dict[str, Any]:
        """Return parameters and learned state as JSON-ready data."""
        learned = None
        if hasattr(self, "weights_"):
            learned = {
                "weights_": dict(self.weights_),
                "intercept_": self.intercept_,
                "n_outcomes_": self.n_outcomes_,
                "used_learned_": self.used_learned_,
                "validation_ndcg_": dict(self.validation_ndcg_),
            }
        return {"format": _FORMAT, "params": self.params_dict(), "learned": learned}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ranker:
        """Rebuild a ranker from ``to_dict`` output."""
        if data.get("format") != _FORMAT:
            raise ValueError(f"not a saved Ranker: format {data.get('format')!r}")
        ranker = cls(**data["params"])
        learned = data.get("learned")
        if learned:
            ranker.weights_ = {s: float(learned["weights_"][s]) for s in SIGNALS}
            ranker.intercept_ = float(learned["intercept_"])
            ranker.n_outcomes_ = int(learned["n_outcomes_"])
            ranker.used_learned_ = bool(learned["used_learned_"])
            ranker.validation_ndcg_ = dict(learned["validation_ndcg_"])
            ranker.signal_names_ = SIGNALS
            ranker.n_features_in_ = len(SIGNALS)
        return ranker

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the ranker to ``path`` as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, allow_nan=True))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Ranker:
        """Read a ranker written by ``save``."""
        return cls.from_dict(json.loads(Path(path).read_text()))
