"""Browser-test fixtures: a live server on the test database and headless Chromium.

Use them from any feature's browser tests (mark the module `pytestmark = pytest.mark.browser`;
tests under tests/browser are marked automatically):

    def test_something(live_server, page, make_user):
        user = make_user()
        login_as(page, live_server, user.email, PASSWORD)
        page.goto(live_server.url + "/")
        axe_check(page)

`live_server` serves an app with CSRF ON on the same database as the `app` fixture, whose
tables are emptied after every test; `make_user` (tests/conftest.py) therefore creates
users the server sees. Chromium or axe-core missing: skipped locally, a failure when CI=true.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from portal import create_app
from tests.browser.helpers import AXE_PATH, CHROMIUM
from tests.conftest import test_config

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test under tests/browser gets the `browser` marker."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    """Skip on a developer machine, fail in CI (browser tests must run there)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(WSGIRequestHandler):
    """No access log lines in the test output."""

    def log_request(self, *args, **kwargs):
        pass


@dataclass
class LiveServer:
    """A running server: `url` has no trailing slash, `app` is the served Flask app."""

    url: str
    app: object

    def __call__(self, path: str = "/") -> str:
        """Absolute URL of a path on this server."""
        return self.url + path


def _add_test_routes(served) -> None:
    """Pages no foundation route shows yet: the not-approved page and the 503 page."""
    from sqlalchemy.exc import OperationalError

    from portal.access import public, role_required

    @served.route("/_test/approved-only")
    @role_required(approved=True)
    def _approved_only():
        from flask import render_template

        return render_template("main/about.html")

    @served.route("/_test/database-down")
    @public
    def _database_down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))


@pytest.fixture(scope="session")
def _live_server(_session_app, database_url):
    """One server per session, on 127.0.0.1 and a free port, with CSRF ON."""
    served = create_app({**test_config(database_url), "WTF_CSRF_ENABLED": True})
    _add_test_routes(served)
    server = make_server("127.0.0.1", 0, served, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", served)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with served.app_context():
        from portal.extensions import db

        db.engine.dispose()


@pytest.fixture
def live_server(app, _live_server):
    """The live server; depends on `app` so tables are emptied after each test."""
    return _live_server


@pytest.fixture(scope="session")
def _playwright():
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not AXE_PATH.exists():
        _unavailable(f"{AXE_PATH} is missing (run npm ci)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    """One headless Chromium for the whole session (the Debian one, never downloaded)."""
    chromium = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (cookies, storage) per test; Finnish, Helsinki time."""
    ctx = browser.new_context(locale="fi-FI", timezone_id="Europe/Helsinki")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, live_server):
    """A fresh page per test, with the live server running."""
    tab = context.new_page()
    yield tab
    tab.close()
