"""CSV that Excel with Finnish settings opens in columns (pure: no web, no database)."""

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from portal.timeutil import HELSINKI

DELIMITER = ";"
# A cell starting with one of these is a formula to Excel; user text must not run as one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _number(value: Decimal) -> str:
    """A finite number in fixed-point notation with a decimal comma."""
    if not value.is_finite():
        raise ValueError(f"cannot write {value} to a CSV cell")
    return format(value, "f").replace(".", ",")


def excel_cell(value: object, *, seconds: bool = False) -> str:
    """One value as Finnish Excel reads it: decimal comma, local time, no microseconds."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} to a CSV cell")
        return _number(Decimal(repr(value)))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: times must be aware")
        return value.astimezone(HELSINKI).strftime(
            "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def excel_csv(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, seconds: bool = False
) -> bytes:
    """One table as CSV bytes for Finnish Excel: `;`, decimal comma, UTF-8 with BOM.

    Datetimes are shown in Helsinki time to the minute (to the second with `seconds`).
    Every row must have as many cells as the header.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER)  # lines end in CRLF, as Excel expects
    writer.writerow([excel_cell(name) for name in header])
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {number} has {len(row)} cells, the header {len(header)}")
        writer.writerow([excel_cell(value, seconds=seconds) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
