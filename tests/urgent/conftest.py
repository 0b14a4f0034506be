"""Urgent-offer fixtures: a real SMTP server, a fake SMS gateway, a small population."""

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller

from portal import queue as task_queue
from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityWindow,
    RingMember,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
)
from portal.notify import tasks as notify_tasks


@pytest.fixture(scope="session", autouse=True)
def _close_pool_at_exit(_session_app):
    """Close pooled connections before exit (psycopg warns about ones left open)."""
    yield
    with _session_app.app_context():
        db.session.remove()
        db.engine.dispose()


class Recorder:
    """A task backend that keeps deliveries and timers for the test to run explicitly."""

    def __init__(self):
        self.deliveries: list[tuple[int, datetime | None]] = []
        self.windows: list[tuple[int, int, datetime]] = []

    def enqueue_delivery(self, log_id, eta=None):
        self.deliveries.append((log_id, eta))

    def schedule_window(self, round_id, version, eta):
        self.windows.append((round_id, version, eta))

    def drain(self, now):
        """Run every recorded delivery that is due by `now`."""
        pending, self.deliveries = self.deliveries, []
        for log_id, eta in pending:
            if eta is None or eta <= now:
                notify_tasks.run_delivery(log_id, now)
            else:
                self.deliveries.append((log_id, eta))


@pytest.fixture(autouse=True)
def queue(app):
    """Each test gets a recording task backend and a fresh candidate index."""
    from portal.services.matching import adapter as matching

    recorder = Recorder()
    task_queue.set_backend(recorder)
    matching.reset_index()
    with app.test_request_context():
        yield recorder
    task_queue.set_backend(None)
    matching.reset_index()


class _Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    """A real SMTP server on 127.0.0.1; the app sends to it during the test."""
    sink = _Sink()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield sink
    controller.stop()
    app.config.update(MAIL_SERVER="", MAIL_PORT=25)


class Gateway:
    """A fake SMS provider: records JSON posts; `fail = True` makes it answer 503."""

    def __init__(self):
        self.posts: list[dict] = []
        self.headers: list[dict] = []
        self.fail = False


@pytest.fixture
def sms_gateway(app):
    """An HTTP SMS gateway on 127.0.0.1 in a thread."""
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if gateway.fail:
                self.send_response(503)
            else:
                gateway.posts.append(json.loads(body))
                gateway.headers.append(dict(self.headers))
                self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        SMS_GATEWAY_URL=f"http://127.0.0.1:{server.server_port}/send",
        SMS_GATEWAY_KEY="test-key",
        SMS_WEBHOOK_SECRET="hook-secret",
    )
    yield gateway
    server.shutdown()
    server.server_close()
    app.config.update(SMS_GATEWAY_URL="", SMS_GATEWAY_KEY="", SMS_WEBHOOK_SECRET="")


def _free_all_week(assistant_id: int) -> None:
    for day in range(7):
        db.session.add(
            AvailabilityWindow(assistant_id=assistant_id, weekday=day, start_min=0, end_min=1440)
        )


@pytest.fixture
def now():
    """A fixed 'now' on a weekday morning (10:00 Helsinki)."""
    return datetime(2030, 3, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def population(app, make_user):
    """An employer in Kemi, 2 ring assistants, 3 on-call, 6 others, all free all week."""

    def make(auto_confirm=False, ring=2, on_call=3, others=6):
        employer = make_user(Role.EMPLOYER, postcode="94100", first_name="Erkki")
        people = {"ring": [], "on_call": [], "other": []}
        serial = iter(range(1000))
        for group, count in (("ring", ring), ("on_call", on_call), ("other", others)):
            for _ in range(count):
                user = make_user(
                    Role.ASSISTANT, postcode="94100", phone=f"040 {5550000 + next(serial)}"
                )
                profile = db.session.get(AssistantProfile, user.id)
                profile.on_call = group == "on_call"
                profile.max_travel_km = 100.0
                _free_all_week(user.id)
                if group == "ring":
                    db.session.add(RingMember(employer_id=employer.id, assistant_id=user.id))
                people[group].append(user)
        db.session.commit()
        return employer, people

    return make


@pytest.fixture
def urgent_shift(app, now):
    """Factory: an open urgent shift of the employer starting `hours` after now."""

    def make(employer, hours=3, auto_confirm=False):
        shift = Shift(
            employer_id=employer.id,
            kind=ShiftKind.URGENT,
            state=ShiftState.OPEN,
            title="Aamuvuoro",
            starts_at=now + timedelta(hours=hours),
            ends_at=now + timedelta(hours=hours + 4),
            postcode="94100",
            auto_confirm=auto_confirm,
        )
        db.session.add(shift)
        db.session.commit()
        return shift

    return make
