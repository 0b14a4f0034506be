"""Exact minute coverage in Europe/Helsinki: DST, midnight and the week boundary."""

from datetime import UTC, datetime

import pytest
from rec_helpers import ALWAYS, local

from recommender.timegrid import coverage, real_minutes


def test_autumn_dst_night_shift_is_13_real_hours():
    """Sat 22:00 -> Sun 10:00 across the 2026-10-25 change lasts 13 h, all of it covered."""
    start, end = local(2026, 10, 24, 22, 0), local(2026, 10, 25, 10, 0)
    assert real_minutes(start, end) == 13 * 60
    assert coverage([(5, 1320, 1440), (6, 0, 600)], [], start, end) == 1.0


def test_autumn_repeated_hour_counts_twice():
    """A Sunday window 03:00-04:00 covers both real 03:00-04:00 hours of 2026-10-25."""
    start, end = local(2026, 10, 25, 0, 0), local(2026, 10, 25, 6, 0)
    assert real_minutes(start, end) == 7 * 60
    assert coverage([(6, 180, 240)], [], start, end) == pytest.approx(2 / 7)


def test_spring_dst_night_shift_is_11_real_hours():
    """Sat 22:00 -> Sun 10:00 across 2026-03-29 lasts 11 h; 04:00-05:00 local is one hour."""
    start, end = local(2026, 3, 28, 22, 0), local(2026, 3, 29, 10, 0)
    assert real_minutes(start, end) == 11 * 60
    # 22-24 Sat + 00-03 Sun (03-04 does not exist) + 04-05 = 6 of 11 real hours.
    assert coverage([(5, 1320, 1440), (6, 0, 300)], [], start, end) == pytest.approx(6 / 11)


def test_sunday_to_monday_crossing_with_touching_windows():
    """Windows ending at 1440 on Sunday and starting at 0 on Monday cover a night shift."""
    start, end = local(2026, 11, 29, 20, 0), local(2026, 11, 30, 6, 0)
    assert coverage([(6, 1200, 1440), (0, 0, 360)], [], start, end) == 1.0
    assert coverage([(6, 1200, 1440), (0, 60, 360)], [], start, end) == pytest.approx(0.9)
    assert coverage([(6, 1200, 1440)], [], start, end) == pytest.approx(0.4)


def test_overlapping_windows_are_not_double_counted():
    """Overlapping windows count each minute once."""
    start, end = local(2026, 11, 23, 8, 0), local(2026, 11, 23, 16, 0)
    assert coverage([(0, 480, 720), (0, 600, 960), (0, 480, 600)], [], start, end) == 1.0


def test_busy_interval_removes_minutes_in_utc():
    """A booking given in UTC removes exactly its overlap from a local-time shift."""
    start, end = local(2026, 11, 23, 8, 0), local(2026, 11, 23, 16, 0)  # 06:00-14:00 UTC
    busy = [(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), datetime(2026, 11, 23, 20, 0, tzinfo=UTC))]
    assert coverage(ALWAYS, busy, start, end) == pytest.approx(6 / 8)


def test_naive_datetimes_are_rejected():
    """Naive datetimes are an error, never silently read as local or UTC."""
    with pytest.raises(ValueError, match="naive"):
        coverage(ALWAYS, [], datetime(2026, 1, 1, 8), datetime(2026, 1, 1, 9))


def test_an_empty_or_backward_shift_is_an_error_and_no_windows_cover_nothing():
    """A shift must last; someone without weekly windows is never free."""
    start = local(2026, 11, 23, 8, 0)
    for end in (start, local(2026, 11, 23, 7, 0)):
        with pytest.raises(ValueError, match="end must be after its start"):
            coverage(ALWAYS, [], start, end)
    assert coverage([], [], start, local(2026, 11, 23, 9, 0)) == 0.0
    with pytest.raises(ValueError, match="outside 0..6"):
        coverage([(7, 0, 60)], [], start, local(2026, 11, 23, 9, 0))


def test_overlapping_bookings_remove_each_minute_once():
    """Two bookings that overlap take their union, not their sum, out of the shift."""
    start, end = local(2026, 11, 23, 8, 0), local(2026, 11, 23, 16, 0)
    busy = [
        (local(2026, 11, 23, 7, 0), local(2026, 11, 23, 7, 0)),  # empty, and first: skipped
        (local(2026, 11, 23, 9, 0), local(2026, 11, 23, 11, 0)),
        (local(2026, 11, 23, 10, 0), local(2026, 11, 23, 12, 0)),
    ]
    assert coverage(ALWAYS, busy, start, end) == pytest.approx(5 / 8)


def test_the_clock_change_falls_on_the_exact_minute():
    """2026-10-25 01:00 UTC: 03:59 summer time is followed by 03:00 winter time."""
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 03:30 summer time
    end = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 03:30 winter time
    assert coverage([(6, 180, 240)], [], start, end) == 1.0  # both 03:xx hours
    assert coverage([(6, 180, 210)], [], start, end) == pytest.approx(30 / 60)
    after = [(datetime(2026, 10, 25, 1, 0, tzinfo=UTC), end)]  # busy in winter time only
    assert coverage([(6, 180, 240)], after, start, end) == pytest.approx(30 / 60)
    spring = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 02:30 winter time, then 04:00 summer
    assert coverage([(6, 150, 180)], [], spring, spring + (end - start)) == pytest.approx(0.5)
    assert coverage([(6, 240, 270)], [], spring, spring + (end - start)) == pytest.approx(0.5)


def test_several_spans_weigh_by_their_real_length():
    """A weekly pattern's coverage is its free minutes over all its minutes."""
    from recommender.timegrid import spans_coverage

    monday = (local(2026, 11, 23, 8, 0), local(2026, 11, 23, 12, 0))  # 4 h, all free
    tuesday = (local(2026, 11, 24, 8, 0), local(2026, 11, 24, 10, 0))  # 2 h, none free
    weekly = [(0, 0, 1440)]
    assert spans_coverage(weekly, [], [monday, tuesday]) == pytest.approx(4 / 6)
    assert spans_coverage(weekly, [], [tuesday, monday]) == pytest.approx(4 / 6)
    assert spans_coverage(weekly, [], [monday]) == 1.0
    busy = [(local(2026, 11, 23, 8, 0), local(2026, 11, 23, 9, 0))]
    assert spans_coverage(weekly, busy, [monday, tuesday]) == pytest.approx(3 / 6)


def test_slot_minutes_split_a_run_at_each_quarter_hour():
    """The bitmap bound weighs each 15-minute slot by the shift minutes inside it."""
    from recommender.timegrid import shift_slot_minutes

    assert shift_slot_minutes([(10.0, 40.0)]) == {0: 5.0, 1: 15.0, 2: 10.0}
    assert shift_slot_minutes([(0.0, 15.0), (15.0, 20.0)]) == {0: 15.0, 1: 5.0}
    assert shift_slot_minutes([(30.0, 30.5)]) == {2: 0.5}
