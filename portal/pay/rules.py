"""Supplement rates and pay-period dates of a payer, as data."""

from dataclasses import dataclass, field
from decimal import Decimal


def _check_rate(name: str, value: object) -> None:
    """Reject a rate that is not a finite, non-negative Decimal."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValueError(f"rate {name} must be a finite non-negative Decimal, got {value!r}")


@dataclass(frozen=True)
class PayRules:
    """Supplement rates on the unraised hourly wage; the default is Helsinki 15.3.2016."""

    evening: Decimal = Decimal("0.15")  # 18:00–23:00 local, every day
    night: Decimal = Decimal("0.30")  # 23:00–06:00 local, every day
    saturday: Decimal = Decimal("0.20")  # whole local day: working Saturday and the eves
    sunday: Decimal = Decimal("1.00")  # whole local day: Sundays and holidays

    def __post_init__(self) -> None:
        """Validate every rate."""
        for name in ("evening", "night", "saturday", "sunday"):
            _check_rate(name, getattr(self, name))


@dataclass(frozen=True)
class PayScheme:
    """A payer's rates and pay periods; the default is Helsinki rates with Espoo periods.

    Days 1..split_day form the first period, due on first_due_day of the same month;
    the rest of the month is due on second_due_day of the next month. A due day past
    the end of a short month moves to its last day.
    """

    rules: PayRules = field(default_factory=PayRules)
    split_day: int = 15
    first_due_day: int = 20
    second_due_day: int = 5

    def __post_init__(self) -> None:
        """Validate the period split and the due days."""
        if not isinstance(self.rules, PayRules):
            raise ValueError("rules must be a PayRules")
        for name in ("split_day", "first_due_day", "second_due_day"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 31:
                raise ValueError(f"{name} must be a day of the month 1–31, got {value!r}")
        if not self.split_day <= 27:
            raise ValueError("split_day must be at most 27 so that both periods exist")
        if self.first_due_day <= self.split_day:
            raise ValueError("first_due_day must come after the first period ends")
