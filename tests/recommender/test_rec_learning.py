"""Ranker: scikit-learn conventions, JSON persistence, and learning that helps."""

import inspect
import json
import random

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone

from recommender import CandidateIndex, Ranker
from recommender.evaluate import TrueBehaviour, evaluate, make_candidates, make_shift, simulate


@pytest.fixture(scope="module")
def history():
    """Return (candidates, train outcomes) from the synthetic generator."""
    cands = make_candidates(400, random.Random(5))
    return cands, simulate(cands, 120, TrueBehaviour(), seed=6)


def test_init_stores_params_only_and_fit_returns_self(history):
    """Unfitted rankers have no learned attributes; fit returns self and sets them."""
    _, outcomes = history
    ranker = Ranker(C=0.5)
    assert not [k for k in vars(ranker) if k.endswith("_")]
    assert ranker.fit(outcomes) is ranker
    learned = {k for k in vars(ranker) if k.endswith("_")}
    assert {"weights_", "intercept_", "n_outcomes_", "used_learned_"} <= learned
    assert ranker.n_outcomes_ == len(outcomes)
    assert not np.array_equal(ranker.weight_vector(), Ranker().weight_vector())


def test_ranker_is_a_scikit_learn_estimator(history):
    """clone, get_params and set_params work; a clone carries parameters, not learning."""
    _, outcomes = history
    ranker = Ranker(weights={"distance": 2.0}, C=0.5)
    assert isinstance(ranker, BaseEstimator)
    params = ranker.get_params(deep=False)
    assert set(params) == set(inspect.signature(Ranker).parameters)
    assert ranker.get_params(deep=True) == params
    assert params["C"] == 0.5
    assert params["weights"] == {"distance": 2.0}
    twin = clone(ranker)
    assert twin is not ranker
    assert twin.get_params() == params
    assert twin.weights is not ranker.weights
    assert ranker.set_params(C=2.0, distance_scale_km=30.0) is ranker
    assert (ranker.C, ranker.distance_scale_km) == (2.0, 30.0)
    with pytest.raises(ValueError, match="Invalid parameter"):
        ranker.set_params(no_such_parameter=1)
    fitted = Ranker().fit(outcomes)
    assert not [k for k in vars(clone(fitted)) if k.endswith("_")]
    assert repr(Ranker(C=0.5)) == "Ranker(C=0.5)"


def test_fit_without_both_classes_keeps_defaults(history):
    """With only refusals there is nothing to learn: defaults stay."""
    _, outcomes = history
    refused = [o for o in outcomes if not o.accepted]
    ranker = Ranker().fit(refused)
    assert ranker.used_learned_ is False
    assert np.array_equal(ranker.weight_vector(), Ranker().weight_vector())


def test_save_load_round_trip_is_json_and_ranks_identically(history, tmp_path):
    """A fitted ranker saved as JSON loads back and ranks the same, without pickle."""
    cands, outcomes = history
    ranker = Ranker(distance_scale_km=30.0).fit(outcomes)
    path = tmp_path / "ranker.json"
    ranker.save(path)
    data = json.loads(path.read_text())
    assert data["params"]["distance_scale_km"] == 30.0
    loaded = Ranker.load(path)
    assert loaded.weights_ == ranker.weights_
    shift = make_shift(random.Random(9), cands)
    assert CandidateIndex(cands, loaded).rank(shift) == CandidateIndex(cands, ranker).rank(shift)
    assert Ranker.from_dict(Ranker().to_dict()).to_dict() == Ranker().to_dict()
    with pytest.raises(ValueError, match="format"):
        Ranker.from_dict({"format": "pickle"})


def test_fitted_ranker_beats_default_and_distance_only_on_fresh_history():
    """On a held-out history from the same behaviour, learning does not hurt NDCG@10."""
    res = evaluate(n_candidates=500, n_train_shifts=150, n_test_shifts=100, seed=3)
    assert res["fitted"] >= res["default"]
    assert res["default"] > res["distance_only"]
    assert res["fitted"] <= res["true_model"] + 0.02
