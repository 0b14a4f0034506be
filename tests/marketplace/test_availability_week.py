"""Issue 16 item 11: a week view, one submit for several days, edit on demand."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AvailabilityWindow, Role


def test_monday_to_friday_in_one_submit(client, login, make_user):
    login(make_user(Role.ASSISTANT))
    response = client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekdays": ["0", "1", "2", "3", "4"], "new-start": "8", "new-end": "16"},
    )
    assert response.status_code == 302
    windows = db.session.scalars(select(AvailabilityWindow)).all()
    assert sorted(w.weekday for w in windows) == [0, 1, 2, 3, 4]
    assert {(w.start_min, w.end_min) for w in windows} == {(480, 960)}
    # the same again adds nothing twice
    client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekdays": ["0"], "new-start": "8", "new-end": "16"},
    )
    assert len(db.session.scalars(select(AvailabilityWindow)).all()) == 5


def test_week_table_with_forms_only_on_demand(client, login, make_user):
    login(make_user(Role.ASSISTANT))
    client.post(
        "/avustaja/saatavuus/lisaa",
        data={"new-weekdays": ["0", "2"], "new-start": "7", "new-end": "15"},
    )
    first = db.session.scalars(select(AvailabilityWindow).order_by(AvailabilityWindow.id)).first()
    page = client.get("/avustaja/saatavuus").get_data(as_text=True)
    assert '<table class="week"' in page
    for day in ("maanantai", "tiistai", "sunnuntai"):
        assert day in page.lower()
    assert f'name="w{first.id}-start"' not in page  # no edit form until asked
    page = client.get(f"/avustaja/saatavuus?muokkaa={first.id}").get_data(as_text=True)
    assert f'name="w{first.id}-start"' in page
    assert page.count('name="w') == 3  # only that window's weekday, start and end
