"""Adaptive waves: as few people as the chance of a yes allows, hopeless shifts flagged."""

import numpy as np
import pytest

from recommender import WavePlan, combined_chance, plan_wave, target_chance, wave_size
from recommender.waves import (
    ENOUGH_PENDING,
    HOPELESS_FLOOR,
    LOW_TOTAL_CHANCE,
    NO_CANDIDATES,
    TARGET_FAR,
    TARGET_NEAR,
)


def test_combined_chance_is_one_minus_all_missing():
    """Two coin flips give 0.75; a sure yes gives 1; nobody gives 0."""
    assert combined_chance([0.5, 0.5]) == pytest.approx(0.75)
    assert combined_chance([0.2, 1.0]) == 1.0
    assert combined_chance([]) == 0.0
    assert combined_chance([0.5], already=0.5) == pytest.approx(0.75)


def test_target_rises_as_the_start_approaches():
    """Far ahead the target is TARGET_FAR, close to the start TARGET_NEAR, monotone between."""
    assert target_chance(72.0) == TARGET_FAR
    assert target_chance(24.0) == pytest.approx(TARGET_FAR)
    assert target_chance(2.0) == pytest.approx(TARGET_NEAR)
    assert target_chance(0.25) == TARGET_NEAR
    leads = [48, 24, 12, 6, 3, 2, 1]
    targets = [target_chance(h) for h in leads]
    assert targets == sorted(targets)
    assert targets[2] < targets[3] < targets[4]


def test_a_likely_taker_gets_a_wave_of_one():
    """The first person will very likely say yes: ask only them, even close to the start."""
    p = [0.95, 0.6, 0.5, 0.4, 0.3]
    plan = plan_wave(p, lead_hours=1.0)
    assert plan == WavePlan(1, pytest.approx(0.95), TARGET_NEAR, plan.total_chance, False)
    assert plan_wave(p, lead_hours=30.0).size == 1


def test_a_hard_shift_gets_a_wide_wave():
    """Each person rarely says yes: the wave widens until together they reach the target."""
    p = np.full(40, 0.08)
    plan = plan_wave(p, lead_hours=3.0)
    assert not plan.hopeless
    assert plan.size >= 10
    assert plan.chance >= plan.target
    assert combined_chance(p[: plan.size - 1]) < plan.target
    assert plan_wave(p, lead_hours=1.0).size > plan_wave(p, lead_hours=24.0).size


def test_a_hopeless_shift_reaches_coordinators_at_once_without_messages():
    """Everyone together is below the floor: ask nobody and say why."""
    p = [0.05, 0.03, 0.02, 0.01]
    assert combined_chance(p) < HOPELESS_FLOOR
    plan = plan_wave(p, lead_hours=5.0)
    assert plan.hopeless
    assert plan.size == 0
    assert plan.reason == LOW_TOTAL_CHANCE
    assert plan.total_chance == pytest.approx(combined_chance(p))
    empty = plan_wave([], lead_hours=5.0)
    assert (empty.hopeless, empty.reason) == (True, NO_CANDIDATES)


def test_hopeless_test_uses_the_chance_before_the_start_when_given():
    """A short window may look hopeless while the time left before the start is not."""
    now = [0.05, 0.05, 0.05]
    before_start = [0.4, 0.4, 0.4]
    assert plan_wave(now, 10.0).hopeless
    plan = plan_wave(now, 10.0, p_before_start=before_start)
    assert not plan.hopeless
    assert plan.size == 3


def test_pending_offers_count_towards_the_target():
    """Offers already out and answerable reduce, or remove, the need to ask more."""
    p = [0.3, 0.3, 0.3, 0.3]
    assert wave_size(p, 0.75) == 4
    assert wave_size(p, 0.75, already=0.5) == 2
    plan = plan_wave(p, 24.0, already=0.6)
    assert (plan.size, plan.reason, plan.hopeless) == (0, ENOUGH_PENDING, False)


def test_wave_size_is_the_shortest_prefix_and_respects_a_cap():
    """The first n reach the target and n - 1 do not; max_size caps a wide wave."""
    rng = np.random.default_rng(1)
    for _ in range(200):
        p = rng.random(int(rng.integers(1, 12))) * 0.5
        target = float(rng.uniform(0.1, 0.99))
        n = wave_size(p, target)
        if combined_chance(p) >= target:
            assert combined_chance(p[:n]) >= target - 1e-12
            assert n == 1 or combined_chance(p[: n - 1]) < target
        else:
            assert n == p.size
    assert wave_size(np.full(30, 0.01), 0.9, max_size=8) == 8
    assert wave_size([0.5, 0.5], 1.0) == 2
