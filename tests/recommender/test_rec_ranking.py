"""Eligibility rules, explainable scores, tie-breaks and index maintenance."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from geopy.distance import geodesic
from rec_helpers import KEMI

from recommender import Candidate, CandidateIndex, Match, Ranker, haversine_km
from recommender.features import SIGNALS


def test_haversine_scalar_and_vector_within_015_percent_of_geodesic():
    """R = 6391.7 km keeps haversine within 0.15 % of WGS-84 across Finland."""
    pairs = [((60.17, 24.94), (69.91, 27.03)), (KEMI, (65.85, 24.15)), ((60.0, 20.0), (70.0, 31.0))]
    for a, b in pairs:
        d = haversine_km(*a, *b)
        assert isinstance(d, float)
        assert d == pytest.approx(geodesic(a, b).km, rel=0.0015)
    lat2 = [b[0] for _, b in pairs]
    lon2 = [b[1] for _, b in pairs]
    vec = haversine_km(KEMI[0], KEMI[1], lat2, lon2)
    assert vec.shape == (3,)
    assert vec[1] == haversine_km(*KEMI, 65.85, 24.15)


def test_reasons_sum_exactly_to_score_and_name_every_signal(make_candidate, make_shift):
    """Each match explains itself: one contribution per signal, summing to the score."""
    cands = [
        make_candidate(1, skills=frozenset({"lift"}), on_call=True, text="siirtoavustaja"),
        make_candidate(2, lat=65.9, rating_sum=40.0, rating_count=9, completed=20),
    ]
    shift = make_shift(preferred_skills=frozenset({"lift"}), ring=frozenset({2}), text="siirrot")
    matches = CandidateIndex(cands).rank(shift)
    assert len(matches) == 2
    for m in matches:
        assert tuple(m.reasons) == SIGNALS
        assert m.score == sum(m.reasons.values())
    first = {m.candidate_id: m for m in matches}
    assert first[1].reasons["skills"] > 0
    assert first[2].reasons["skills"] == 0
    assert first[2].reasons["ring"] > 0
    assert first[1].reasons["ring"] == 0
    assert first[1].reasons["text"] > 0
    assert first[1].reasons["on_call"] > 0


def test_one_five_star_does_not_beat_forty_4_8s(make_candidate, make_shift):
    """Bayesian rating: forty 4.8-star ratings outrank a single 5-star rating."""
    cands = [
        make_candidate(1, rating_sum=5.0, rating_count=1),
        make_candidate(2, rating_sum=4.8 * 40, rating_count=40),
    ]
    matches = CandidateIndex(cands).rank(make_shift())
    assert [m.candidate_id for m in matches] == [2, 1]
    assert matches[0].reasons["rating"] > matches[1].reasons["rating"]


def test_late_cancellations_lower_reliability(make_candidate, make_shift):
    """Reliability is smoothed: 0 of 2 cancelled beats 5 of 20."""
    cands = [make_candidate(1, completed=15, cancelled_late=5), make_candidate(2, completed=2)]
    matches = CandidateIndex(cands).rank(make_shift())
    assert [m.candidate_id for m in matches] == [2, 1]


def test_ties_break_by_distance_then_id(make_candidate, make_shift):
    """Equal scores order by distance, then by id."""
    ranker = Ranker(weights={"distance": 0.0})
    cands = [
        make_candidate(30, lat=KEMI[0] + 0.05),
        make_candidate(20, lat=KEMI[0] + 0.10),
        make_candidate(10, lat=KEMI[0] + 0.05),
    ]
    matches = CandidateIndex(cands, ranker).rank(make_shift())
    assert len({m.score for m in matches}) == 1
    assert [m.candidate_id for m in matches] == [10, 30, 20]
    assert CandidateIndex(cands, ranker).rank(make_shift(), k=2) == matches[:2]


def test_hard_filters(make_candidate, make_shift):
    """Exclusion, both distance limits, required skills, languages and coverage filter."""
    cands = [
        make_candidate(1, skills=frozenset({"lift"}), languages=frozenset({"sv"})),
        make_candidate(2, skills=frozenset({"lift"}), languages=frozenset({"fi"})),
        make_candidate(3, lat=KEMI[0] + 0.5, skills=frozenset({"lift"}), max_travel_km=100.0),
        make_candidate(4, lat=KEMI[0] + 0.5, skills=frozenset({"lift"}), max_travel_km=50.0),
        make_candidate(5, skills=frozenset({"lift"}), weekly=((0, 480, 720),)),
        make_candidate(6),
    ]
    index = CandidateIndex(cands)

    def ids(**kw):
        return {m.candidate_id for m in index.rank(make_shift(**kw), k=100)}

    lift = frozenset({"lift"})
    assert ids(required_skills=lift) == {1, 2, 3}
    assert ids(required_skills=lift, min_coverage=0.5) == {1, 2, 3, 5}
    assert ids(required_skills=lift, exclude=frozenset({1, 6})) == {2, 3}
    assert ids(required_skills=lift, max_distance_km=40.0) == {1, 2}
    assert ids(languages=frozenset({"sv", "se"})) == {1}
    assert ids(required_skills=frozenset({"lift", "unknown skill"})) == set()
    assert ids() == {1, 2, 3, 6}


def test_rank_k_edge_cases(make_candidate, make_shift):
    """k <= 0 returns nothing; k beyond the eligible count returns all, best first."""
    index = CandidateIndex([make_candidate(i, lat=KEMI[0] + i / 100) for i in range(1, 6)])
    assert index.rank(make_shift(), k=0) == []
    everyone = index.rank(make_shift(), k=50)
    assert [m.candidate_id for m in everyone] == [1, 2, 3, 4, 5]
    assert all(isinstance(m, Match) for m in everyone)
    assert CandidateIndex([]).rank(make_shift()) == []


def test_update_remove_rebuild_keep_rankings_fresh(make_candidate, make_shift):
    """A booking, a new skill and a removal show in the next ranking; rebuild agrees."""
    index = CandidateIndex([make_candidate(1), make_candidate(2, lat=KEMI[0] + 0.1)])
    shift = make_shift()
    assert [m.candidate_id for m in index.rank(shift)] == [1, 2]
    booked = ((shift.start - timedelta(hours=1), shift.start + timedelta(hours=2)),)
    index.update(make_candidate(1, busy=booked))
    assert [m.candidate_id for m in index.rank(shift)] == [2]
    many = frozenset(f"skill{i}" for i in range(70))  # more than one 64-bit word
    index.update(make_candidate(3, skills=many, text="siirrot"))
    assert [m.candidate_id for m in index.rank(make_shift(required_skills=many))] == [3]
    index.remove(2)
    index.remove(999)
    assert [m.candidate_id for m in index.rank(shift)] == [3]
    assert len(index) == 2
    assert 1 in index
    assert 2 not in index
    fresh = CandidateIndex(index.candidates())
    index.rebuild()
    text_shift = make_shift(text="siirroissa apua", min_coverage=0.0)
    assert index.rank(text_shift) == fresh.rank(text_shift)


def test_update_grows_past_capacity(make_candidate, make_shift):
    """Appending many candidates to a small index keeps every one rankable."""
    index = CandidateIndex([make_candidate(1)])
    for i in range(2, 60):
        index.update(make_candidate(i, lat=KEMI[0] + i / 1000, weekly=((0, 0, 1440),)))
    assert [m.candidate_id for m in index.rank(make_shift(), k=100)] == list(range(1, 60))


def test_import_loads_no_web_or_database_modules():
    """Importing recommender in a fresh interpreter loads neither flask, portal nor SQLAlchemy."""
    code = (
        "import recommender, sys, json; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'flask', 'portal', 'sqlalchemy'})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    assert (
        "recommender"
        in subprocess.run(
            [sys.executable, "-c", "import recommender, sys; print(sorted(sys.modules))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_text_similarity_handles_finnish_compounds(make_candidate, make_shift):
    """Character n-grams match a compound with its split, inflected form."""
    cands = [
        make_candidate(1, text="Kokenut pyörätuolinkäyttäjän avustaja, siirrot tuttuja"),
        make_candidate(2, text="Siivous ja kauppa-asiat"),
    ]
    shift = make_shift(text="Tarvitaan apua pyörätuolin käyttäjälle siirroissa")
    reasons = {m.candidate_id: m.reasons["text"] for m in CandidateIndex(cands).rank(shift)}
    assert reasons[1] > 0.1 > reasons[2]


def test_candidate_with_negative_or_nan_radius_is_never_eligible(make_candidate, make_shift):
    """A broken travel limit excludes the candidate instead of crashing or admitting all."""
    cands = [make_candidate(1, max_travel_km=-1.0), make_candidate(2, max_travel_km=float("nan"))]
    assert CandidateIndex(cands).rank(make_shift()) == []


def test_existing_candidate_class_is_frozen():
    """Contract dataclasses are frozen."""
    c = Candidate(id=1, lat=0.0, lon=0.0, max_travel_km=1.0, weekly=())
    with pytest.raises(AttributeError):
        c.lat = 1.0  # type: ignore[misc]


def test_fast_query_vector_equals_sklearn_transform():
    """The single-text query path hashes and weighs exactly like the batch transform."""
    from recommender.text import TextModel

    model = TextModel().fit(["siirtoavustaja yövuorot", "viittomakieli", "Pyörätuoli ÅÄÖ"])
    for text in ["siirtoavustaja yövuoroihin", "Pyörätuolin käyttäjä, ÅÄÖ!", "a", "   "]:
        row = model.transform([text])
        row.sort_indices()
        idx, val = model.query_vector(text)
        assert list(idx) == list(row.indices)
        assert val == pytest.approx(row.data)


def test_cached_query_vectors_follow_a_refit():
    """A repeated text is served from the cache, but a refit (new IDF) is never stale."""
    import pickle

    from recommender.text import TextModel

    model = TextModel().fit(["siirtoavustaja", "yövuorot"])
    first = model.query_vector("siirtoavustaja yöllä")
    assert model.query_vector("siirtoavustaja yöllä")[1] is first[1]
    model.fit(["siirtoavustaja"] * 50 + ["yövuorot"])  # "siirto" n-grams now common
    row = model.transform(["siirtoavustaja yöllä"])
    row.sort_indices()
    assert model.query_vector("siirtoavustaja yöllä")[1] == pytest.approx(row.data)
    copy = pickle.loads(pickle.dumps(model))  # noqa: S301 - our own object, as snapshots do
    assert copy.query_vector("yö")[1] == pytest.approx(model.query_vector("yö")[1])


def test_concurrent_queries_and_updates_stay_consistent(make_candidate, make_shift):
    """Threads sharing one index get the same answers as one thread would."""
    from concurrent.futures import ThreadPoolExecutor

    cands = [make_candidate(i, lat=KEMI[0] + i / 500, text=f"siirrot {i}") for i in range(1, 80)]
    index = CandidateIndex(cands)
    shifts = [make_shift(text="siirrot", min_coverage=c) for c in (0.0, 0.5, 1.0)] * 20
    expected = [index.rank(s) for s in shifts]

    def query(i):
        if i % 7 == 0:
            index.update(cands[i % len(cands)])  # same data: rankings must not change
        return index.rank(shifts[i])

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(query, range(len(shifts))))
    assert [[m.candidate_id for m in r] for r in got] == [
        [m.candidate_id for m in r] for r in expected
    ]
