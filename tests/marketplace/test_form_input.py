"""What users type into the marketplace forms: times, windows, exception dates (issue 16)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AvailabilityException, AvailabilityWindow, Role
from portal.timeutil import today_local


@pytest.fixture
def assistant(client, login, make_user):
    user = make_user(Role.ASSISTANT)
    login(user)
    return user


@pytest.mark.parametrize("typed", ["16", "16.00", "16:00"])
def test_a_time_may_be_typed_as_16_or_16_00(client, assistant, typed):
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekday": "0", "new-start": "8", "new-end": typed},
    )
    assert response.status_code == 302
    window = db.session.scalar(select(AvailabilityWindow))
    assert (window.start_min, window.end_min) == (480, 960)


def test_time_25_99_is_refused_in_finnish(client, assistant):
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekday": "0", "new-start": "25:99", "new-end": "16:00"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Anna kellonaika väliltä 0.00–23.59" in page
    assert "Not a valid" not in page


def test_a_window_from_8_to_8_is_refused(client, assistant):
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekday": "0", "new-start": "08:00", "new-end": "08:00"},
    )
    assert response.status_code == 400
    assert "Päättymisajan on oltava eri kuin alkamisajan" in response.get_data(as_text=True)
    assert db.session.scalar(select(AvailabilityWindow)) is None


def test_the_weekday_select_opens_on_an_empty_choice(client, assistant):
    page = client.get("/avustaja/saatavuus").get_data(as_text=True)
    start = page.index('id="new-weekday"')
    first_option = page[start : page.index("</option>", start)]
    assert 'value=""' in first_option
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekday": "", "new-start": "08:00", "new-end": "12:00"},
    )
    assert response.status_code == 400
    assert "Valitse viikonpäivä." in response.get_data(as_text=True)


@pytest.mark.parametrize("day", ["2020-03-01", "yesterday", "in three years"])
def test_exceptions_in_past_years_or_far_ahead_are_refused(client, assistant, day):
    today = today_local()
    day = {
        "yesterday": (today - timedelta(days=1)).isoformat(),
        "in three years": (today + timedelta(days=3 * 366)).isoformat(),
    }.get(day, day)
    response = client.post(
        "/avustaja/poikkeukset/lisaa", data={"exc-day": day, "exc-kind": "holiday"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(AvailabilityException)) is None


def test_an_exception_today_is_accepted(client, assistant):
    response = client.post(
        "/avustaja/poikkeukset/lisaa",
        data={"exc-day": today_local().isoformat(), "exc-kind": "sick"},
    )
    assert response.status_code == 302


def test_new_shift_refuses_25_99_in_finnish(client, login, make_user, soon):
    from tests.marketplace.test_employer_flows import shift_data

    login(make_user(Role.EMPLOYER))
    response = client.post("/vuorot/uusi", data=shift_data(soon, start="25:99"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Anna kellonaika" in page
    assert "Not a valid time value" not in page


def test_new_assistant_profile_ticks_the_registration_language(client, make_user, login):
    user = make_user(Role.ASSISTANT, locale="sv", postcode=None)  # as registered
    login(user)
    page = client.get("/avustaja/ilmoitus", headers={"Accept-Language": "sv"}).get_data(
        as_text=True
    )
    checked = [
        line for line in page.splitlines() if 'name="languages"' in line and "checked" in line
    ]
    assert len(checked) == 1, checked
    assert 'value="sv"' in checked[0]
