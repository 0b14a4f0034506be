"""A position is ranked over several spans; a single-shift request ranks exactly as before."""

import random
from datetime import timedelta

from rec_helpers import ALWAYS, KEMI, local

from recommender import Candidate, CandidateIndex, ShiftRequest
from recommender.timegrid import coverage


def _people(n=60, seed=7):
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        day = rng.randrange(7)
        weekly = ALWAYS if i % 5 == 0 else ((day, 360, 1200), ((day + 1) % 7, 480, 900))
        start = local(2026, 3, 2 + rng.randrange(7), rng.randrange(6, 14))
        out.append(
            Candidate(
                id=i,
                lat=KEMI[0] + rng.uniform(-0.3, 0.3),
                lon=KEMI[1] + rng.uniform(-0.3, 0.3),
                max_travel_km=rng.uniform(10, 60),
                weekly=weekly,
                busy=((start, start + timedelta(hours=3)),),
                rating_sum=rng.randrange(0, 20),
                rating_count=rng.randrange(0, 5),
                on_call=i % 3 == 0,
            )
        )
    return out


def test_one_span_given_as_spans_ranks_exactly_like_a_single_shift():
    index = CandidateIndex(_people())
    for day in range(2, 9):
        start, end = local(2026, 3, day, 8), local(2026, 3, day, 14)
        plain = ShiftRequest(lat=KEMI[0], lon=KEMI[1], start=start, end=end, min_coverage=0.5)
        spanned = ShiftRequest(
            lat=KEMI[0], lon=KEMI[1], start=start, end=end, min_coverage=0.5, spans=((start, end),)
        )
        assert index.rank(plain, 50) == index.rank(spanned, 50)


def test_single_shift_coverage_still_matches_the_reference():
    people = _people()
    index = CandidateIndex(people)
    start, end = local(2026, 3, 3, 7), local(2026, 3, 3, 15)
    shift = ShiftRequest(lat=KEMI[0], lon=KEMI[1], start=start, end=end, min_coverage=0.0)
    by_id = {c.id: c for c in people}
    for match in index.rank(shift, 100):
        expected = coverage(
            by_id[match.candidate_id].weekly, by_id[match.candidate_id].busy, start, end
        )
        assert abs(match.coverage - expected) < 1e-9


def test_coverage_is_over_all_occurrences_and_busy_ones_count():
    mondays = ((0, 480, 840),)
    free = Candidate(id=1, lat=KEMI[0], lon=KEMI[1], max_travel_km=50, weekly=mondays)
    monday = local(2026, 3, 9, 8)
    busy_one = Candidate(
        id=2,
        lat=KEMI[0],
        lon=KEMI[1],
        max_travel_km=50,
        weekly=mondays,
        busy=((monday + timedelta(days=7), monday + timedelta(days=7, hours=6)),),
    )
    spans = tuple(
        (monday + timedelta(days=7 * w), monday + timedelta(days=7 * w, hours=6)) for w in range(4)
    )
    request = ShiftRequest(
        lat=KEMI[0], lon=KEMI[1], start=spans[0][0], end=spans[0][1], min_coverage=0.0, spans=spans
    )
    found = {m.candidate_id: m.coverage for m in CandidateIndex([free, busy_one]).rank(request)}
    assert found == {1: 1.0, 2: 0.75}
    strict = ShiftRequest(lat=KEMI[0], lon=KEMI[1], start=spans[0][0], end=spans[0][1], spans=spans)
    assert [m.candidate_id for m in CandidateIndex([free, busy_one]).rank(strict)] == [1]
