"""Shifts a payroll clerk works out by hand: minutes per supplement and euros."""

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal

import pytest

from portal.pay import PayBreakdown, PayRules, pay_breakdown
from portal.timeutil import HELSINKI


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: such a datetime counts as naive."""

    def utcoffset(self, dt):
        """Unknown."""
        return None


NO_OFFSET = NoOffset()


def at(*args, tzinfo=HELSINKI) -> datetime:
    """A Helsinki wall-clock time (fold=0: the first of an ambiguous autumn hour)."""
    return datetime(*args, tzinfo=tzinfo)


def minutes(b: PayBreakdown) -> tuple[int, int, int, int, int]:
    """All, evening, Saturday, night, Sunday minutes."""
    return b.minutes, b.evening_minutes, b.saturday_minutes, b.night_minutes, b.sunday_minutes


def euros(b: PayBreakdown) -> tuple[str, ...]:
    """Base, evening, Saturday, night, Sunday and total as strings of cents."""
    return tuple(str(x) for x in (b.base, b.evening, b.saturday, b.night, b.sunday, b.total))


def test_saturday_evening_into_sunday_night():
    """Sat 7.11.2026 19:00 – Sun 02:00 at 14 €/h; supplements stack."""
    b = pay_breakdown(at(2026, 11, 7, 19), at(2026, 11, 8, 2), hourly_wage=Decimal("14.00"))
    # 7 h; evening 19–23; Saturday 19–24; night 23–02; Sunday 00–02
    assert minutes(b) == (420, 240, 300, 180, 120)
    # 98.00 + 240/60·14·0.15 + 300/60·14·0.20 + 180/60·14·0.30 + 120/60·14·1.00
    assert euros(b) == ("98.00", "8.40", "14.00", "12.60", "28.00", "161.00")


def test_spring_dst_night_has_an_hour_less():
    """Sat 28.3.2026 19:00 – Sun 07:00: 12 wall-clock hours but 11 worked (03→04)."""
    b = pay_breakdown(at(2026, 3, 28, 19), at(2026, 3, 29, 7), hourly_wage=Decimal("12.50"))
    assert minutes(b) == (660, 240, 300, 360, 360)
    assert euros(b) == ("137.50", "7.50", "12.50", "22.50", "75.00", "255.00")


def test_autumn_dst_night_has_an_hour_more():
    """Sat 24.10.2026 22:00 – Sun 06:00: 8 wall-clock hours but 9 worked (04→03)."""
    b = pay_breakdown(at(2026, 10, 24, 22), at(2026, 10, 25, 6), hourly_wage=Decimal("12.00"))
    assert minutes(b) == (540, 60, 120, 480, 420)
    assert euros(b) == ("108.00", "1.80", "4.80", "28.80", "84.00", "227.40")


def test_repeated_autumn_hour_counts_twice():
    """03:00–04:00 happens twice on 25.10.2026; a span over both is 120 minutes."""
    first = at(2026, 10, 25, 3)  # fold=0: summer time
    second = datetime(2026, 10, 25, 3, tzinfo=HELSINKI, fold=1)
    assert pay_breakdown(first, second, hourly_wage=Decimal(10)).minutes == 60
    b = pay_breakdown(first, at(2026, 10, 25, 4), hourly_wage=Decimal(10))
    assert minutes(b) == (120, 0, 0, 120, 120)


def test_christmas_eve_on_a_sunday():
    """Sun 24.12.2028 08:00–16:00: Sunday rate only, no Saturday rate."""
    b = pay_breakdown(at(2028, 12, 24, 8), at(2028, 12, 24, 16), hourly_wage=Decimal("13.00"))
    assert minutes(b) == (480, 0, 0, 0, 480)
    assert euros(b) == ("104.00", "0.00", "0.00", "0.00", "104.00", "208.00")


def test_christmas_eve_on_a_weekday():
    """Thu 24.12.2026 08:00–16:00: Saturday rate."""
    b = pay_breakdown(at(2026, 12, 24, 8), at(2026, 12, 24, 16), hourly_wage=Decimal("13.00"))
    assert minutes(b) == (480, 0, 480, 0, 0)
    assert euros(b) == ("104.00", "0.00", "20.80", "0.00", "0.00", "124.80")


def test_over_new_year():
    """Thu 31.12.2026 20:00 – Fri 1.1.2027 04:00: New Year's Day is Sunday-rate."""
    b = pay_breakdown(at(2026, 12, 31, 20), at(2027, 1, 1, 4), hourly_wage=Decimal("13.40"))
    assert minutes(b) == (480, 180, 0, 300, 240)
    assert euros(b) == ("107.20", "6.03", "0.00", "20.10", "53.60", "186.93")


def test_weekday_day_shift_has_no_supplements():
    """Wed 2.12.2026 08:00–14:00 pays the base only."""
    b = pay_breakdown(at(2026, 12, 2, 8), at(2026, 12, 2, 14), hourly_wage=Decimal("12.75"))
    assert minutes(b) == (360, 0, 0, 0, 0)
    assert euros(b) == ("76.50", "0.00", "0.00", "0.00", "0.00", "76.50")


def test_supplement_boundaries():
    """Evening starts at 18:00 and ends at 23:00; night ends at 06:00 (Wednesday)."""

    def one_minute(hour, minute):
        """The minutes of the one minute starting at 2.12.2026 hour:minute."""
        start = at(2026, 12, 2, hour, minute)
        return minutes(pay_breakdown(start, start + timedelta(minutes=1), hourly_wage=Decimal(60)))

    assert one_minute(17, 59) == (1, 0, 0, 0, 0)
    assert one_minute(18, 0) == (1, 1, 0, 0, 0)
    assert one_minute(22, 59) == (1, 1, 0, 0, 0)
    assert one_minute(23, 0) == (1, 0, 0, 1, 0)
    assert one_minute(0, 0) == (1, 0, 0, 1, 0)
    assert one_minute(5, 59) == (1, 0, 0, 1, 0)
    assert one_minute(6, 0) == (1, 0, 0, 0, 0)


def test_each_rate_is_used_for_its_own_column_only():
    """With distinct rates and 60 €/h, each column is its minutes times its own rate."""
    rules = PayRules(
        evening=Decimal("0.11"),
        night=Decimal("0.37"),
        saturday=Decimal("0.23"),
        sunday=Decimal("1.9"),
    )
    b = pay_breakdown(at(2026, 11, 7, 17), at(2026, 11, 8, 8), hourly_wage=Decimal(60), rules=rules)
    # 15 h; evening 18–23; Saturday 17–24; night 23–06; Sunday 00–08
    assert minutes(b) == (900, 300, 420, 420, 480)
    assert b.base == Decimal("900.00")
    assert b.evening == Decimal("33.00")  # 300 × 0.11
    assert b.saturday == Decimal("96.60")  # 420 × 0.23
    assert b.night == Decimal("155.40")  # 420 × 0.37
    assert b.sunday == Decimal("912.00")  # 480 × 1.9
    assert b.total == Decimal("2097.00")


def test_default_rules_are_helsinki_2016():
    """The default rates are the Helsinki decision of 15.3.2016."""
    assert PayRules() == PayRules(
        evening=Decimal("0.15"),
        night=Decimal("0.30"),
        saturday=Decimal("0.20"),
        sunday=Decimal("1.00"),
    )
    b = pay_breakdown(at(2026, 11, 7, 17), at(2026, 11, 8, 8), hourly_wage=Decimal(60))
    assert euros(b) == ("900.00", "45.00", "84.00", "126.00", "480.00", "1635.00")


def test_rounding_is_half_up_per_component():
    """12.90 €/h × 7 min = 1.505 € → 1.51; the total is the sum of rounded components."""
    b = pay_breakdown(at(2026, 12, 2, 9), at(2026, 12, 2, 9, 7), hourly_wage=Decimal("12.90"))
    assert b.base == Decimal("1.51")
    # One Sunday minute at 0.30 €/h: base 0.005 → 0.01, Sunday 0.005 → 0.01, total 0.02
    b = pay_breakdown(at(2026, 12, 6, 10), at(2026, 12, 6, 10, 1), hourly_wage=Decimal("0.30"))
    assert (b.base, b.sunday, b.total) == (Decimal("0.01"), Decimal("0.01"), Decimal("0.02"))
    # 0.0049… rounds down
    b = pay_breakdown(at(2026, 12, 6, 10), at(2026, 12, 6, 10, 1), hourly_wage=Decimal("0.29"))
    assert (b.base, b.total) == (Decimal("0.00"), Decimal("0.00"))


def test_money_is_decimal_cents():
    """Every euro figure is a Decimal with exactly two decimals."""
    b = pay_breakdown(at(2026, 12, 2, 8), at(2026, 12, 2, 9), hourly_wage=12)
    for value in (b.base, b.evening, b.saturday, b.night, b.sunday, b.total):
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2


def test_any_timezone_in_same_result():
    """The same instants given in UTC or another offset pay the same."""
    local = pay_breakdown(at(2026, 11, 7, 19), at(2026, 11, 8, 2), hourly_wage=Decimal(14))
    utc = pay_breakdown(
        datetime(2026, 11, 7, 17, tzinfo=UTC),
        datetime(2026, 11, 8, 0, tzinfo=UTC),
        hourly_wage=Decimal(14),
    )
    tokyo = timezone(timedelta(hours=9))
    other = pay_breakdown(
        datetime(2026, 11, 8, 2, tzinfo=tokyo),
        datetime(2026, 11, 8, 9, tzinfo=tokyo),
        hourly_wage=Decimal(14),
    )
    assert local == utc == other


def test_fourteen_days_is_the_limit():
    """Exactly 14 days is accepted; one minute more is refused."""
    start = at(2026, 12, 1, 0)
    b = pay_breakdown(start, start + timedelta(days=14), hourly_wage=Decimal(10))
    assert b.minutes == 14 * 24 * 60
    with pytest.raises(ValueError, match="^a span of work may be at most 14 days long$"):
        pay_breakdown(start, start + timedelta(days=14, minutes=1), hourly_wage=Decimal(10))


@pytest.mark.parametrize(
    ("start", "end", "wage", "message"),
    [
        (
            datetime(2026, 12, 2, 8),
            at(2026, 12, 2, 9),
            Decimal(10),
            "^start must be timezone-aware",
        ),
        (at(2026, 12, 2, 8), datetime(2026, 12, 2, 9), Decimal(10), "^end must be timezone-aware"),
        (
            at(2026, 12, 2, 8, tzinfo=NO_OFFSET),
            at(2026, 12, 2, 9),
            Decimal(10),
            "^start must be tim",
        ),
        (at(2026, 12, 2, 8, 0, 30), at(2026, 12, 2, 9), Decimal(10), "^start must be on a whole"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9, 0, 0, 1), Decimal(10), "^end must be on a whole"),
        (at(2026, 12, 2, 9), at(2026, 12, 2, 9), Decimal(10), "after start"),
        (at(2026, 12, 2, 9), at(2026, 12, 2, 8), Decimal(10), "after start"),
        (at(2026, 12, 2, 8).date(), at(2026, 12, 2, 9), Decimal(10), "datetime"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9), 12.5, "Decimal"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9), "12.50", "Decimal"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9), True, "Decimal"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9), Decimal(-1), "non-negative"),
        (at(2026, 12, 2, 8), at(2026, 12, 2, 9), Decimal("NaN"), "finite"),
    ],
)
def test_bad_input_is_refused_clearly(start, end, wage, message):
    """Each bad input raises ValueError saying what is wrong."""
    with pytest.raises(ValueError, match=message):
        pay_breakdown(start, end, hourly_wage=wage)


@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("Infinity"), 0.15, "0.15", None])
def test_bad_rates_are_refused(value):
    """A rate must be a finite non-negative Decimal."""
    with pytest.raises(ValueError, match="evening"):
        PayRules(evening=value)


def test_zero_wage_and_zero_rates():
    """A zero wage or zero rates give zero euros but still count minutes."""
    zero = Decimal(0)
    b = pay_breakdown(at(2026, 11, 7, 19), at(2026, 11, 8, 2), hourly_wage=zero)
    assert b.total == Decimal("0.00")
    assert b.minutes == 420
    rules = PayRules(evening=zero, night=zero, saturday=zero, sunday=zero)
    b = pay_breakdown(at(2026, 11, 7, 19), at(2026, 11, 8, 2), hourly_wage=Decimal(14), rules=rules)
    assert b.total == b.base == Decimal("98.00")
