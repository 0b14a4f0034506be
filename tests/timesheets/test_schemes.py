"""Pay schemes as data: default, municipal and chosen payers; the admin page; estimates."""

from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, EmployerProfile, Payer, Role
from portal.pay import PayRules, PayScheme, pay_breakdown
from portal.services.pay import estimates, periods, schemes
from tests.timesheets.conftest import at

KEMI = "240"  # municipality code of postal code 94100


def _payer(name, municipality=None, default=False, **fields):
    payer = Payer(name=name, municipality_code=municipality, is_default=default, **fields)
    db.session.add(payer)
    db.session.commit()
    return payer


def test_the_built_in_scheme_is_helsinki_2016_with_espoo_periods(employer):
    profile = db.session.get(EmployerProfile, employer.id)
    assert schemes.payer_for(profile) is None
    assert schemes.scheme_for(profile) == PayScheme()
    assert periods.period_for(employer.id, date(2026, 11, 20)).due == date(2026, 12, 5)


def test_chosen_beats_municipal_beats_default(employer):
    profile = db.session.get(EmployerProfile, employer.id)
    default = _payer("Oletus", default=True)
    assert schemes.payer_for(profile) == default
    kemi = _payer("Kemi", municipality=KEMI, first_due_day=18, second_due_day=3)
    assert schemes.payer_for(profile) == kemi
    assert periods.period_for(employer.id, date(2026, 11, 3)).due == date(2026, 11, 18)
    assert periods.period_for(employer.id, date(2026, 11, 30)).due == date(2026, 12, 3)
    chosen = _payer("Oma", evening=Decimal("0.25"))
    profile.payer_id = chosen.id
    assert schemes.scheme_for(profile).rules == PayRules(evening=Decimal("0.25"))


def test_an_admin_sets_a_payers_supplements_and_due_days(client, login, make_user, employer):
    admin = make_user(Role.ADMIN)
    login(make_user(Role.COORDINATOR))
    assert client.get("/yllapito/maksajat/").status_code == 403
    client.post("/kirjaudu-ulos")
    login(admin)
    assert client.get("/yllapito/maksajat/").status_code == 200
    fields = {
        "new-name": "Länsi-Pohja",
        "new-municipality_code": KEMI,
        "new-evening": "20",
        "new-night": "30",
        "new-saturday": "20",
        "new-sunday": "100",
        "new-split_day": "15",
        "new-first_due_day": "18",
        "new-second_due_day": "3",
    }
    assert client.post("/yllapito/maksajat/", data=fields).status_code == 302
    payer = db.session.scalar(select(Payer))
    assert payer.evening == Decimal("0.2")
    assert periods.period_for(employer.id, date(2026, 11, 3)).due == date(2026, 11, 18)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pay.payer_saved"))
    # A first due day inside the first period is refused with a message, not a 500.
    changed = {k.replace("new-", f"p{payer.id}-"): v for k, v in fields.items()}
    changed[f"p{payer.id}-first_due_day"] = "10"
    response = client.post(f"/yllapito/maksajat/{payer.id}", data=changed)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Payer, payer.id).first_due_day == 18
    changed[f"p{payer.id}-first_due_day"] = "19"
    assert client.post(f"/yllapito/maksajat/{payer.id}", data=changed).status_code == 302
    db.session.expire_all()
    assert db.session.get(Payer, payer.id).first_due_day == 19
    assert client.post("/yllapito/maksajat/999", data=changed).status_code == 404


def test_a_break_is_taken_from_the_middle_of_the_span():
    day = date(2026, 11, 4)  # a Wednesday
    start, end = at(day, time(18)), at(date(2026, 11, 5), time(0))
    whole = pay_breakdown(start, end, hourly_wage=Decimal(20))
    net = estimates.paid_breakdown(start, end, 30, Decimal(20), PayRules())
    assert (whole.minutes, whole.evening_minutes, whole.night_minutes) == (360, 300, 60)
    # The break falls 20:45–21:15, in the evening.
    assert (net.minutes, net.evening_minutes, net.night_minutes) == (330, 270, 60)
    assert net.total == net.base + net.evening + net.night
    assert estimates.paid_breakdown(start, end, 0, Decimal(20), PayRules()) == whole


def test_no_wage_no_estimate(make_user):
    from portal.models import Shift, ShiftKind

    employer = make_user(Role.EMPLOYER)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        title="x",
        starts_at=at(date(2026, 11, 4), time(9)),
        ends_at=at(date(2026, 11, 4), time(12)),
        postcode="94100",
    )
    db.session.add(shift)
    db.session.commit()
    assert estimates.shift_estimate(shift) is None


def test_the_decision_in_force_gives_the_granted_hours(employer):
    from portal.models import Decision, HoursPer

    profile = db.session.get(EmployerProfile, employer.id)
    assert estimates.granted_hours(profile, date(2026, 11, 1)) == Decimal("40")  # the profile
    db.session.add(
        Decision(
            employer_id=employer.id,
            decided_on=date(2026, 10, 1),
            valid_from=date(2026, 11, 1),
            granted_hours=120.0,
        )
    )
    db.session.commit()
    assert estimates.granted_hours(profile, date(2026, 10, 1)) == Decimal("40")
    assert estimates.granted_hours(profile, date(2026, 11, 15)) == Decimal("120.0")
    weekly = db.session.scalar(select(Decision))
    weekly.granted_hours, weekly.hours_per = 7.0, HoursPer.WEEK
    db.session.commit()
    assert estimates.granted_hours(profile, date(2026, 11, 1)) == Decimal("30.0")  # 7 × 30/7
