"""The pay calendar a payroll clerk checks against a printed almanac."""

from datetime import date, timedelta

import pytest

from portal.pay import DayRate, day_rate, easter_sunday, special_days

SAT, SUN = DayRate.SATURDAY, DayRate.SUNDAY

# Written out by hand from the Finnish almanac (yliopiston almanakka).
SPECIAL_2026 = [
    (date(2026, 1, 1), "new_years_day", SUN),  # Thursday
    (date(2026, 1, 6), "epiphany", SUN),  # Tuesday
    (date(2026, 4, 3), "good_friday", SUN),
    (date(2026, 4, 5), "easter_sunday", SUN),
    (date(2026, 4, 6), "easter_monday", SUN),
    (date(2026, 5, 1), "may_day", SUN),  # Friday
    (date(2026, 5, 14), "ascension_day", SUN),
    (date(2026, 5, 24), "whit_sunday", SUN),
    (date(2026, 6, 19), "midsummer_eve", SAT),
    (date(2026, 6, 20), "midsummer_day", SUN),
    (date(2026, 10, 31), "all_saints_day", SUN),
    (date(2026, 12, 6), "independence_day", SUN),  # a Sunday anyway
    (date(2026, 12, 24), "christmas_eve", SAT),  # Thursday
    (date(2026, 12, 25), "christmas_day", SUN),
    (date(2026, 12, 26), "boxing_day", SUN),  # a Saturday: Sunday rate wins
]
SPECIAL_2027 = [
    (date(2027, 1, 1), "new_years_day", SUN),  # Friday
    (date(2027, 1, 6), "epiphany", SUN),  # Wednesday
    (date(2027, 3, 26), "good_friday", SUN),
    (date(2027, 3, 28), "easter_sunday", SUN),
    (date(2027, 3, 29), "easter_monday", SUN),
    (date(2027, 5, 1), "may_day", SUN),  # a Saturday: Sunday rate
    (date(2027, 5, 6), "ascension_day", SUN),
    (date(2027, 5, 16), "whit_sunday", SUN),
    (date(2027, 6, 25), "midsummer_eve", SAT),
    (date(2027, 6, 26), "midsummer_day", SUN),
    (date(2027, 11, 6), "all_saints_day", SUN),
    (date(2027, 12, 6), "independence_day", SUN),  # Monday
    (date(2027, 12, 24), "christmas_eve", SAT),  # Friday
    (date(2027, 12, 25), "christmas_day", SUN),  # a Saturday: Sunday rate
    (date(2027, 12, 26), "boxing_day", SUN),
]
EASTER = {
    2023: date(2023, 4, 9),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2028: date(2028, 4, 16),
    2029: date(2029, 4, 1),
    2030: date(2030, 4, 21),
    2031: date(2031, 4, 13),
    2038: date(2038, 4, 25),  # the latest possible date
    2285: date(2285, 3, 22),  # the earliest possible date
}


@pytest.mark.parametrize(("year", "expected"), [(2026, SPECIAL_2026), (2027, SPECIAL_2027)])
def test_every_special_day_of_the_year(year, expected):
    """The listed special days, their names and their rates, in date order."""
    assert [(s.day, s.key, s.rate) for s in special_days(year)] == expected


@pytest.mark.parametrize(("year", "expected"), [(2026, SPECIAL_2026), (2027, SPECIAL_2027)])
def test_rate_of_every_day_of_the_year(year, expected):
    """Every other day is Saturday-rate on a Saturday, Sunday-rate on a Sunday, else plain."""
    special = {day: rate for day, _, rate in expected}
    day = date(year, 1, 1)
    while day.year == year:
        plain = {5: SAT, 6: SUN}.get(day.weekday())
        assert day_rate(day) == special.get(day, plain), day
        day += timedelta(days=1)


@pytest.mark.parametrize(("year", "expected"), EASTER.items())
def test_easter_sunday(year, expected):
    """Easter by the computus matches the almanac, including the extreme dates."""
    assert easter_sunday(year) == expected


def test_easter_agrees_with_dateutil_for_every_gregorian_year():
    """The computus agrees with python-dateutil's (an icalendar dependency) for 1583–4099."""
    from dateutil.easter import EASTER_WESTERN, easter

    wrong = [y for y in range(1583, 4100) if easter_sunday(y) != easter(y, EASTER_WESTERN)]
    assert wrong == []


@pytest.mark.parametrize("year", [2023, 2028])
def test_christmas_eve_on_a_sunday_is_sunday_rate(year):
    """A Christmas Eve that is a Sunday earns the Sunday rate, not the Saturday rate."""
    eve = date(year, 12, 24)
    assert eve.weekday() == 6
    assert day_rate(eve) == SUN
    assert ("christmas_eve", SUN) in [(s.key, s.rate) for s in special_days(year)]


def test_saturday_holidays_are_sunday_rate():
    """A Saturday that is a church holiday is paid as a Sunday, never as both."""
    assert day_rate(date(2024, 1, 6)) == SUN  # Epiphany on a Saturday
    assert day_rate(date(2027, 6, 26)) == SUN  # Midsummer Day
    assert day_rate(date(2027, 11, 6)) == SUN  # All Saints' Day
    assert day_rate(date(2027, 6, 19)) == SAT  # the Saturday before Midsummer Eve


def test_days_calendars_get_wrong():
    """Eves are not holidays, and the day after All Saints' Day is an ordinary Sunday."""
    assert day_rate(date(2026, 6, 19)) == SAT  # Midsummer Eve, Friday
    assert day_rate(date(2026, 12, 24)) == SAT  # Christmas Eve, Thursday
    assert day_rate(date(2026, 12, 31)) is None  # New Year's Eve is a weekday
    assert day_rate(date(2026, 4, 2)) is None  # Maundy Thursday
    assert day_rate(date(2026, 11, 1)) == SUN  # Sunday
    assert day_rate(date(2026, 11, 2)) is None


def test_ascension_can_be_may_day():
    """Both names are listed when two holidays share a date (2008)."""
    days = [(s.day, s.key) for s in special_days(2008) if s.day == date(2008, 5, 1)]
    assert days == [(date(2008, 5, 1), "ascension_day"), (date(2008, 5, 1), "may_day")]


@pytest.mark.parametrize("year", range(2000, 2101))
def test_every_year_has_its_days(year):
    """Fifteen named days a year (fourteen dates when two coincide), weekdays as the law says."""
    days = special_days(year)
    keys = {s.key: s.day for s in days}
    assert len(days) == 15
    assert keys["midsummer_eve"].weekday() == 4
    assert keys["midsummer_day"] == keys["midsummer_eve"] + timedelta(days=1)
    assert keys["all_saints_day"].weekday() == 5
    assert date(year, 10, 31) <= keys["all_saints_day"] <= date(year, 11, 6)
    assert keys["easter_sunday"].weekday() == 6
    assert keys["whit_sunday"].weekday() == 6
    assert keys["ascension_day"].weekday() == 3
    assert keys["good_friday"].weekday() == 4
