"""Offline evaluation: synthetic offer history, fitted vs default vs distance-only NDCG@10.

A population of assistants lives around Länsi-Pohja and Lapland municipal centres.
Each synthetic shift is offered to up to ``offers_per_shift`` eligible assistants chosen
uniformly at random (a logged random policy, so the offered lists are unbiased), and each
says yes with probability sigmoid(intercept + true_weights . signals): the configurable
"true" acceptance behaviour. An accepted shift is rated later; assistants with a worse
hidden quality get worse ratings. The ranker is fitted on one history and scored on
another drawn from the same behaviour.

Run: ``python -m recommender.evaluate [--shifts 400] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from .features import SIGNALS
from .index import CandidateIndex
from .metrics import grouped_ndcg
from .ranker import Ranker
from .types import Candidate, Outcome, ShiftRequest

HELSINKI = ZoneInfo("Europe/Helsinki")
CENTRES = {  # municipal centres (lat, lon)
    "Kemi": (65.7365, 24.5637),
    "Tornio": (65.8481, 24.1466),
    "Keminmaa": (65.8014, 24.5443),
    "Tervola": (66.0839, 24.8072),
    "Simo": (65.6611, 25.0631),
    "Ylitornio": (66.3063, 23.6719),
    "Rovaniemi": (66.5028, 25.7285),
    "Kittilä": (67.6530, 24.9102),
    "Sodankylä": (67.4170, 26.5906),
}
SKILLS = ("lift", "hoist", "driving", "sign_language", "tube_feeding", "first_aid")
LANGS = ("fi", "sv", "se", "en")
PHRASES = (
    "siirtoavustaja, nostolaite tuttu",
    "pyörätuolinkäyttäjän avustaminen kotona ja asioinnilla",
    "yövuorot ja viikonloput sopivat",
    "viittomakieli, tulkkaus",
    "ajokortti ja oma auto, kuljetukset harrastuksiin",
    "talar svenska, hjälp i vardagen",
    "lastenhoito ja koululaisen avustaminen",
    "saamen kieli, porotilan arki",
)


@dataclass(frozen=True)
class TrueBehaviour:
    """The simulated assistants' real acceptance model over the ranking signals."""

    weights: dict[str, float] = field(
        default_factory=lambda: {
            "distance": 4.0,
            "coverage": 0.0,
            "rating": 0.5,
            "reliability": 2.0,
            "skills": 1.5,
            "text": 3.0,
            "ring": 2.5,
            "on_call": 0.3,
        }
    )
    intercept: float = -6.0


def make_candidates(n: int, rng: random.Random) -> list[Candidate]:
    """Return ``n`` assistants scattered around the centres with varied histories."""
    names = list(CENTRES)
    out = []
    for cid in range(1, n + 1):
        lat, lon = CENTRES[rng.choice(names)]
        start = rng.choice([0, 360, 420, 480, 600])
        days = rng.sample(range(7), rng.randint(3, 7))
        weekly = tuple((d, start, min(1440, start + rng.choice([480, 720, 1080]))) for d in days)
        if rng.random() < 0.3:
            weekly = tuple((d, 0, 1440) for d in range(7))
        count = rng.randint(0, 40)
        mean = rng.uniform(3.0, 5.0)
        done = rng.randint(0, 80)
        out.append(
            Candidate(
                id=cid,
                lat=lat + rng.gauss(0, 0.12),
                lon=lon + rng.gauss(0, 0.25),
                max_travel_km=rng.choice([20.0, 40.0, 60.0, 100.0, 150.0]),
                weekly=weekly,
                skills=frozenset(rng.sample(SKILLS, rng.randint(0, 4))),
                languages=frozenset({"fi"} | set(rng.sample(LANGS, rng.randint(0, 2)))),
                rating_sum=round(mean * count, 1),
                rating_count=count,
                completed=done,
                cancelled_late=int(done * rng.uniform(0, 0.2)),
                on_call=rng.random() < 0.3,
                text=" ".join(rng.sample(PHRASES, 2)),
            )
        )
    return out


def make_shift(rng: random.Random, candidates: list[Candidate]) -> ShiftRequest:
    """Return a random shift at a centre in the next weeks, with a ring of past helpers."""
    lat, lon = CENTRES[rng.choice(list(CENTRES))]
    day = datetime(2026, 11, 2, tzinfo=HELSINKI) + timedelta(days=rng.randint(0, 27))
    start = day + timedelta(minutes=rng.choice([420, 480, 600, 900, 1080]))
    return ShiftRequest(
        lat=lat + rng.gauss(0, 0.05),
        lon=lon + rng.gauss(0, 0.1),
        start=start,
        end=start + timedelta(hours=rng.choice([3, 4, 6, 8])),
        preferred_skills=frozenset(rng.sample(SKILLS, rng.randint(0, 2))),
        min_coverage=rng.choice([1.0, 1.0, 0.75]),
        ring=frozenset(c.id for c in rng.sample(candidates, 30)),
        text=rng.choice(PHRASES),
    )


def simulate(
    candidates: list[Candidate],
    n_shifts: int,
    behaviour: TrueBehaviour,
    seed: int,
    offers_per_shift: int = 15,
) -> list[Outcome]:
    """Return the outcomes of offering ``n_shifts`` shifts to random eligible assistants."""
    rng = random.Random(seed)  # noqa: S311 - simulation, not security
    index = CandidateIndex(candidates)
    by_id = {c.id: c for c in candidates}
    w = np.array([behaviour.weights[s] for s in SIGNALS])
    outcomes: list[Outcome] = []
    while n_shifts > 0:
        shift = make_shift(rng, candidates)
        found = index.eligible(shift)
        if found.ids.size < 3:
            continue
        n_shifts -= 1
        pick = rng.sample(range(found.ids.size), min(offers_per_shift, found.ids.size))
        for i in pick:
            p = 1.0 / (1.0 + np.exp(-(behaviour.intercept + found.signals[i] @ w)))
            cand = by_id[int(found.ids[i])]
            accepted = rng.random() < p
            rating = None
            if accepted and rng.random() < 0.7:
                mean = cand.rating_sum / cand.rating_count if cand.rating_count else 4.0
                rating = float(min(5, max(1, round(rng.gauss(mean, 0.8)))))
            outcomes.append(Outcome(shift, cand, accepted, rating))
    return outcomes


def evaluate(
    n_candidates: int = 1500,
    n_train_shifts: int = 400,
    n_test_shifts: int = 300,
    behaviour: TrueBehaviour | None = None,
    seed: int = 1,
) -> dict[str, float]:
    """Return mean NDCG@10 on a fresh history for fitted, default and distance-only order."""
    behaviour = behaviour or TrueBehaviour()
    candidates = make_candidates(n_candidates, random.Random(seed))  # noqa: S311
    train = simulate(candidates, n_train_shifts, behaviour, seed + 1)
    test = simulate(candidates, n_test_shifts, behaviour, seed + 2)
    fitted = Ranker().fit(train)
    x, y, groups, dist, ids = Ranker().design_matrix(test)
    return {
        "fitted": grouped_ndcg(x @ fitted.weight_vector(), y, groups, dist, ids),
        "default": grouped_ndcg(x @ Ranker().weight_vector(), y, groups, dist, ids),
        "distance_only": grouped_ndcg(-dist, y, groups, dist, ids),
        "true_model": grouped_ndcg(
            x @ np.array([behaviour.weights[s] for s in SIGNALS]), y, groups, dist, ids
        ),
        "train_outcomes": float(len(train)),
        "test_outcomes": float(len(test)),
        "acceptance_rate": float(np.mean([o.accepted for o in train])),
        "used_learned": float(fitted.used_learned_),
    }


def main(argv: list[str] | None = None) -> None:
    """Print the NDCG@10 figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1500)
    parser.add_argument("--train-shifts", type=int, default=400)
    parser.add_argument("--test-shifts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    res = evaluate(args.candidates, args.train_shifts, args.test_shifts, seed=args.seed)
    print(
        f"outcomes: train {res['train_outcomes']:.0f}, test {res['test_outcomes']:.0f}, "
        f"acceptance {res['acceptance_rate']:.1%}"
    )
    for name in ("fitted", "default", "distance_only", "true_model"):
        print(f"NDCG@10 {name:14s} {res[name]:.4f}")
    print(f"fitted weights used: {bool(res['used_learned'])}")


if __name__ == "__main__":
    main()
