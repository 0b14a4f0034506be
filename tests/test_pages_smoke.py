"""Every GET route without URL arguments answers without a server error, for every role."""

import pytest

from portal.models import Role, Status


def _simple_get_routes(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


@pytest.mark.parametrize(
    "who",
    ["anonymous", "assistant", "employer", "coordinator", "admin", "pending-assistant"],
)
def test_no_page_is_a_server_error(app, client, make_user, login, who):
    if who != "anonymous":
        role, status = (
            (Role.ASSISTANT, Status.PENDING)
            if who.startswith("pending")
            else (
                Role(who),
                Status.APPROVED,
            )
        )
        assert login(make_user(role, status=status)).status_code == 302
    routes = _simple_get_routes(app)
    assert "/" in routes
    failures = []
    for path in routes:
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
        response.close()
    assert not failures, failures
