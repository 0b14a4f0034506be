"""pay_breakdown agrees with a minute-by-minute reference on random spans, 2024–2030."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal.pay import PayRules, pay_breakdown

from .pay_reference import reference_euros, reference_minutes

FIRST = datetime(2024, 1, 1, tzinfo=UTC)
LAST = datetime(2030, 12, 29, tzinfo=UTC)
# Days where mistakes hide: DST nights, eves, moving holidays, year ends.
TRICKY = [
    datetime(2026, 3, 28, 12, tzinfo=UTC),
    datetime(2026, 10, 24, 12, tzinfo=UTC),
    datetime(2028, 12, 23, 12, tzinfo=UTC),
    datetime(2027, 6, 24, 12, tzinfo=UTC),
    datetime(2026, 10, 30, 12, tzinfo=UTC),
    datetime(2029, 3, 29, 12, tzinfo=UTC),
    datetime(2025, 12, 30, 12, tzinfo=UTC),
    datetime(2030, 5, 29, 12, tzinfo=UTC),
]
RATES = st.decimals(min_value=0, max_value=3, places=2)


def starts():
    """Any minute in 2024–2030, often within two days of a tricky date."""
    anywhere = st.integers(0, int((LAST - FIRST).total_seconds()) // 60).map(
        lambda m: FIRST + timedelta(minutes=m)
    )
    near = st.tuples(st.sampled_from(TRICKY), st.integers(-2 * 1440, 2 * 1440)).map(
        lambda t: t[0] + timedelta(minutes=t[1])
    )
    return st.one_of(anywhere, near)


def check(start, length, wage, rules):
    """Compare every minute count and every euro figure with the reference."""
    end = start + timedelta(minutes=length)
    got = pay_breakdown(start, end, hourly_wage=wage, rules=rules)
    ref = reference_minutes(start, end)
    assert (
        got.minutes,
        got.evening_minutes,
        got.saturday_minutes,
        got.night_minutes,
        got.sunday_minutes,
    ) == (ref["all"], ref["evening"], ref["saturday"], ref["night"], ref["sunday"])
    assert got.base == reference_euros(ref["all"], wage, Decimal(1))
    assert got.evening == reference_euros(ref["evening"], wage, rules.evening)
    assert got.saturday == reference_euros(ref["saturday"], wage, rules.saturday)
    assert got.night == reference_euros(ref["night"], wage, rules.night)
    assert got.sunday == reference_euros(ref["sunday"], wage, rules.sunday)
    assert got.total == got.base + got.evening + got.saturday + got.night + got.sunday


def rules_strategy():
    """Random, mostly distinct rates, so a swapped rate shows."""
    return st.builds(PayRules, evening=RATES, night=RATES, saturday=RATES, sunday=RATES)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=starts(),
    length=st.integers(1, 3 * 1440),
    wage=st.decimals(min_value=0, max_value=60, places=2),
    rules=rules_strategy(),
)
@example(datetime(2026, 3, 28, 17, tzinfo=UTC), 720, Decimal("12.50"), PayRules())
@example(datetime(2026, 10, 24, 19, tzinfo=UTC), 600, Decimal("12.00"), PayRules())
def test_matches_minute_by_minute_reference(start, length, wage, rules):
    """Random spans up to 3 days agree minute for minute and cent for cent."""
    check(start, length, wage, rules)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=starts(),
    length=st.integers(1, 14 * 1440),
    wage=st.decimals(min_value=0, max_value=60, places=2),
    rules=rules_strategy(),
)
def test_matches_reference_up_to_fourteen_days(start, length, wage, rules):
    """Longer random spans, up to the 14-day limit."""
    check(start, length, wage, rules)
