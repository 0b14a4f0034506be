"""Instructions per request of the GET pages, counted by valgrind's callgrind.

A CPU-time figure moves with whatever else the machine runs; an instruction count does
not (the same code, data and inputs give the same count within a fraction of a percent),
so a change can be measured on a busy machine. Each page runs in a child process under
`valgrind --tool=callgrind --instr-atstart=no`; after signing in and a warm-up the child
waits while the parent switches counting on (`callgrind_control -i on`), runs the
requests, and the count is divided by their number. Python runs ~50× slower under
valgrind: 10 requests of a page take about a minute. Needs the national database as
page_cpu.py does (DATABASE_URL, MATCHING_SNAPSHOT_DIR).

    DATABASE_URL=sqlite:////tmp/national.sqlite3 MATCHING_SNAPSHOT_DIR=/tmp/snap \\
        PYTHONPATH=. .venv/bin/python benchmarks/page_instructions.py --pages bare,candidates
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = ("bare", "layout", "candidates", "for_me")
WAIT_S = 600


def child(page: str, requests: int, folder: Path) -> None:
    """Sign in, warm up, then run the requests once the parent says go."""
    from benchmarks.bench_wsgi import app
    from benchmarks.load_pages import ASSISTANT, EMPLOYER
    from benchmarks.page_cpu import signed_in

    app.config["WTF_CSRF_ENABLED"] = False
    employer, assistant = signed_in(EMPLOYER), signed_in(ASSISTANT)
    shift_id = re.findall(r"/vuorot/(\d+)/hallinta", employer.get("/vuorot/omat").text)[0]
    client, path = {
        "bare": (employer, "/_bench/bare"),
        "layout": (employer, "/tietoja"),  # the site layout and a static text
        "candidates": (employer, f"/vuorot/{shift_id}/ehdokkaat"),
        "for_me": (assistant, "/vuorot/minulle"),
    }[page]
    for _ in range(3):
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path} did not answer 200")
    (folder / "ready").touch()
    _wait_for(folder / "go")
    for _ in range(requests):
        client.get(path)
    (folder / "done").touch()
    _wait_for(folder / "exit")


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {path}")
        time.sleep(0.05)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed (Debian package valgrind)")
    return found


def count(page: str, requests: int) -> int:
    """Instructions per request of one page."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                _tool("valgrind"),
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={folder}/callgrind.out",
                sys.executable,
                __file__,
                "--child",
                page,
                "--requests",
                str(requests),
                "--folder",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        control = [_tool("callgrind_control"), "--instr"]
        _wait_for(folder / "ready")
        subprocess.run([*control, "on", str(process.pid)], check=True, capture_output=True)  # noqa: S603
        (folder / "go").touch()
        _wait_for(folder / "done")
        subprocess.run([*control, "off", str(process.pid)], check=True, capture_output=True)  # noqa: S603
        (folder / "exit").touch()
        process.wait()
        totals = re.search(r"^totals: (\d+)", (folder / "callgrind.out").read_text(), re.M)
        if totals is None:
            raise SystemExit("callgrind wrote no totals")
        return int(totals.group(1)) // requests


def main() -> int:
    """Count each page, or be the child that runs one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--child", default="")
    parser.add_argument("--folder", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.requests, Path(args.folder))
        return 0
    counts = {page: count(page, args.requests) for page in args.pages.split(",")}
    bare = counts.get("bare")
    for page, instructions in counts.items():
        share = f"  bare / page {bare / instructions:5.1%}" if bare else ""
        print(f"{page:12} {instructions / 1e6:7.2f} M instructions a request{share}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
