"""Warnings shown before saving: the decision's limits and the Working Hours Act.

A service collects warnings and calls `gate`. Unacknowledged warnings raise
WarningsPending, so the page shows them and asks the user to tick and submit again.
Warnings about the decision (granted hours, night, evening or weekend work, two
assistants at once, trips) stop employers: only a coordinator can proceed past them,
and that is audited. Working-time warnings an employer may acknowledge.
"""

from dataclasses import dataclass

from portal.i18n import gettext as _
from portal.models import Role, User
from portal.services import audit
from portal.services.errors import DomainError

DECISION = "decision"
WORKTIME = "worktime"
STAFF = (Role.COORDINATOR, Role.ADMIN)


@dataclass(frozen=True)
class RuleWarning:
    """One warning: which rule (decision | worktime) and what it says to the user."""

    kind: str
    message: str


class WarningsPending(DomainError):
    """Warnings the user has to see (and, if allowed, acknowledge) before saving."""

    status_code = 409

    def __init__(self, warnings: list[RuleWarning], *, blocked: bool = False):
        message = (
            _(
                "This goes past the decision on file. Only a coordinator of the centre can "
                "save it; contact the centre."
            )
            if blocked
            else _("Read the warnings, tick the box and save again to proceed.")
        )
        super().__init__(message, "acknowledge")
        self.warnings = warnings
        self.blocked = blocked


def may_override(actor: User | None, warnings: list[RuleWarning]) -> bool:
    """Whether this user may proceed past these warnings once acknowledged."""
    if actor is None:
        return False
    return actor.role in STAFF or all(w.kind != DECISION for w in warnings)


def gate(
    actor: User | None, warnings: list[RuleWarning], acknowledged: bool, action: str, obj: object
) -> None:
    """Raise WarningsPending unless there are none or the user may and did acknowledge them."""
    if not warnings:
        return
    if actor is None or not may_override(actor, warnings):
        raise WarningsPending(warnings, blocked=True)
    if not acknowledged:
        raise WarningsPending(warnings)
    if actor.role in STAFF:
        audit.record(
            actor, f"{action}.warnings_overridden", obj=obj, warnings=[w.message for w in warnings]
        )
