"""Bulk placement: optimal against brute force, never an ineligible pair."""

import itertools

import numpy as np
import pytest

from recommender import place, placement_total


def brute_force(scores, fill_first):
    """Return the best objective over every partial matching, by enumeration."""
    n, m = scores.shape
    best = (0, 0.0) if fill_first else 0.0
    for choice in itertools.product([None, *range(m)], repeat=n):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        pairs = [(r, c) for r, c in enumerate(choice) if c is not None]
        if any(not np.isfinite(scores[r, c]) for r, c in pairs):
            continue
        if not fill_first and any(scores[r, c] <= 0 for r, c in pairs):
            continue
        total = placement_total(scores, pairs)
        value = (len(pairs), total) if fill_first else total
        best = max(best, value)
    return best


def random_case(rng, n, m):
    """Return an n x m score matrix with some ineligible pairs and some negative scores."""
    scores = rng.normal(0.5, 1.0, size=(n, m)).round(2)
    scores[rng.random((n, m)) < 0.35] = -np.inf
    return scores


@pytest.mark.parametrize("fill_first", [True, False])
def test_placement_is_optimal_on_small_random_cases(fill_first):
    """On 300 random cases up to 4 x 5 (both ways round) no placement beats ours."""
    rng = np.random.default_rng(14)
    for _ in range(300):
        n, m = int(rng.integers(1, 5)), int(rng.integers(1, 6))
        if rng.random() < 0.5:
            n, m = m, n
        scores = random_case(rng, n, m)
        pairs = place(scores, fill_first=fill_first)
        assert len({r for r, _ in pairs}) == len(pairs)
        assert len({c for _, c in pairs}) == len(pairs)
        assert all(np.isfinite(scores[r, c]) for r, c in pairs)
        got = placement_total(scores, pairs)
        best = brute_force(scores, fill_first)
        if fill_first:
            assert len(pairs) == best[0]
            assert got == pytest.approx(best[1])
        else:
            assert got == pytest.approx(best)


def test_filling_one_more_shift_beats_a_higher_score():
    """Two shifts placed with poor scores beat one placed with a great score."""
    scores = np.array([[10.0, 0.1], [0.1, -np.inf]])
    assert place(scores) == [(0, 1), (1, 0)]
    assert place(scores, fill_first=False) == [(0, 0)]


def test_mask_and_nan_are_never_assigned():
    """A pair masked out or scored NaN stays out even when it would score best."""
    scores = np.array([[5.0, 1.0, np.nan], [4.0, 1.0, 9.0]])
    mask = np.array([[False, True, True], [True, True, True]])
    pairs = place(scores, mask)
    assert (0, 0) not in pairs
    assert (0, 2) not in pairs
    assert pairs == [(0, 1), (1, 2)]
    assert place(np.full((3, 2), -np.inf)) == []
    assert place(np.zeros((0, 4))) == []
    assert place(np.zeros((2, 0))) == []


def test_rectangular_both_ways_uses_each_side_at_most_once():
    """More candidates than shifts fills every shift; more shifts than candidates uses all."""
    rng = np.random.default_rng(3)
    wide = rng.random((3, 8))
    pairs = place(wide)
    assert sorted(r for r, _ in pairs) == [0, 1, 2]
    tall = rng.random((8, 3))
    pairs = place(tall)
    assert sorted(c for _, c in pairs) == [0, 1, 2]
    with pytest.raises(ValueError, match="2-d"):
        place(np.zeros(3))
