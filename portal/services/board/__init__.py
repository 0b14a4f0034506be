"""The board: announcement search, contact requests, conversations, alerts, blocking."""

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (its result is a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount
