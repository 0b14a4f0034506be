"""Pay periods and due days: Espoo by default, another payer's as data."""

from datetime import date, datetime, timedelta

import pytest

from portal.pay import PayPeriod, PayScheme, pay_period


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), PayPeriod(date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 20))),
        (date(2026, 12, 15), PayPeriod(date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 20))),
        (date(2026, 12, 16), PayPeriod(date(2026, 12, 16), date(2026, 12, 31), date(2027, 1, 5))),
        (date(2026, 12, 31), PayPeriod(date(2026, 12, 16), date(2026, 12, 31), date(2027, 1, 5))),
        (date(2027, 2, 20), PayPeriod(date(2027, 2, 16), date(2027, 2, 28), date(2027, 3, 5))),
        (date(2028, 2, 29), PayPeriod(date(2028, 2, 16), date(2028, 2, 29), date(2028, 3, 5))),
        (date(2026, 4, 30), PayPeriod(date(2026, 4, 16), date(2026, 4, 30), date(2026, 5, 5))),
    ],
)
def test_espoo_periods(day, expected):
    """1–15 is due the 20th; 16 to the month's end is due the 5th of the next month."""
    period = pay_period(day)
    assert period == expected
    assert day in period
    after = pay_period(period.last + timedelta(days=1))
    assert after.first == period.last + timedelta(days=1)
    assert after.due > period.due


def test_contains():
    """A period holds its own days only."""
    period = pay_period(date(2026, 12, 3))
    assert date(2026, 12, 15) in period
    assert date(2026, 12, 16) not in period
    assert date(2026, 11, 30) not in period
    assert "2026-12-03" not in period


def test_another_payer_due_days():
    """A payer with the 18th and the 3rd."""
    scheme = PayScheme(first_due_day=18, second_due_day=3)
    assert pay_period(date(2026, 12, 10), scheme).due == date(2026, 12, 18)
    assert pay_period(date(2026, 12, 20), scheme).due == date(2027, 1, 3)


def test_other_split_and_short_month():
    """A split after the 14th, a due day past the end of February moves to its last day."""
    scheme = PayScheme(split_day=14, first_due_day=31, second_due_day=31)
    assert pay_period(date(2027, 2, 14), scheme) == PayPeriod(
        date(2027, 2, 1), date(2027, 2, 14), date(2027, 2, 28)
    )
    assert pay_period(date(2027, 1, 15), scheme) == PayPeriod(
        date(2027, 1, 15), date(2027, 1, 31), date(2027, 2, 28)
    )


def test_extreme_but_valid_schemes():
    """The 1st and the 27th may end the first period; the 1st and the 31st may be due days."""
    early = PayScheme(split_day=1, first_due_day=2, second_due_day=1)
    assert pay_period(date(2027, 1, 1), early) == PayPeriod(
        date(2027, 1, 1), date(2027, 1, 1), date(2027, 1, 2)
    )
    assert pay_period(date(2027, 1, 2), early).due == date(2027, 2, 1)
    late = PayScheme(split_day=27, first_due_day=31, second_due_day=31)
    assert pay_period(date(2027, 2, 27), late).due == date(2027, 2, 28)
    assert pay_period(date(2027, 2, 28), late) == PayPeriod(
        date(2027, 2, 28), date(2027, 2, 28), date(2027, 3, 31)
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"split_day": 0}, "^split_day must be a day of the month 1–31, got 0$"),
        ({"split_day": 28, "first_due_day": 30}, "^split_day must be at most 27 so that both"),
        ({"first_due_day": 15}, "^first_due_day must come after the first period ends$"),
        ({"first_due_day": 32}, "^first_due_day must be a day of the month"),
        ({"second_due_day": 0}, "^second_due_day must be a day of the month"),
        ({"second_due_day": "5"}, "^second_due_day must be a day of the month"),
        ({"second_due_day": True}, "^second_due_day must be a day of the month"),
        ({"rules": None}, "^rules must be a PayRules$"),
    ],
)
def test_bad_scheme(kwargs, message):
    """An impossible scheme is refused with a message naming the field."""
    with pytest.raises(ValueError, match=message):
        PayScheme(**kwargs)


def test_period_takes_a_date():
    """A datetime would hide which day it is locally, so it is refused."""
    with pytest.raises(ValueError, match="local date"):
        pay_period(datetime(2026, 12, 1, 12))
