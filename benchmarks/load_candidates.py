"""Load test: the candidates page of a shift next to a bare template route, same run.

Starts gunicorn on 127.0.0.1 against an existing database (DATABASE_URL), signs an
employer in through the real login form, warms every worker's candidate index, then runs
wrk for a bounded time against both URLs and prints req/s, median and p99 latency.

    DATABASE_URL=sqlite:////tmp/national.db python benchmarks/load_candidates.py \
        --email national-employer-000000@scale.avustajatori.fi --password national-load-test
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def sign_in(base: str, email: str, password: str) -> tuple[str, urllib.request.OpenerDirector]:
    """Sign in through the login form; returns the Cookie header value and the opener."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/kirjaudu").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    opener.open(base + "/kirjaudu", data.encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, opener


def first_open_shift(opener, base: str) -> int:
    page = opener.open(base + "/vuorot/omat").read().decode()
    ids = re.findall(r"/vuorot/(\d+)/hallinta", page)
    if not ids:
        raise SystemExit("the employer has no shifts")
    return int(ids[0])


def run_wrk(url: str, cookie: str, duration: int, connections: int) -> dict:
    """Run wrk; parse requests/s and the 50 % and 99 % latencies (ms)."""
    out = subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "median_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PORTAL_ENV": "development", "DEMO_OUTBOX": "1"}
    env.setdefault("SECRET_KEY", "load-test-secret-key-0123456789-abcdefghij")
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
            "benchmarks.bench_wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_up(base + "/_bench/bare")
        cookie, opener = sign_in(base, args.email, args.password)
        shift_id = first_open_shift(opener, base)
        candidates = f"{base}/vuorot/{shift_id}/ehdokkaat"
        started = time.monotonic()
        for _ in range(4 * args.workers):  # every worker builds its index before timing
            body = opener.open(candidates, timeout=600).read().decode()
        warm = time.monotonic() - started
        rows = body.count('scope="row"')
        results = {
            "shift_id": shift_id,
            "candidates_on_page": rows,
            "warm_up_s": round(warm, 1),
            "bare": run_wrk(base + "/_bench/bare", cookie, args.duration, args.connections),
            "candidates": run_wrk(candidates, cookie, args.duration, args.connections),
        }
        print(json.dumps(results, indent=2))
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
