"""P(an assistant answers yes within a time window), learned from past urgent offers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression, PoissonRegressor

from .offers import (
    AWAKE_GRID_MIN,
    CONTEXT_FEATURES,
    OfferContext,
    OfferRecord,
    awake_minutes,
    context_matrix,
    exposure,
    in_night,
    logit,
    night_rate,
)
from .types import FloatArray

INTERVALS: tuple[str, ...] = tuple(f"awake_{a:g}_{b:g}" for a, b in pairwise(AWAKE_GRID_MIN))
"""Names of the answer-time intervals (awake minutes since the offer)."""

_FORMAT = "avustajatori.recommender.AnswerModel/1"


def _sigmoid(z: FloatArray) -> FloatArray:
    """Return the logistic function, overflow-free."""
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def _steps(interval: NDArray[np.intp]) -> FloatArray:
    """Return step coding of interval indices: column j is 1 from interval j + 1 on.

    Each weight is the change of the log answer rate from one interval to the next, so
    the penalty pulls a thinly observed late interval towards its neighbour, not towards
    the average rate.
    """
    out: FloatArray = (np.arange(1, len(INTERVALS))[None, :] <= interval[:, None]).astype(
        np.float64
    )
    return out


# BaseEstimator is untyped (scikit-learn ships no annotations): subclassing Any.
class AnswerModel(BaseEstimator):  # type: ignore[misc]
    """P(says yes within w minutes) = P(answers within w) * P(yes | answers).

    When someone answers is a piecewise-exponential survival model in *awake* time (the
    minutes of the window outside ``night_hours``): the answer rate is constant within
    each ``AWAKE_GRID_MIN`` interval and log-linear in the offer's context (a Poisson
    regression on awake minutes at risk, so offers closed unanswered count exactly as
    long as they were watched); for an offer sent at night, its night minutes add one rate
    per minute for everyone, learned from the answers to such offers given at night
    (``offers.night_rate``). Whether the answer is yes is a logistic regression on
    answered offers. Both see tier, distance, ring, on-call, night, lead time and the
    person's own answer and yes rates, Beta-smoothed towards the population's with
    ``prior_strength`` pseudo-offers, so a newcomer is predicted as an average person.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the yes/no logistic regression.
    alpha : float
        L2 penalty of the answer-rate Poisson regression.
    prior_strength : float
        Pseudo-offers at the population rate added to each person's own counts.
    night_hours : tuple of float
        Local night ``(from, to)`` in hours; its minutes are not awake time (answers to
        offers sent at night come at the learned night rate).
    prior_yes_rate : float
        P(eventual yes) assumed before any history exists (an unfitted model).
    prior_delay_minutes : float
        Mean awake minutes to an answer assumed before any history exists.
    """

    def __init__(
        self,
        C: float = 1.0,
        alpha: float = 1e-4,
        prior_strength: float = 5.0,
        night_hours: tuple[float, float] = (22.0, 7.0),
        prior_yes_rate: float = 0.3,
        prior_delay_minutes: float = 10.0,
    ) -> None:
        self.C = C
        self.alpha = alpha
        self.prior_strength = prior_strength
        self.night_hours = night_hours
        self.prior_yes_rate = prior_yes_rate
        self.prior_delay_minutes = prior_delay_minutes

    def _night(self) -> tuple[float, float]:
        """Return the night hours as a float pair."""
        return float(self.night_hours[0]), float(self.night_hours[1])

    def _contexts(self, contexts: Sequence[OfferContext]) -> FloatArray:
        """Return the standardised context matrix."""
        x = context_matrix(contexts, self._night(), self.population_, self.prior_strength)
        out: FloatArray = (x - self.mean_) / self.scale_
        return out

    def fit(self, records: Iterable[OfferRecord]) -> AnswerModel:
        """Learn from past offers (``past_*`` counted by ``offers.with_history``); returns self."""
        rows = list(records)
        answered = [r for r in rows if r.answer != "none"]
        n_yes = sum(r.answer == "yes" for r in rows)
        self.n_records_ = len(rows)
        self.n_features_in_ = len(CONTEXT_FEATURES)
        # Laplace-smoothed (answers per offer, yeses per answer) over everyone.
        self.population_ = (
            (len(answered) + 1.0) / (len(rows) + 2.0),
            (n_yes + 1.0) / (len(answered) + 2.0),
        )
        self.night_rate_ = night_rate(rows, self._night())
        self.mean_ = np.zeros(len(CONTEXT_FEATURES))
        self.scale_ = np.ones(len(CONTEXT_FEATURES))
        self.rate_coef_: FloatArray | None = None
        self.rate_intercept_ = 0.0
        self.yes_coef_ = np.zeros(len(CONTEXT_FEATURES))
        self.yes_intercept_ = float(logit(self.population_[1]))
        if not answered:
            return self
        raw = context_matrix(
            [r.context for r in rows], self._night(), self.population_, self.prior_strength
        )
        self.mean_ = raw.mean(axis=0)
        self.scale_ = np.where(raw.std(axis=0) > 1e-12, raw.std(axis=0), 1.0)
        x = (raw - self.mean_) / self.scale_
        self._fit_rate(rows, x)
        is_answered = np.array([r.answer != "none" for r in rows])
        said_yes = np.array([r.answer == "yes" for r in answered], dtype=int)
        if 0 < said_yes.sum() < said_yes.size:
            model = LogisticRegression(C=self.C, max_iter=2000).fit(x[is_answered], said_yes)
            self.yes_coef_ = np.asarray(model.coef_[0], dtype=np.float64)
            self.yes_intercept_ = float(model.intercept_[0])
        return self

    def _fit_rate(self, rows: list[OfferRecord], x: FloatArray) -> None:
        """Fit the piecewise-constant answer rate per awake minute (Poisson regression)."""
        minutes = [
            float(r.delay_minutes or 0.0) if r.answer != "none" else r.open_minutes for r in rows
        ]
        at_risk = awake_minutes([r.context.sent_hour for r in rows], minutes, self._night())
        answered = np.array([r.answer != "none" for r in rows])
        # An answer given at night has no awake time at risk: count half a minute.
        at_risk = np.where(answered, np.maximum(at_risk, 0.5), at_risk)
        expo = exposure(at_risk)
        last = np.minimum(
            np.searchsorted(AWAKE_GRID_MIN, at_risk, side="left") - 1, len(INTERVALS) - 1
        )
        i, k = np.nonzero(expo > 0.0)
        events = (answered[i] & (k == np.maximum(last[i], 0))).astype(np.float64)
        design = np.hstack([x[i], _steps(k)])
        model = PoissonRegressor(alpha=self.alpha, max_iter=3000)
        model.fit(design, events / expo[i, k], sample_weight=expo[i, k])
        self.rate_coef_ = np.asarray(model.coef_, dtype=np.float64)
        self.rate_intercept_ = float(model.intercept_)

    def predict_answer_within(
        self, contexts: Sequence[OfferContext], window_minutes: ArrayLike
    ) -> FloatArray:
        """Return P(any answer, yes or no, within the window) per context."""
        n = len(contexts)
        w = np.broadcast_to(np.asarray(window_minutes, dtype=np.float64), (n,))
        awake = awake_minutes([c.sent_hour for c in contexts], w, self._night())
        coef = getattr(self, "rate_coef_", None)
        if coef is None:
            out: FloatArray = -np.expm1(-awake / self.prior_delay_minutes)
            return out
        ctx = self._contexts(contexts)
        m = len(CONTEXT_FEATURES)
        steps = _steps(np.arange(len(INTERVALS))) @ coef[m:]
        log_rate = (ctx @ coef[:m])[:, None] + steps[None, :] + self.rate_intercept_
        hazard = (np.exp(log_rate) * exposure(awake)).sum(axis=1)
        learned_rate = getattr(self, "night_rate_", None)
        if learned_rate is not None:  # learned from offers sent at night: only those use it
            sent_at_night = in_night([c.sent_hour for c in contexts], self._night())
            hazard = hazard + learned_rate * sent_at_night * np.maximum(w - awake, 0.0)
        return np.asarray(-np.expm1(-hazard), dtype=np.float64)

    def predict_yes_given_answer(self, contexts: Sequence[OfferContext]) -> FloatArray:
        """Return P(the answer is yes | they answer) per context."""
        if getattr(self, "rate_coef_", None) is None:  # unfitted, or no answer ever seen
            return np.full(len(contexts), self.prior_yes_rate, dtype=np.float64)
        return _sigmoid(self._contexts(contexts) @ self.yes_coef_ + self.yes_intercept_)

    def predict_yes_within(
        self, contexts: Sequence[OfferContext], window_minutes: ArrayLike
    ) -> FloatArray:
        """Return P(yes within the window) per context, each in [0, 1].

        ``window_minutes`` is one window for all or one per context; a window <= 0 gives
        0. Unfitted, the prior applies: ``prior_yes_rate`` of people answer yes, after
        exponentially distributed awake minutes with mean ``prior_delay_minutes``.
        """
        p = self.predict_answer_within(contexts, window_minutes)
        p = p * self.predict_yes_given_answer(contexts)
        w = np.broadcast_to(np.asarray(window_minutes, dtype=np.float64), p.shape)
        out: FloatArray = np.where(w > 0.0, np.clip(p, 0.0, 1.0), 0.0)
        return out

    def weights(self) -> dict[str, dict[str, float]]:
        """Return the learned weights (standardised units) of both parts; {} unfitted."""
        rate: FloatArray | None = getattr(self, "rate_coef_", None)
        if rate is None:
            return {}
        names = (*CONTEXT_FEATURES, *(f"from_{n}" for n in INTERVALS[1:]))
        return {
            "answer_rate": dict(zip(names, rate.tolist(), strict=True)),
            "yes": dict(zip(CONTEXT_FEATURES, self.yes_coef_.tolist(), strict=True)),
        }

    def knows_nights(self) -> bool:
        """Return whether the night's answer rate was learned (fitted on watched night minutes)."""
        return getattr(self, "night_rate_", None) is not None

    # -- persistence (JSON, never pickle) ------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return parameters and learned state as JSON-ready data."""
        params = self.get_params(deep=False)
        params["night_hours"] = list(params["night_hours"])
        learned = None
        if hasattr(self, "n_records_"):
            rate = self.rate_coef_
            learned = {
                "n_records_": self.n_records_,
                "population_": list(self.population_),
                "mean_": self.mean_.tolist(),
                "scale_": self.scale_.tolist(),
                "rate_coef_": None if rate is None else rate.tolist(),
                "rate_intercept_": self.rate_intercept_,
                "night_rate_": getattr(self, "night_rate_", None),
                "yes_coef_": self.yes_coef_.tolist(),
                "yes_intercept_": self.yes_intercept_,
                "features": list(CONTEXT_FEATURES),
                "intervals": list(INTERVALS),
            }
        return {"format": _FORMAT, "params": params, "learned": learned}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnswerModel:
        """Rebuild a model from ``to_dict`` output."""
        if data.get("format") != _FORMAT:
            raise ValueError(f"not a saved AnswerModel: format {data.get('format')!r}")
        params = dict(data["params"])
        params["night_hours"] = tuple(params["night_hours"])
        model = cls(**params)
        learned = data.get("learned")
        if learned:
            if learned["features"] != list(CONTEXT_FEATURES) or learned["intervals"] != list(
                INTERVALS
            ):
                raise ValueError("saved AnswerModel has other features: refit it")

            def vector(key: str) -> FloatArray:
                return np.array(learned[key], dtype=np.float64)

            model.n_records_ = int(learned["n_records_"])
            model.n_features_in_ = len(CONTEXT_FEATURES)
            model.population_ = (float(learned["population_"][0]), float(learned["population_"][1]))
            model.mean_, model.scale_ = vector("mean_"), vector("scale_")
            model.rate_coef_ = None if learned["rate_coef_"] is None else vector("rate_coef_")
            model.rate_intercept_ = float(learned["rate_intercept_"])
            saved_rate = learned.get("night_rate_")  # absent in files saved before it
            model.night_rate_ = None if saved_rate is None else float(saved_rate)
            model.yes_coef_ = vector("yes_coef_")
            model.yes_intercept_ = float(learned["yes_intercept_"])
        return model

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model to ``path`` as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AnswerModel:
        """Read a model written by ``save``."""
        return cls.from_dict(json.loads(Path(path).read_text()))
