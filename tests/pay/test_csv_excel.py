"""CSV files that Excel with Finnish settings opens in columns."""

import csv
import io
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal

import pytest

from portal.csv_excel import excel_cell, excel_csv

BOM = b"\xef\xbb\xbf"


def read_back(data: bytes) -> list[list[str]]:
    """Parse the bytes as Excel would: UTF-8 with BOM, semicolons."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_a_pay_sheet_round_trips():
    """BOM, semicolons, decimal commas, local minutes, Finnish letters and quoting survive."""
    data = excel_csv(
        ["Päivä", "Avustaja", "Alku", "Loppu", "Minuutit", "Euroa", "Kerroin"],
        [
            [
                date(2026, 12, 2),
                "Äijälä; Åsa",
                datetime(2026, 12, 2, 7, 0, 12, 345678, tzinfo=UTC),
                datetime(2026, 12, 2, 13, 0, tzinfo=UTC),
                360,
                Decimal("76.50"),
                0.15,
            ],
            [date(2026, 12, 3), 'Matti "Masa"', None, None, 0, Decimal("0"), 1.0],
        ],
    )
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Päivä;Avustaja;Alku;Loppu;Minuutit;Euroa;Kerroin"
    assert "." not in text.splitlines()[1].replace("2026-12-02", "")
    assert read_back(data) == [
        ["Päivä", "Avustaja", "Alku", "Loppu", "Minuutit", "Euroa", "Kerroin"],
        [
            "2026-12-02",
            "Äijälä; Åsa",
            "2026-12-02 09:00",
            "2026-12-02 15:00",
            "360",
            "76,50",
            "0,15",
        ],
        ["2026-12-03", 'Matti "Masa"', "", "", "0", "0", "1,0"],
    ]


def test_rows_end_with_crlf():
    """Excel on Windows expects CRLF line ends."""
    assert excel_csv(["a"], [[1]]) == BOM + b"a\r\n1\r\n"


def test_summer_time_and_seconds():
    """A summer instant is shown at +3; seconds on request, never microseconds."""
    moment = datetime(2026, 7, 1, 6, 30, 59, 999999, tzinfo=UTC)
    assert excel_cell(moment) == "2026-07-01 09:30"
    assert excel_cell(moment, seconds=True) == "2026-07-01 09:30:59"
    assert excel_cell(time(8, 15, 30, 5)) == "08:15"
    assert excel_cell(time(8, 15, 30, 5), seconds=True) == "08:15:30"
    assert read_back(excel_csv(["t"], [[moment]], seconds=True))[1] == ["2026-07-01 09:30:59"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Decimal("1234.5"), "1234,5"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.05"), "-0,05"),
        (0.1, "0,1"),
        (1e-05, "0,00001"),
        (True, "1"),
        (False, "0"),
        (None, ""),
        (42, "42"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+358 40 123", "'+358 40 123"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Kemi", "Kemi"),
    ],
)
def test_cells(value, cell):
    """Numbers get a decimal comma and no exponent; text that Excel would run is defused."""
    assert excel_cell(value) == cell


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: such a datetime counts as naive."""

    def utcoffset(self, dt):
        """Unknown."""
        return None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (datetime(2026, 12, 2, 9), "^naive datetime 2026-12-02T09:00:00: times must be aware$"),
        (datetime(2026, 12, 2, 9, tzinfo=NoOffset()), "^naive datetime"),
        (Decimal("NaN"), "^cannot write NaN to a CSV cell$"),
        (float("inf"), "^cannot write inf to a CSV cell$"),
    ],
)
def test_refuses_values_it_cannot_write_faithfully(value, message):
    """Naive datetimes and non-finite numbers are refused."""
    with pytest.raises(ValueError, match=message):
        excel_cell(value)


def test_one_table_per_file():
    """A row with a different width than the header is refused, so tables cannot be stacked."""
    with pytest.raises(ValueError, match="row 2 has 3 cells"):
        excel_csv(["a", "b"], [[1, 2], [1, 2, 3]])


def test_empty_table_keeps_its_header():
    """No rows still gives the header line."""
    assert read_back(excel_csv(["Työnantaja", "Tunnit"], [])) == [["Työnantaja", "Tunnit"]]
