"""Read a CSV download as Excel with Finnish settings would: `;`, UTF-8 with BOM, decimal comma."""

import csv
import io
from decimal import Decimal


def excel_rows(body: bytes) -> list[list[str]]:
    """The cells of a CSV file, as Finnish Excel splits them."""
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read ä and ö"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def excel_dicts(body: bytes) -> list[dict[str, str]]:
    """The rows of a one-table CSV file keyed by its header."""
    header, *rows = excel_rows(body)
    assert all(len(row) == len(header) for row in rows), "one table per file"
    return [dict(zip(header, row, strict=True)) for row in rows]


def number(cell: str) -> Decimal:
    """A cell with a decimal comma as a number (Excel would read '0.5' as text or a date)."""
    assert "." not in cell, f"decimal point in {cell!r}"
    return Decimal(cell.replace(",", "."))
