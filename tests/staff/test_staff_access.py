"""No coordinator page or data for anyone but coordinators and admins, by any URL."""

import re

import pytest

from portal.admin import STAFF_BLUEPRINTS
from portal.models import Role

STAFF_NAMES = {bp.name for bp in STAFF_BLUEPRINTS}


def staff_urls(app) -> list[tuple[str, set]]:
    """Every staff URL with its methods, path parameters filled with 1 or the first choice."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in STAFF_NAMES:
            continue
        path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), rule.rule)
        path = re.sub(r"<[^>]+>", "1", path)
        urls.append((path, rule.methods - {"HEAD", "OPTIONS"}))
    return urls


def test_every_staff_route_requires_coordinator_or_admin(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in STAFF_NAMES:
            roles = app.view_functions[rule.endpoint].access_rule[1]
            assert set(roles) <= {Role.COORDINATOR, Role.ADMIN}, rule.rule


@pytest.mark.parametrize("role", [Role.ASSISTANT, Role.EMPLOYER])
def test_non_staff_get_nothing_from_any_staff_url(client, make_user, login, role, coordinator):
    user = make_user(role, first_name="Salainen", last_name="Henkilö")
    login(user)
    urls = staff_urls(client.application)
    assert len(urls) >= 15
    for path, methods in urls:
        for method in methods:
            response = client.open(path, method=method, data={"reason": "x", "purpose": "other"})
            assert response.status_code in (403, 404), (method, path, response.status_code)
            assert b"Salainen" not in response.data
            assert b"kaisa@havu.example" not in response.data


def test_anonymous_is_sent_to_sign_in_from_every_staff_url(client):
    for path, methods in staff_urls(client.application):
        for method in methods:
            response = client.open(path, method=method)
            assert response.status_code == 302, (method, path)
            assert response.headers["Location"].startswith("/kirjaudu")
