"""Dates at the ends of the calendar, huge ids and odd JSON: 400 with a message, never 500."""

import pytest

from portal.models import Role, Status

PERIOD_PAGES = ("/koordinaattori/", "/koordinaattori/loki", "/koordinaattori/loki.csv")


@pytest.mark.parametrize("path", [*PERIOD_PAGES, "/koordinaattori/tilanne-taytto.csv"])
@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-31", "since=9999-12-31"])
def test_extreme_period_is_a_400_with_a_message(staff_client, path, query):
    response = staff_client.get(f"{path}?{query}")
    assert response.status_code == 400, (path, query)


def test_a_20_digit_shift_id_on_the_dashboard_is_a_400(staff_client):
    assert staff_client.get("/koordinaattori/?vuoro=" + "9" * 20).status_code in (400, 404)


def test_a_checklist_time_in_year_1_is_refused(staff_client, make_user, open_data):
    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    assert open_data(pending).status_code == 302
    response = staff_client.post(
        f"/koordinaattori/kayttajat/{pending.id}/tarkistuslista",
        data={"identity_method": "in_person", "identity_seen_at": "0001-01-01T00:00"},
    )
    assert response.status_code == 400
    assert "2000" in response.text


def test_a_shift_in_year_9999_is_refused(client, login, make_user):
    login(make_user(Role.EMPLOYER))
    response = client.post(
        "/vuorot/uusi",
        data={
            "kind": "one_off",
            "title": "Aamuvuoro",
            "day": "9999-12-31",
            "start": "08:00",
            "end": "12:00",
            "place": "94100",
            "languages": ["fi"],
        },
    )
    assert response.status_code == 400
    assert "Aamuvuoro" in response.text  # the form comes back with what was typed


@pytest.mark.parametrize("body", ["[1,2]", '"x"', "null", "[" * 5000 + "]" * 5000])
def test_odd_json_on_the_sms_webhook_is_a_400(app, client, body):
    app.config["SMS_WEBHOOK_SECRET"] = "hook-secret"
    try:
        response = client.post(
            "/sms/saapuva",
            data=body,
            headers={"X-Webhook-Secret": "hook-secret", "Content-Type": "application/json"},
        )
    finally:
        app.config["SMS_WEBHOOK_SECRET"] = ""
    assert response.status_code == 400
