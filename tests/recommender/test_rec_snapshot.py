"""A saved and memory-mapped index ranks exactly like the one it was saved from."""

import random
from dataclasses import replace
from datetime import timedelta

from rec_helpers import KEMI, local

from recommender import Candidate, CandidateIndex, ShiftRequest
from recommender.snapshot import facts, live_ids, load_index, save_index


def _people(n: int) -> list[Candidate]:
    rng = random.Random(5)
    busy_day = local(2026, 11, 23, 9, 0)
    return [
        Candidate(
            id=i,
            lat=KEMI[0] + rng.uniform(-0.5, 0.5),
            lon=KEMI[1] + rng.uniform(-0.8, 0.8),
            max_travel_km=rng.choice([20.0, 40.0, 80.0]),
            weekly=((0, rng.choice([0, 420, 480]), 1020), (2, 600, 1440)),
            busy=((busy_day, busy_day + timedelta(hours=2)),) if i % 5 == 0 else (),
            skills=frozenset(rng.sample(["lift", "drive", "sign", "cook"], 2)),
            languages=frozenset(["fi"] if i % 4 else ["sv"]),
            rating_sum=float(i % 11),
            rating_count=i % 3,
            completed=i % 9,
            cancelled_late=i % 2,
            on_call=i % 3 == 0,
            text=rng.choice(["siirrot ja asiointi", "ruoanlaitto", ""]),
        )
        for i in range(1, n + 1)
    ]


def _shifts() -> list[ShiftRequest]:
    monday = local(2026, 11, 23, 8, 0)
    return [
        ShiftRequest(lat=KEMI[0], lon=KEMI[1], start=monday, end=monday + timedelta(hours=6)),
        ShiftRequest(
            lat=KEMI[0] + 0.2,
            lon=KEMI[1],
            start=monday + timedelta(hours=1),
            end=monday + timedelta(hours=4),
            required_skills=frozenset({"lift"}),
            languages=frozenset({"fi"}),
            ring=frozenset({3, 9}),
            text="asiointi",
        ),
    ]


def test_loaded_index_ranks_the_same_and_takes_updates(tmp_path):
    people = _people(300)
    built = CandidateIndex(people)
    save_index(built, tmp_path / "snap", extra={"top": 7})
    loaded = load_index(tmp_path / "snap")
    assert [loaded.rank(s, 50) for s in _shifts()] == [built.rank(s, 50) for s in _shifts()]
    assert sorted(live_ids(loaded)) == [c.id for c in people]
    assert facts(loaded, 10).completed == 1
    assert facts(loaded, 10).text == people[9].text
    assert facts(loaded, 10).skills == people[9].skills
    assert facts(loaded, 10).rating_count == 1

    newcomer = Candidate(id=999, lat=KEMI[0], lon=KEMI[1], max_travel_km=50.0,
                         weekly=((0, 0, 1440),), languages=frozenset({"fi"}),
                         skills=frozenset({"lift"}))  # fmt: skip
    for index in (built, loaded):
        index.update(newcomer)
        index.remove(2)
    assert [loaded.rank(s, 50) for s in _shifts()] == [built.rank(s, 50) for s in _shifts()]
    assert any(m.candidate_id == 999 for m in loaded.rank(_shifts()[1], 400))


def test_updating_a_loaded_index_leaves_the_files_unchanged(tmp_path):
    save_index(CandidateIndex(_people(50)), tmp_path / "snap")
    first = load_index(tmp_path / "snap")
    first.remove(1)
    first.update(Candidate(id=4, lat=0.0, lon=0.0, max_travel_km=1.0, weekly=()))
    again = load_index(tmp_path / "snap")
    assert 1 in live_ids(again)
    assert facts(again, 4).lat != 0.0


def test_a_loaded_index_tells_each_candidates_facts_as_saved(tmp_path):
    """Everything but weekly windows and busy times comes back from the arrays, also
    skill masks wider than one 64-bit word."""
    many_skills = [f"skill-{n}" for n in range(70)]
    people = [
        replace(person, skills=frozenset(many_skills[person.id % 70 :: 9]) | person.skills)
        for person in _people(40)
    ]
    save_index(CandidateIndex(people), tmp_path / "snap")
    loaded = load_index(tmp_path / "snap")
    for person in people:
        assert facts(loaded, person.id) == replace(person, weekly=(), busy=())


def test_loaded_arrays_are_plain_arrays_over_the_shared_file(tmp_path):
    import mmap

    import numpy as np

    save_index(CandidateIndex(_people(50)), tmp_path / "snap")
    loaded = load_index(tmp_path / "snap")
    for array in (loaded._lat, loaded._ids, loaded._alive):
        # np.memmap indexing runs Python code per access; a plain view of the map does not
        assert type(array) is np.ndarray
        base = array
        while isinstance(base, np.ndarray):
            base = base.base
        assert isinstance(base, mmap.mmap)  # still the file's pages, shared by all workers
