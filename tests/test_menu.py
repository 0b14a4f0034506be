"""The main menu is kept per kind of reader: whatever changes for the reader changes the menu."""

from portal.extensions import db
from portal.models import Notification, Role, Status, User


def _menu(client, path="/"):
    page = client.get(path).get_data(as_text=True)
    start = page.index('class="wrap main-nav"')
    return page[start : page.index("</nav>", start)]


def test_approval_shows_the_links_that_need_it(client, make_user, login):
    employer = make_user(role=Role.EMPLOYER, status=Status.PENDING)
    login(employer)
    pending_menu = _menu(client)
    db.session.get(User, employer.id).status = Status.APPROVED
    db.session.commit()
    approved_menu = _menu(client)
    assert approved_menu != pending_menu
    assert "Sijaisrinki" in approved_menu
    assert "Sijaisrinki" not in pending_menu


def test_roles_languages_and_the_current_page_each_have_their_menu(client, make_user, login):
    login(make_user(role=Role.ASSISTANT))
    assert "Vuorot minulle" in _menu(client)
    assert 'aria-current="page"' in _menu(client, "/vuorot/minulle")
    assert 'aria-current="page"' not in _menu(client, "/tietoja")
    client.get("/kieli/sv?next=/")
    assert "Vuorot minulle" not in _menu(client)
    client.post("/ulos")
    login(make_user(role=Role.EMPLOYER))
    client.get("/kieli/fi?next=/")
    menu = _menu(client)
    assert "Vuorot minulle" not in menu
    assert "Omat vuorot" in menu


def test_a_new_unread_message_shows_in_the_badge(client, make_user, login):
    user = make_user(role=Role.ASSISTANT)
    login(user)
    assert "lukematon" not in _menu(client)
    db.session.add(Notification(user_id=user.id, kind="test", subject="Hei"))
    db.session.commit()
    assert "1 lukematon" in _menu(client)
