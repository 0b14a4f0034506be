"""CPU per request of the load test's pages, in-process (no HTTP, no other clients).

Runs each page through Flask's test client against an existing national database
(DATABASE_URL, MATCHING_SNAPSHOT_DIR as for load_pages.py), after a warm-up, and prints
the median and mean `time.process_time` per request. With --profile NAME it writes a
cProfile of that page to page_cpu_NAME.prof in the temporary folder (`python -m pstats`).

    DATABASE_URL=sqlite:////tmp/national.sqlite3 PYTHONPATH=. .venv/bin/python \
        benchmarks/page_cpu.py --requests 100
"""

import argparse
import cProfile
import re
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_wsgi import app
from benchmarks.load_pages import ASSISTANT, EMPLOYER, PASSWORD


def signed_in(email: str):
    """A test client signed in through the form."""
    client = app.test_client()
    response = client.post("/kirjaudu", data={"email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"sign-in of {email} failed: {response.status_code}")
    return client


def main() -> int:
    """Time each page; optionally profile one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    app.config["WTF_CSRF_ENABLED"] = False
    employer, assistant = signed_in(EMPLOYER), signed_in(ASSISTANT)
    page = employer.get("/vuorot/omat").text
    shift_id = re.findall(r"/vuorot/(\d+)/hallinta", page)[0]
    pages = {
        "bare": (employer, "/_bench/bare"),
        "candidates": (employer, f"/vuorot/{shift_id}/ehdokkaat"),
        "for_me": (assistant, "/vuorot/minulle"),
    }
    for name, (client, path) in pages.items():
        for _ in range(5):
            assert client.get(path).status_code == 200  # noqa: S101 - a benchmark's check
        profile = cProfile.Profile() if name == args.profile else None
        times = []
        for _ in range(args.requests):
            started = time.process_time()
            if profile:
                profile.enable()
            client.get(path)
            if profile:
                profile.disable()
            times.append((time.process_time() - started) * 1000)
        if profile:
            profile.dump_stats(Path(tempfile.gettempdir()) / f"page_cpu_{name}.prof")
        print(
            f"{name:12} median {statistics.median(times):6.2f} ms  "
            f"mean {statistics.fmean(times):6.2f} ms  ({args.requests} requests)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
