"""Issue 16 items 6 and 10: a shift outside the service's region is warned about before it
is saved; the municipality filter lists only the region's municipalities."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Role, Shift
from portal.timeutil import to_local


def _shift(soon, place):
    return {
        "kind": "one_off",
        "title": "Aamuvuoro",
        "day": to_local(soon).date().isoformat(),
        "start": "07:00",
        "end": "15:00",
        "place": place,
        "languages": ["fi"],
    }


def _count():
    return db.session.scalar(select(func.count()).select_from(Shift))


def test_helsinki_shift_in_a_lapland_service_is_warned_before_saving(
    client, login, make_user, soon
):
    login(make_user(Role.EMPLOYER))
    response = client.post("/vuorot/uusi", data=_shift(soon, "00100"))
    assert response.status_code == 409  # a warning to read before saving
    text = response.get_data(as_text=True)
    assert "Uusimaa" in text
    assert "Lappi" in text
    assert 'name="acknowledge"' in text
    assert _count() == 0
    data = _shift(soon, "00100") | {"acknowledge": "y"}
    assert client.post("/vuorot/uusi", data=data).status_code == 302
    assert _count() == 1


def test_lapland_shift_is_saved_without_a_warning(client, login, make_user, soon):
    login(make_user(Role.EMPLOYER))
    assert client.post("/vuorot/uusi", data=_shift(soon, "95400")).status_code == 302


def test_the_region_is_configurable(app, client, login, make_user, soon, monkeypatch):
    monkeypatch.setitem(app.config, "SERVICE_REGION", "Uusimaa")
    login(make_user(Role.EMPLOYER))
    assert client.post("/vuorot/uusi", data=_shift(soon, "00100")).status_code == 302
    assert client.post("/vuorot/uusi", data=_shift(soon, "95400")).status_code == 409


def test_municipality_filter_lists_only_the_region(client, login, make_user):
    login(make_user(Role.ASSISTANT))
    page = client.get("/vuorot/minulle").get_data(as_text=True)
    assert ">Tornio<" in page
    assert ">Helsinki<" not in page


def test_shifts_for_me_are_cards_with_when_where_km_kind_and_why(
    client, login, make_user, make_shift, always_available
):
    assistant = always_available(make_user(Role.ASSISTANT, postcode="94100"))
    make_shift(title="Iltavuoro Keminmaalla", postcode="94400")
    login(assistant)
    page = client.get("/vuorot/minulle").get_data(as_text=True)
    card = page[page.index('class="card shift-card"') :]
    card = card[: card.index("</li>")]
    assert "Iltavuoro Keminmaalla" in card
    for words in ("Milloin", "Missä", "Tieetäisyys", "Laji", "Miksi sopii"):
        assert words in card, words
    assert "noin " in card  # road km in words
    assert "Keminmaa" in card
