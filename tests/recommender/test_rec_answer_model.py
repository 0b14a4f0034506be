"""AnswerModel: P(yes within a window) learned from offer history, with a newcomer prior."""

import json
import math
import random
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest
from answer_history import START, history, random_context, true_yes_within
from sklearn.base import clone

from recommender import AnswerModel, OfferContext, OfferRecord, with_history
from recommender.offers import CONTEXT_FEATURES, awake_minutes, context_matrix

DAY = {"tier": 3, "distance_km": 10.0, "in_ring": False, "on_call": False}
DAY.update(sent_hour=10.0, start_hour=14.0, lead_hours=4.0)


@pytest.fixture(scope="module")
def fitted():
    """Return (model fitted on generated history, the people behind a fresh history)."""
    _, records = history(seed=1)
    return AnswerModel().fit(records)


def predict(model, window, **kw):
    """Return P(yes within window) for the daytime context with changes ``kw``."""
    return float(model.predict_yes_within([OfferContext(**{**DAY, **kw})], window)[0])


def test_fit_recovers_what_makes_people_say_yes_in_time(fitted):
    """On-call and ring people say yes more, far people less, short windows less."""
    assert predict(fitted, 30, on_call=True) > predict(fitted, 30) + 0.05
    assert predict(fitted, 30, in_ring=True, tier=1) > predict(fitted, 30) + 0.05
    assert predict(fitted, 30, distance_km=50.0) < predict(fitted, 30) - 0.05
    assert predict(fitted, 30, start_hour=2.0) < predict(fitted, 30)
    windows = [2, 5, 10, 30, 120, 480]
    chances = [predict(fitted, w) for w in windows]
    assert chances == sorted(chances)
    assert chances[0] < chances[-1] / 3


def test_nobody_answers_in_their_sleep(fitted):
    """Sent at 23:00, a one-hour window is worth little; one reaching the morning is not."""
    late = predict(fitted, 60, sent_hour=23.0, start_hour=9.0, lead_hours=10.0)
    morning = predict(fitted, 9 * 60, sent_hour=23.0, start_hour=9.0, lead_hours=10.0)
    assert late < 0.02
    assert morning > 0.1


def test_predictions_are_calibrated_on_fresh_history(fitted):
    """Against the known truth of a new history the mean error per window is small."""
    people, records = history(seed=2, n_offers=1500)
    contexts = [r.context for r in records]
    for window in (5, 15, 30, 60, 240):
        pred = fitted.predict_yes_within(contexts, window)
        truth = np.array(
            [true_yes_within(r.context, people[r.assistant_id], window) for r in records]
        )
        assert abs(pred.mean() - truth.mean()) < 0.02, window
        assert np.abs(pred - truth).mean() < 0.05, window
        assert np.corrcoef(pred, truth)[0, 1] > 0.8, window


def test_newcomer_gets_the_population_prior_and_history_moves_it_gently(fitted):
    """No history: own rates sit at the population's; a record shifts the estimate."""
    newcomer = OfferContext(**DAY)
    x = context_matrix([newcomer], fitted.night_hours, fitted.population_, 5.0)[0]
    assert x[CONTEXT_FEATURES.index("own_yes")] == 0.0
    assert x[CONTEXT_FEATURES.index("own_answers")] == 0.0
    base = predict(fitted, 30)
    keen = predict(fitted, 30, past_offers=12, past_answers=12, past_yes=12)
    one_yes = predict(fitted, 30, past_offers=1, past_answers=1, past_yes=1)
    refuser = predict(fitted, 30, past_offers=12, past_answers=12, past_yes=0)
    assert refuser < base < one_yes < keen


def test_unfitted_model_uses_the_documented_prior():
    """Before any history: prior_yes_rate, reached after exponential awake minutes."""
    model = AnswerModel(prior_yes_rate=0.3, prior_delay_minutes=10.0)
    assert predict(model, 10) == pytest.approx(0.3 * (1 - math.exp(-1)))
    assert predict(model, 60, sent_hour=23.5) == 0.0
    assert predict(AnswerModel().fit([]), 10) == pytest.approx(0.3 * (1 - math.exp(-1)))


def test_outputs_are_probabilities_monotone_in_the_window(fitted):
    """Every prediction lies in [0, 1], a window <= 0 gives 0, more time never less."""
    rng = random.Random(4)
    contexts = [random_context(rng) for _ in range(300)]
    last = np.zeros(len(contexts))
    for window in (0, 1, 3, 7, 20, 45, 90, 200, 500, 1000, 3000, 10_000):
        p = fitted.predict_yes_within(contexts, window)
        assert ((p >= 0.0) & (p <= 1.0)).all()
        assert (p >= last - 1e-12).all()
        last = p
    assert (fitted.predict_yes_within(contexts, 0) == 0.0).all()
    per_context = fitted.predict_yes_within(contexts[:3], [5, 0, 60])
    assert per_context[1] == 0.0


def test_unanswered_offers_count_only_as_long_as_they_were_watched():
    """Offers closed after two minutes say little about an hour: no pull towards 'no'."""
    _, records = history(seed=3, n_offers=1500)
    closed_early = [
        OfferRecord(
            900 + i,
            START + timedelta(days=30, minutes=i),
            random_context(random.Random(i)),
            "none",
            None,
            2.0,
        )
        for i in range(3000)
    ]
    alone = AnswerModel().fit(records)
    flooded = AnswerModel().fit(with_history(records + closed_early))
    contexts = [r.context for r in records[:300]]
    late = flooded.predict_yes_within(contexts, 60).mean()
    assert late == pytest.approx(alone.predict_yes_within(contexts, 60).mean(), abs=0.02)


def test_save_load_is_json_and_predicts_the_same(fitted, tmp_path):
    """A fitted model round-trips through JSON; clone keeps parameters only."""
    path = tmp_path / "answers.json"
    fitted.save(path)
    data = json.loads(path.read_text())
    assert data["params"]["night_hours"] == [22.0, 7.0]
    loaded = AnswerModel.load(path)
    contexts = [random_context(random.Random(7)) for _ in range(50)]
    assert np.array_equal(
        loaded.predict_yes_within(contexts, 30), fitted.predict_yes_within(contexts, 30)
    )
    assert AnswerModel.from_dict(AnswerModel().to_dict()).to_dict() == AnswerModel().to_dict()
    twin = clone(fitted)
    assert twin.get_params() == fitted.get_params()
    assert not [k for k in vars(twin) if k.endswith("_")]
    with pytest.raises(ValueError, match="format"):
        AnswerModel.from_dict({"format": "pickle"})


def test_with_history_counts_only_offers_ended_before():
    """Own counts include earlier answered or closed offers, never the offer itself."""
    ctx = OfferContext(**DAY)
    t = START
    first = OfferRecord(1, t, ctx, "yes", 5.0)
    open_long = OfferRecord(1, t + timedelta(minutes=1), ctx, "none", None, 600.0)
    third = OfferRecord(1, t + timedelta(minutes=30), ctx, "no", 1.0)
    other = OfferRecord(2, t + timedelta(minutes=40), ctx, "yes", 1.0)
    out = with_history([first, open_long, third, other])
    counts = [(r.context.past_offers, r.context.past_answers, r.context.past_yes) for r in out]
    assert counts == [(0, 0, 0), (0, 0, 0), (1, 1, 1), (0, 0, 0)]
    assert replace(out[2], context=ctx) == third


def test_awake_minutes_skip_the_night():
    """From 21:00 a three-hour window has one awake hour; a day has fifteen."""
    assert awake_minutes(21.0, 180.0, (22.0, 7.0)) == pytest.approx(60.0)
    assert awake_minutes(21.0, 1440.0, (22.0, 7.0)) == pytest.approx(900.0)
    assert awake_minutes(3.0, 300.0, (22.0, 7.0)) == pytest.approx(60.0)
    assert awake_minutes(10.0, 30.0, (1.0, 6.0)) == pytest.approx(30.0)


def test_records_that_cannot_be_read_are_refused():
    """An answer without a delay, or an unknown answer, is a ValueError."""
    ctx = OfferContext(**DAY)
    with pytest.raises(ValueError, match="delay"):
        OfferRecord(1, START, ctx, "yes")
    with pytest.raises(ValueError, match="answer"):
        OfferRecord(1, START, ctx, "maybe", 1.0)  # type: ignore[arg-type]


def _night_offers(n, answered):
    """Offers sent at 23:00 for 05:00 starts: answered after 30 minutes, or silent till 05:00."""
    ctx = OfferContext(**{**DAY, "sent_hour": 23.0, "start_hour": 5.0, "lead_hours": 6.0})
    return [
        OfferRecord(5000 + i, START + timedelta(days=40, minutes=i), ctx, "yes", 30.0)
        if answered
        else OfferRecord(5000 + i, START + timedelta(days=40, minutes=i), ctx, "none", None, 360.0)
        for i in range(n)
    ]


def test_whether_people_answer_at_night_is_learned_not_assumed():
    """Nights watched in silence give about no chance; nights with answers give one."""
    _, records = history(seed=4, n_offers=1500)
    silent = AnswerModel().fit(with_history(records + _night_offers(300, answered=False)))
    awake = AnswerModel().fit(with_history(records + _night_offers(300, answered=True)))
    night = {"sent_hour": 23.0, "start_hour": 5.0, "lead_hours": 6.0}
    assert silent.knows_nights()
    assert awake.knows_nights()
    assert predict(silent, 360, **night) < 0.005
    assert predict(awake, 360, **night) > 0.05
    assert not AnswerModel().knows_nights()  # unfitted: nights are not known
    saved = AnswerModel.from_dict(json.loads(json.dumps(awake.to_dict())))
    assert predict(saved, 360, **night) == pytest.approx(predict(awake, 360, **night))
