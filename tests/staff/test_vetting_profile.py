"""Issue 16 item 13: the coordinator sees what the user wrote before deciding."""

from portal.extensions import db
from portal.models import AssistantProfile, EmployerProfile, Role, Skill, Status


def test_vetting_page_shows_the_announcement_skills_and_area(staff_client, make_user, open_data):
    pending = make_user(status=Status.PENDING, postcode="95400")
    profile = db.session.get(AssistantProfile, pending.id)
    profile.announcement = "Lähihoitaja, kokemusta nostoista ja asioinnista."
    skill = Skill(code="nostot-x", name_fi="Nostot ja siirrot", name_sv="Lyft", name_en="Lifts")
    profile.skills.append(skill)
    profile.max_travel_km = 60
    db.session.commit()
    open_data(pending)
    page = staff_client.get(f"/koordinaattori/kayttajat/{pending.id}").get_data(as_text=True)
    assert "Lähihoitaja, kokemusta nostoista" in page
    assert "Nostot ja siirrot" in page
    assert "Tornio" in page
    assert "60 km" in page


def test_vetting_page_shows_employer_basics(staff_client, make_user, open_data):
    pending = make_user(Role.EMPLOYER, status=Status.PENDING, postcode="94100")
    profile = db.session.get(EmployerProfile, pending.id)
    profile.acts_for_principal, profile.principal_name = True, "Veli Päämies"
    profile.tasks = "Aamutoimet ja kauppa"
    db.session.commit()
    open_data(pending)
    page = staff_client.get(f"/koordinaattori/kayttajat/{pending.id}").get_data(as_text=True)
    assert "Veli Päämies" in page
    assert "Aamutoimet ja kauppa" in page
    assert "Kemi" in page
