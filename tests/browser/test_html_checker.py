"""The Nu HTML Checker (vnu.jar) finds no errors on the pages the browser tests visit.

Every role signs in and opens each page of the menu, the foundation pages of
test_foundation_a11y, a shift's pages, an after-shift page and a coordinator's user page,
plus forms sent empty (their error pages); the raw HTML of each is checked in one vnu run.
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.models import (
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Status,
)
from tests.browser.helpers import ROOT, login_as
from tests.browser.test_foundation_a11y import ANONYMOUS_PAGES, SIGNED_IN_PAGES
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIP = (".csv", ".json", ".ics", "/static/", "/kieli/", "/vastaus/", "/peru-sahkopostit/")


def _shift(employer, days, state=ShiftState.OPEN):
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    shift = Shift(
        employer_id=employer.id,
        kind=ShiftKind.ONE_OFF,
        state=state,
        title="Aamuvuoro Kemissä",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        postcode="94100",
        languages="fi",
    )
    db.session.add(shift)
    db.session.flush()
    return shift


def _menu_paths(app) -> list[str]:
    """Every GET route without parameters that renders a page."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and not rule.rule.endswith(SKIP)
        and not any(part in rule.rule for part in SKIP)
    )


def _collect(page, url, found):
    response = page.goto(url)
    if response and "text/html" in (response.headers.get("content-type") or ""):
        found[f"{len(found):03d}"] = (url, response.text())


def _collect_errors(page, url, found):
    """Send the page's first main form empty and keep the page with its errors."""
    page.goto(url)
    with page.expect_navigation():
        page.click("main form [type=submit]")
    found[f"{len(found):03d}"] = (url + " (sent empty)", page.content())


def _check_with_vnu(pages, tmp_path) -> list[str]:
    files = []
    for key, (_url, html) in pages.items():
        path = tmp_path / f"{key}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = []
    for message in messages:
        key = os.path.basename(message.get("url", "")).removesuffix(".html")
        url = pages.get(key, (key,))[0]
        errors.append(f"{url}: {message['message']} [{message.get('extract', '').strip()}]")
    return errors


def test_every_visited_page_is_valid_html(live_server, page, make_user, tmp_path):
    if shutil.which("java") is None or not VNU.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("java or node_modules/vnu-jar is missing", pytrace=False)
        pytest.skip("java or node_modules/vnu-jar is missing")
    employer = make_user(Role.EMPLOYER, phone="040 340 3894")
    assistant = make_user(Role.ASSISTANT, phone="+358 40 123 4567")
    pending = make_user(Role.ASSISTANT, status=Status.PENDING)
    coordinator = make_user(Role.COORDINATOR)
    db.session.add(
        AvailabilityWindow(assistant_id=assistant.id, weekday=0, start_min=480, end_min=960)
    )
    upcoming = _shift(employer, days=3, state=ShiftState.FILLED)
    past = _shift(employer, days=-3, state=ShiftState.FILLED)
    db.session.add(
        AvailabilityException(
            assistant_id=assistant.id,
            day=(datetime.now(UTC) + timedelta(days=5)).date(),
            kind="holiday",
            start_min=0,
            end_min=1440,
        )
    )
    bookings = [
        Booking(shift_id=s.id, assistant_id=assistant.id, starts_at=s.starts_at, ends_at=s.ends_at)
        for s in (upcoming, past)
    ]
    db.session.add_all(bookings)
    open_shift = _shift(employer, days=4)
    db.session.commit()

    found: dict[str, tuple[str, str]] = {}
    url = live_server.url
    for path in ANONYMOUS_PAGES + ["/saavutettavuus", "/saavutettavuus/palaute"]:
        _collect(page, url + path, found)
    for path in ("/kirjaudu", "/rekisteroidy", "/salasana/unohtui"):
        _collect_errors(page, url + path, found)
    menu = _menu_paths(live_server.app)
    extra = {
        employer: [
            f"/vuorot/{s.id}{tail}"
            for s in (upcoming, open_shift)
            for tail in ("", "/hallinta", "/ehdokkaat", "/muokkaa", "/haku")
        ]
        + [f"/vuorot/varaus/{bookings[1].id}"],
        assistant: [
            f"/vuorot/{upcoming.id}",
            f"/vuorot/{open_shift.id}",
            f"/vuorot/varaus/{bookings[1].id}",
        ],
        pending: [],
        coordinator: [f"/koordinaattori/kayttajat/{pending.id}"],
    }
    for user, paths in extra.items():
        login_as(page, live_server, user.email, PASSWORD)
        for path in dict.fromkeys(SIGNED_IN_PAGES + menu + paths):
            _collect(page, url + path, found)
        _collect_errors(page, url + "/salasana", found)
        if user is assistant:
            _collect_errors(page, url + "/avustaja/saatavuus", found)
        page.context.clear_cookies()
    assert len(found) > 60
    every_page = "".join(html for _url, html in found.values())
    # The pages the checker once failed on are among them: tel: links, the employer's
    # address field, the availability page's required weekday select.
    assert 'href="tel:' in every_page
    assert 'autocomplete="address-line1"' in every_page
    assert 'id="new-weekday"' in every_page
    errors = _check_with_vnu(found, tmp_path)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
