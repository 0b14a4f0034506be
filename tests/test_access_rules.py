"""Every route declares who may open it; staff pages refuse everyone else."""

from portal.models import Role


def test_every_route_has_an_access_rule(app):
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not hasattr(app.view_functions[rule.endpoint], "access_rule")
    ]
    assert missing == []


def test_coordinator_pages_refuse_assistants_and_employers(client, make_user, login):
    for role in (Role.ASSISTANT, Role.EMPLOYER):
        user = make_user(role)
        login(user)
        assert client.get("/koordinaattori/rekisteroitymiset").status_code == 403
        client.post("/kirjaudu-ulos")


def test_anonymous_user_is_sent_to_login_with_local_next(client):
    response = client.get("/koordinaattori/rekisteroitymiset")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/kirjaudu?next=/koordinaattori")
