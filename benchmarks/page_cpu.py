"""CPU per request of the load test's pages, in-process (no HTTP, no other clients).

Runs each page through Flask's test client against an existing national database
(DATABASE_URL, MATCHING_SNAPSHOT_DIR as for load_pages.py), after a warm-up, and prints
the median and mean `time.process_time`, the median wall time and the SQL statements per
request. The write pages: post_urgent posts an urgent shift (load_pages.py's form),
answer says yes to a fresh offer (made first by bench_offers.py, as load_pages.py does).
With --profile NAME it writes a cProfile of that page to page_cpu_NAME.prof in the
temporary folder (`python -m pstats`).

    DATABASE_URL=sqlite:////tmp/national.sqlite3 PYTHONPATH=. .venv/bin/python \
        benchmarks/page_cpu.py --requests 100 --scenarios post_urgent,answer
"""

import argparse
import cProfile
import itertools
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

from benchmarks.bench_wsgi import app
from benchmarks.load_pages import ASSISTANT, EMPLOYER, PASSWORD, make_offers, urgent_form
from portal.extensions import db

WARM_UP = 5


def signed_in(email: str):
    """A test client signed in through the form."""
    client = app.test_client()
    response = client.post("/kirjaudu", data={"email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"sign-in of {email} failed: {response.status_code}")
    return client


def statement_counter() -> list[int]:
    """A one-element list that counts every SQL statement the app's engine runs."""
    counted = [0]
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args):
        counted[0] += 1

    return counted


def scenarios(args) -> dict[str, Callable[[], int]]:
    """Each page as a call returning its status code."""
    employer, assistant = signed_in(EMPLOYER), signed_in(ASSISTANT)
    page = employer.get("/vuorot/omat").text
    shift_id = re.findall(r"/vuorot/(\d+)/hallinta", page)[0]
    wanted = set(filter(None, args.scenarios.split(",")))
    posts = itertools.count(1000 + int(time.time()) % 100000 * 10)  # new hours each run
    offers = iter(make_offers(args.requests + WARM_UP) if "answer" in wanted else [])
    pages = {
        "bare": lambda: employer.get("/_bench/bare").status_code,
        "candidates": lambda: employer.get(f"/vuorot/{shift_id}/ehdokkaat").status_code,
        "for_me": lambda: assistant.get("/vuorot/minulle").status_code,
        "post_urgent": lambda: (
            employer.post("/vuorot/uusi", data=urgent_form(next(posts))).status_code
        ),
        "answer": lambda: (
            assistant.post(f"/tarjoukset/{next(offers)}/vastaa", data={"yes": "1"}).status_code
        ),
    }
    return {name: call for name, call in pages.items() if not wanted or name in wanted}


def main() -> int:
    """Time each page; optionally profile one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", default="")
    parser.add_argument(
        "--scenarios", default="bare,candidates,for_me", help="comma-separated names"
    )
    args = parser.parse_args()
    app.config["WTF_CSRF_ENABLED"] = False
    counted = statement_counter()
    for name, call in scenarios(args).items():
        for _ in range(WARM_UP):
            status = call()
            assert status in (200, 302), (name, status)  # noqa: S101 - a benchmark's check
        profile = cProfile.Profile() if name == args.profile else None
        times, walls, statements = [], [], []
        for _ in range(args.requests):
            before, started, wall = counted[0], time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            call()
            if profile:
                profile.disable()
            times.append((time.process_time() - started) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
            statements.append(counted[0] - before)
        if profile:
            profile.dump_stats(Path(tempfile.gettempdir()) / f"page_cpu_{name}.prof")
        print(
            f"{name:12} median {statistics.median(times):6.2f} ms  "
            f"mean {statistics.fmean(times):6.2f} ms  "
            f"wall {statistics.median(walls):6.2f} ms  "
            f"statements {statistics.median(statements):5.0f}  ({args.requests} requests)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
