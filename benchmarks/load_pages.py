"""Load test at national size: four pages next to a bare template route, same run.

Starts gunicorn with gunicorn.conf.py (snapshot in MATCHING_SNAPSHOT_DIR, workers preloaded)
against an existing database (DATABASE_URL, after `flask seed national`), times the first
candidates page after start, records each worker's memory (PSS/USS from smaps_rollup),
then drives each scenario with a threaded keep-alive client for a fixed time:

- bare: a template render with no database work but the signed-in session's user
  (benchmarks/bench_wsgi.py), run first and again last
- candidates: an employer's ranked candidates page of an open shift
- for_me: "Shifts for me" of an assistant
- post_urgent: an employer posts an urgent substitute shift (starts an offer round)
- answer: an assistant answers "yes" to an urgent offer (fresh offers made by --offers)

    DATABASE_URL=sqlite:////tmp/national.sqlite3 PYTHONPATH=. .venv/bin/python \
        benchmarks/load_pages.py --duration 20 --workers 3
"""

import argparse
import http.client
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "national-not-for-login"  # noqa: S105 - the seed's synthetic accounts
EMPLOYER = "national-employer-000000@scale.avustajatori.fi"
ASSISTANT = "national-000000@scale.avustajatori.fi"


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Session:
    """One signed-in browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, form: dict | None = None):
        """Send a request; returns (status, body)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read().decode()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, data

    def sign_in(self, email: str) -> str:
        """Sign in through the form; returns a CSRF token for later posts."""
        _, page = self.request("GET", "/kirjaudu")
        token = csrf(page)
        status, _ = self.request(
            "POST", "/kirjaudu", {"csrf_token": token, "email": email, "password": PASSWORD}
        )
        if status != 302:
            raise SystemExit(f"sign-in of {email} failed: {status}")
        return csrf(self.request("GET", "/")[1]) or token


def csrf(page: str) -> str:
    """The CSRF token in a page."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return found.group(1) if found else ""


def drive(port, email, make_request, duration: float, connections: int) -> dict:
    """Run `connections` signed-in clients for `duration` s; latency figures in ms."""
    latencies, errors, statuses = [], [0], {}
    lock = threading.Lock()
    sessions = [Session(port) for _ in range(connections)]
    tokens = [s.sign_in(email) if email else "" for s in sessions]
    deadline = time.monotonic() + duration

    def client(session, token):
        while time.monotonic() < deadline:
            method, path, form, ok = make_request(token)
            if form is not None:
                form = {"csrf_token": token, **form}
            started = time.perf_counter()
            try:
                status, _ = session.request(method, path, form)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status not in ok:
                    errors[0] += 1

    pairs = zip(sessions, tokens, strict=True)
    threads = [threading.Thread(target=client, args=pair) for pair in pairs]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / wall, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "errors": errors[0],
        "statuses": statuses,
        "load_average": load_average(),
    }


def memory(pid: int) -> dict:
    """PSS and USS (private clean + dirty) of a process in MB, from smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":")
        fields[name.strip()] = int(value.split()[0]) / 1024
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return {"rss_mb": round(fields["Rss"]), "pss_mb": round(fields["Pss"]), "uss_mb": round(uss)}


def urgent_form(n: int) -> dict:
    """The n-th urgent shift a scenario posts: Kemi, an hour, ten a day from 3 days ahead."""
    day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + (3 + n // 10) * 86400))
    return {
        "kind": "urgent",
        "title": "Sijainen",
        "description": "",
        "day": day,
        "start": f"{8 + n % 10:02d}:00",
        "end": f"{9 + n % 10:02d}:00",
        "place": "94100",
        "languages": "fi",
    }


def make_offers(count: int) -> list[int]:
    """Fresh urgent offers to the test assistant, on distinct future hours (setup)."""
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(ROOT / "benchmarks" / "bench_offers.py"), str(count), ASSISTANT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def analyze() -> None:
    """PostgreSQL: fresh planner statistics for what earlier runs and the setup added.

    Each run adds thousands of open shifts and offers; with the statistics of the seed the
    planner expected one open shift and "Shifts for me" read 6,000 in a nested loop (12 ms
    instead of 2.7 ms per page at 6,000 open shifts).
    """
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("ANALYZE"))
        engine.dispose()


def main() -> int:
    """Start the server, measure the first page and memory, then each scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--offers", type=int, default=3000)
    parser.add_argument(
        "--scenarios", default="", help="comma-separated names to run (default: all)"
    )
    args = parser.parse_args()
    offers = make_offers(args.offers) if args.offers else []
    analyze()
    port = free_port()
    env = {**os.environ, "PORTAL_ENV": "development", "DEMO_OUTBOX": "1"}
    env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(args.workers))
    env.update(GUNICORN_ACCESS_LOG="", GUNICORN_LOG_LEVEL="info")
    env.setdefault("SECRET_KEY", "load-test-secret-key-0123456789-abcdefghij")
    started = time.monotonic()
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "benchmarks.bench_wsgi:app"],
        cwd=ROOT,
        env=env,
    )
    results = {"load_average_at_start": load_average()}
    try:
        employer = Session(port)
        while True:
            try:
                employer.request("GET", "/_bench/bare")
                break
            except OSError:
                if time.monotonic() - started > 600:
                    raise
                time.sleep(0.2)
        results["server_up_s"] = round(time.monotonic() - started, 2)
        employer.sign_in(EMPLOYER)
        page = employer.request("GET", "/vuorot/omat")[1]
        shift_id = re.findall(r"/vuorot/(\d+)/hallinta", page)[0]
        candidates = f"/vuorot/{shift_id}/ehdokkaat"
        status, body = employer.request("GET", candidates)
        results["first_candidates_page_s"] = round(time.monotonic() - started, 2)
        results["candidates_on_page"] = body.count('scope="row"')
        children = subprocess.run(  # noqa: S603 - fixed arguments
            ["/usr/bin/pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        results["memory"] = {
            "master": memory(server.pid),
            "workers": [memory(int(pid)) for pid in children],
        }
        days = itertools.count()
        offer_ids = iter(offers)

        def urgent(_token):
            return "POST", "/vuorot/uusi", urgent_form(next(days)), {302}

        def answer(_token):
            offer = next(offer_ids, None)
            if offer is None:
                return "GET", "/tarjoukset", None, {200}
            return "POST", f"/tarjoukset/{offer}/vastaa", {"yes": "1"}, {302}

        scenarios = [
            ("bare", EMPLOYER, lambda _t: ("GET", "/_bench/bare", None, {200})),
            ("candidates", EMPLOYER, lambda _t: ("GET", candidates, None, {200})),
            ("for_me", ASSISTANT, lambda _t: ("GET", "/vuorot/minulle", None, {200})),
            ("post_urgent", EMPLOYER, urgent),
            ("answer", ASSISTANT, answer),
            ("bare_again", EMPLOYER, lambda _t: ("GET", "/_bench/bare", None, {200})),
        ]
        wanted = set(filter(None, args.scenarios.split(",")))
        for name, email, make in scenarios:
            if wanted and name not in wanted:
                continue
            results[name] = drive(port, email, make, args.duration, args.connections)
            print(name, json.dumps(results[name]), file=sys.stderr, flush=True)
        results["memory_after"] = {
            "master": memory(server.pid),
            "workers": [memory(int(pid)) for pid in children],
        }
        results["offers_answered"] = sum(1 for _ in offers) - sum(1 for _ in offer_ids)
        print(json.dumps(results, indent=2))
    finally:
        server.terminate()
        server.wait(60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
