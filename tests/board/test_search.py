"""Searching announcements: each rule through the search form, and one page per query."""

from sqlalchemy import event, insert

from portal.extensions import db
from portal.models import AssistantProfile, AvailabilityWindow, Role, Skill, Status
from portal.models.profiles import assistant_skills


def _skill(user, code):
    skill_id = db.session.scalar(db.select(Skill.id).where(Skill.code == code))
    db.session.execute(insert(assistant_skills).values(assistant_id=user.id, skill_id=skill_id))
    db.session.commit()


def _names(response):
    return response.get_data(as_text=True)


def test_employer_finds_ranked_announcements_with_reasons(client, make_user, login, make_assistant):
    near = make_assistant(first_name="Lähi", postcode="94100")
    make_assistant(first_name="Kauko", postcode="96100", travel=40)  # Rovaniemi, won't travel
    login(make_user(Role.EMPLOYER, postcode="94100", locale="en"))
    page = _names(client.get("/ilmoitukset?place=Kemi&road_km=30"))
    assert near.display_name in page
    assert "Kauko" not in page
    assert "km" in page  # reasons in words
    assert near.email not in page
    assert near.phone not in page


def test_search_filters_skills_languages_on_call_and_words(
    client, make_user, login, make_assistant
):
    lifter = make_assistant(first_name="Nostaja", text="Olen vahva ja iloinen", on_call=True)
    _skill(lifter, "lifting")
    other = make_assistant(first_name="Muu", text="Rauhallinen")
    db.session.get(AssistantProfile, other.id).languages = "sv"
    db.session.commit()
    login(make_user(Role.EMPLOYER, locale="en"))
    assert "Muu" not in _names(client.get("/ilmoitukset?place=94100&skills=lifting"))
    assert "Nostaja" in _names(client.get("/ilmoitukset?place=94100&skills=lifting"))
    assert "Nostaja" not in _names(client.get("/ilmoitukset?place=94100&languages=sv"))
    assert "Muu" in _names(client.get("/ilmoitukset?place=94100&languages=sv"))
    assert "Muu" not in _names(client.get("/ilmoitukset?place=94100&on_call=y"))
    page = _names(client.get("/ilmoitukset?place=94100&text=iloinen"))
    assert "Nostaja" in page
    assert "Muu" not in page


def test_search_by_days_and_times_free(client, make_user, login, make_assistant):
    make_assistant(first_name="Aina")
    mornings = make_user(Role.ASSISTANT, first_name="Aamu")
    db.session.add(
        AvailabilityWindow(assistant_id=mornings.id, weekday=0, start_min=420, end_min=720)
    )
    db.session.commit()
    login(make_user(Role.EMPLOYER, locale="en"))
    page = _names(client.get("/ilmoitukset?place=94100&weekdays=0&start=08:00&end=11:00"))
    assert "Aina" in page
    assert "Aamu" in page
    assert "free at the times you asked" in page
    page = _names(client.get("/ilmoitukset?place=94100&weekdays=0&start=13:00&end=15:00"))
    assert "Aina" in page
    assert "Aamu" not in page
    page = _names(client.get("/ilmoitukset?place=94100&weekdays=1"))
    assert "Aamu" not in page


def test_bad_search_input_is_a_clear_400(client, make_user, login):
    login(make_user(Role.EMPLOYER, locale="en"))
    response = client.get("/ilmoitukset?place=Atlantis")
    assert response.status_code == 400
    assert "We could not find" in _names(response)
    response = client.get("/ilmoitukset?place=94100&start=08:00")
    assert response.status_code == 400
    assert client.get("/ilmoitukset?place=94100&road_km=abc").status_code == 400


def test_only_approved_employers_and_staff_search(client, make_user, login, make_assistant):
    assistant = make_assistant()
    login(make_user(Role.EMPLOYER, status=Status.PENDING))
    assert client.get("/ilmoitukset?place=94100").status_code == 403
    client.post("/kirjaudu-ulos")
    login(assistant)
    assert client.get("/ilmoitukset?place=94100").status_code == 403
    client.post("/kirjaudu-ulos")
    login(make_user(Role.COORDINATOR, locale="en"))
    assert assistant.display_name in _names(client.get("/ilmoitukset?place=94100"))


def test_announcement_page_shows_only_what_was_published(client, make_user, login, make_assistant):
    assistant = make_assistant(text="Pidän ulkoilusta", phone="040 9999999")
    _skill(assistant, "cooking")
    login(make_user(Role.EMPLOYER, locale="en"))
    page = _names(client.get(f"/ilmoitukset/{assistant.id}"))
    assert assistant.display_name in page
    assert "Pidän ulkoilusta" in page
    assert "Cooking" in page
    assert "Kemi" in page
    assert "not rated yet" in page
    assert assistant.last_name not in page
    assert assistant.email not in page
    assert "9999999" not in page
    db.session.get(AssistantProfile, assistant.id).visible = False
    db.session.commit()
    assert client.get(f"/ilmoitukset/{assistant.id}").status_code == 404


def test_results_are_paged(client, make_user, login, make_assistant):
    for n in range(23):
        make_assistant(first_name=f"Sivu{n:02d}")
    login(make_user(Role.EMPLOYER, locale="en"))
    first = _names(client.get("/ilmoitukset?place=94100"))
    second = _names(client.get("/ilmoitukset?place=94100&sivu=2"))
    assert "23 announcements found" in first
    assert "Page 1 of 2" in first
    shown_first = {f"Sivu{n:02d}" for n in range(23) if f"Sivu{n:02d}" in first}
    shown_second = {f"Sivu{n:02d}" for n in range(23) if f"Sivu{n:02d}" in second}
    assert len(shown_first) == 20
    assert len(shown_second) == 3
    assert not shown_first & shown_second


def _count_queries(client, url):
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_search_query_count_does_not_grow_with_announcements(
    client, make_user, login, make_assistant
):
    login(make_user(Role.EMPLOYER, locale="en"))
    url = "/ilmoitukset?place=94100&skills=lifting"
    for _n in range(3):
        _skill(make_assistant(), "lifting")
    client.get(url)  # builds the index
    few = _count_queries(client, url)
    for _n in range(40):
        _skill(make_assistant(), "lifting")
    client.get(url)  # applies the change log
    many = _count_queries(client, url)
    assert few == many
    assert "43 announcements found" in _names(client.get(url))


def test_words_of_an_announcement_waiting_for_moderation_are_not_searchable(
    client, make_user, login, make_assistant
):
    from portal.models import ModerationState

    waiting = make_assistant(first_name="Odottava", text="salainen sana")
    db.session.get(AssistantProfile, waiting.id).moderation = ModerationState.PENDING
    db.session.commit()
    login(make_user(Role.EMPLOYER, locale="en"))
    assert "Odottava" not in _names(client.get("/ilmoitukset?place=94100&text=salainen"))
    assert "Odottava" in _names(client.get("/ilmoitukset?place=94100"))


def test_staff_opening_an_announcement_is_audited_but_an_employer_is_not(
    client, make_user, login, make_assistant
):
    from portal.models import AuditEvent

    def views():
        return db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "announcement.view")
        ).all()

    assistant = make_assistant()
    login(make_user(Role.EMPLOYER))
    assert client.get(f"/ilmoitukset/{assistant.id}").status_code == 200
    assert views() == []
    client.post("/kirjaudu-ulos")
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    assert client.get(f"/ilmoitukset/{assistant.id}").status_code == 200
    (seen,) = views()
    assert (seen.actor_id, seen.subject_user_id) == (coordinator.id, assistant.id)
    client.get(f"/ilmoitukset/{assistant.id}")
    assert len(views()) == 2  # each look is a line in the trail
