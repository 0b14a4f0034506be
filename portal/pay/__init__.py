"""Pay rules: what a span of work pays in Finland, and the pay periods (pure, no web, no db)."""

from portal.pay.breakdown import PayBreakdown, pay_breakdown
from portal.pay.calendar import DayRate, SpecialDay, day_rate, easter_sunday, special_days
from portal.pay.periods import PayPeriod, pay_period
from portal.pay.rules import PayRules, PayScheme

__all__ = [
    "DayRate",
    "PayBreakdown",
    "PayPeriod",
    "PayRules",
    "PayScheme",
    "SpecialDay",
    "day_rate",
    "easter_sunday",
    "pay_breakdown",
    "pay_period",
    "special_days",
]
