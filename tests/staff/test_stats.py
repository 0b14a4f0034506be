"""Dashboard figures on known data, the CSV export, the urgent list and the map."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from portal.extensions import db
from portal.models import OfferState, Role, ShiftKind, ShiftState, Status
from portal.services.staff import dashboard as staff_dashboard
from portal.services.staff import stats
from tests.excel_reading import excel_dicts, excel_rows, number
from tests.staff.conftest import always_available

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SINCE, UNTIL = NOW - timedelta(days=28), NOW + timedelta(days=7)


def test_percentile_interpolates():
    assert stats.percentile([], 50) is None
    assert stats.percentile([4.0], 90) == 4.0
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile(list(range(1, 11)), 90) == 9.1


def test_lead_buckets():
    start = NOW
    assert stats.lead_bucket(start - timedelta(hours=2), start) == "< 6 h"
    assert stats.lead_bucket(start - timedelta(hours=6), start) == "6–24 h"
    assert stats.lead_bucket(start - timedelta(days=3), start) == "1–7 d"
    assert stats.lead_bucket(start - timedelta(days=9), start) == "> 7 d"


def _known_shifts(make_user, make_shift, book):
    """Kemi: 3 shifts filled after 1, 2 and 4 h, 1 unfilled; Tornio: 1 still open."""
    assistant = make_user()
    day = NOW - timedelta(days=3)
    for hours in (1, 2, 4):
        shift = make_shift(
            starts_at=day + timedelta(hours=hours * 5),
            postcode="94100",
            created_at=day - timedelta(hours=12),
        )
        book(
            shift,
            make_user() if hours > 1 else assistant,
            confirmed_at=shift.created_at + timedelta(hours=hours),
        )
    make_shift(starts_at=day, postcode="94100", created_at=day - timedelta(hours=2))
    make_shift(
        starts_at=NOW + timedelta(days=2), postcode="95400", created_at=NOW - timedelta(days=10)
    )
    make_shift(starts_at=day, postcode="94100", state=ShiftState.CANCELLED)  # not counted
    return assistant


def test_fill_stats_on_known_data(app, make_user, make_shift, book):
    _known_shifts(make_user, make_shift, book)
    fill = stats.fill_stats(SINCE, UNTIL, NOW)
    total = fill["total"]
    assert (total.filled, total.unfilled, total.still_open) == (3, 1, 1)
    assert total.fill_rate == 0.75
    assert total.median_hours == 2.0
    assert abs(total.p90_hours - 3.6) < 1e-9
    kemi = next(g for g in fill["municipality"] if g.key == "Kemi")
    assert (kemi.filled, kemi.unfilled) == (3, 1)
    tornio = next(g for g in fill["municipality"] if g.key == "Tornio")
    assert (tornio.still_open, tornio.fill_rate) == (1, None)
    assert [g.key for g in fill["lead"]] == ["< 6 h", "6–24 h", "1–7 d", "> 7 d"]
    assert sum(g.filled + g.unfilled + g.still_open for g in fill["week"]) == 5
    rows = excel_dicts(stats.fill_csv(fill))
    kemi_row = next(r for r in rows if r["dimension"] == "municipality" and r["group"] == "Kemi")
    assert number(kemi_row["fill_rate"]) == Decimal("0.75")


def test_activity_and_offer_rates(app, make_user, make_shift, book, offer):
    shift = make_shift(starts_at=NOW - timedelta(days=1))
    worker, answerer, idle = make_user(), make_user(), make_user()
    book(shift, worker)
    other = make_shift(starts_at=NOW - timedelta(days=1))
    for assistant, state, answered in (
        (answerer, OfferState.DECLINED, True),
        (worker, OfferState.ACCEPTED, True),
        (idle, OfferState.EXPIRED, False),
    ):
        offer(
            other,
            assistant,
            state=state,
            created_at=NOW - timedelta(days=2),
            answered_at=NOW - timedelta(days=2) if answered else None,
        )
    make_user(status=Status.SUSPENDED)  # not counted at all
    activity = stats.assistant_activity(SINCE, UNTIL)
    assert activity == [{"municipality": "Kemi", "active": 2, "inactive": 1}]
    rates = stats.offer_rates(SINCE, UNTIL)
    assert (rates["sent"], rates["answered"], rates["accepted"]) == (3, 2, 1)
    assert rates["response_rate"] == 2 / 3
    assert rates["acceptance_rate"] == 0.5
    assert excel_dicts(stats.activity_csv(activity)) == [
        {"municipality": "Kemi", "active_assistants": "2", "inactive_assistants": "1"}
    ]
    [offers] = excel_dicts(stats.offers_csv(rates))
    assert (offers["offers_sent"], offers["answered"], offers["accepted"]) == ("3", "2", "1")
    assert number(offers["response_rate"]) == Decimal("0.667")
    assert number(offers["acceptance_rate"]) == Decimal("0.5")


def test_dashboard_page_and_csv(staff_client, make_user, make_shift, offer):
    shift = make_shift(
        kind=ShiftKind.URGENT,
        title="Kiireellinen aamu",
        starts_at=datetime.now(UTC) + timedelta(hours=2),
    )
    later = make_shift(
        kind=ShiftKind.URGENT,
        title="Myöhempi ilta",
        starts_at=datetime.now(UTC) + timedelta(hours=9),
    )
    offer(shift, make_user(), state=OfferState.DECLINED, tier=2)
    page = staff_client.get("/koordinaattori/").get_data(as_text=True)
    assert page.index("Kiireellinen aamu") < page.index("Myöhempi ilta")
    urgent = staff_dashboard.open_urgent_shifts(datetime.now(UTC))
    assert [u.shift.id for u in urgent] == [shift.id, later.id]
    assert urgent[0].tier == 2
    assert urgent[0].answers == {"declined": 1}
    page = staff_client.get("/koordinaattori/?since=2026-11-01&until=2026-11-30")
    links = re.findall(r'href="(/koordinaattori/tilanne-[^"]+)"', page.get_data(as_text=True))
    assert len(links) == 3  # one table per file
    tables = {}
    for link in links:
        response = staff_client.get(link.replace("&amp;", "&"))
        assert response.mimetype == "text/csv"
        tables[link.split("?")[0]] = excel_rows(response.get_data())[0]
    assert tables["/koordinaattori/tilanne-taytto.csv"][:3] == ["dimension", "group", "filled"]
    assert tables["/koordinaattori/tilanne-avustajat.csv"][0] == "municipality"
    assert tables["/koordinaattori/tilanne-tarjoukset.csv"][0] == "offers_sent"
    assert staff_client.get("/koordinaattori/tilanne-muu.csv").status_code == 404
    assert staff_client.get("/koordinaattori/?since=huomenna").status_code == 400


def test_free_near_lists_available_assistant(app, staff_client, make_user, make_shift):
    from portal.services.matching import adapter as matching

    near = make_user(first_name="Lähellä", postcode="94100")
    always_available(near)
    make_user(first_name="Kaukana", postcode="99800")  # Ivalo, far away
    matching.reset_index()
    shift = make_shift(kind=ShiftKind.URGENT, postcode="94100")
    free = staff_dashboard.free_near(shift)
    assert [user.first_name for user, _km, _m in free] == ["Lähellä"]
    page = staff_client.get(f"/koordinaattori/?vuoro={shift.id}").get_data(as_text=True)
    assert "Lähellä" in page


def test_map_has_lapland_municipalities_and_same_numbers_as_table(
    staff_client, make_user, make_shift
):
    assistant = make_user(postcode="94100")
    always_available(assistant)
    make_user(Role.EMPLOYER)
    make_shift(starts_at=datetime.now(UTC) + timedelta(days=1), postcode="94100")
    points = staff_dashboard.map_points(datetime.now(UTC), datetime.now(UTC) - timedelta(days=28))
    assert len(points) == 21
    kemi = next(p for p in points if p.name == "Kemi")
    assert (kemi.supply, kemi.open_shifts, kemi.unfilled) == (1, 1, 0)
    utsjoki = next(p for p in points if p.name == "Utsjoki")
    assert utsjoki.y < kemi.y  # north is up
    page = staff_client.get("/koordinaattori/kartta").get_data(as_text=True)
    assert 'role="img"' in page
    assert 'aria-labelledby="map-title map-desc"' in page
    assert "Kemi 1/1" in page
    assert '<th scope="row">Kemi</th><td>1</td><td>1</td><td>0</td>' in page
    db.session.rollback()
