"""Benchmark CandidateIndex.rank at 1k, 10k and 100k assistants spread like Finland.

Places: postcode points of the bundled gazetteer (postcodes are denser where people
live) with ~2 km jitter, a tenth of the assistants in Lapland (Lappi). For each size the
same queries run through (1) CandidateIndex.rank(shift, k=20), (2) a bare numpy scan
(haversine to every assistant, each one's own radius, 20 nearest; no other filter), and
(3) a naive loop (geopy geodesic per assistant, then the exact filters). The naive loop
is timed on a sample of assistants and queries and extrapolated linearly per assistant.

Run: ``PYTHONPATH=. python benchmarks/rank_bench.py [--sizes 1000 10000 100000] [--queries 200]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from geopy.distance import geodesic

from recommender import Candidate, CandidateIndex, ShiftRequest
from recommender.geo import haversine_km
from recommender.timegrid import coverage

ROOT = Path(__file__).resolve().parents[1]
POSTCODES = "fi_postcodes_geonames_2024.csv"
HELSINKI = ZoneInfo("Europe/Helsinki")
SKILLS = [f"skill{i}" for i in range(12)]
WORDS = ["siirtoavustaja", "yövuorot", "viittomakieli", "ajokortti", "lastenhoito", "ulkoilu"]


def gazetteer() -> Path:
    """Return the postcode file: seeds/data if the portal copied it there, else shared."""
    for base in (ROOT / "seeds" / "data", ROOT.parent.parent / "shared" / "data"):
        if (base / POSTCODES).exists():
            return base / POSTCODES
    return Path("/work/shared/data") / POSTCODES


def places() -> tuple[np.ndarray, np.ndarray]:
    """Return (lapland points, other points) as (n, 2) lat/lon arrays."""
    lap, rest = [], []
    with gazetteer().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            (lap if row["maakunta_name_fi"] == "Lappi" else rest).append(
                (float(row["lat"]), float(row["lon"]))
            )
    return np.array(lap), np.array(rest)


def where(rng: random.Random, lap: np.ndarray, rest: np.ndarray) -> tuple[float, float]:
    """Return a random point: 10 % in Lapland, jittered ~2 km around a postcode point."""
    pts = lap if rng.random() < 0.1 else rest
    lat, lon = pts[rng.randrange(len(pts))]
    return lat + rng.gauss(0, 0.018), lon + rng.gauss(0, 0.04)


def make_candidates(n: int, seed: int = 7) -> list[Candidate]:
    """Return n synthetic assistants."""
    rng = random.Random(seed)
    lap, rest = places()
    base = datetime(2026, 11, 23, tzinfo=HELSINKI)
    out = []
    for cid in range(1, n + 1):
        lat, lon = where(rng, lap, rest)
        weekly = []
        for d in rng.sample(range(7), rng.randint(2, 7)):
            s = rng.choice([0, 360, 420, 480, 720, 960, 1320])
            weekly.append((d, s, min(1440, s + rng.choice([240, 480, 600, 1440]))))
        busy = []
        for _ in range(rng.randint(0, 3)):
            b = base + timedelta(hours=rng.randint(0, 24 * 21))
            busy.append((b, b + timedelta(hours=rng.choice([4, 8, 24]))))
        out.append(
            Candidate(
                id=cid,
                lat=lat,
                lon=lon,
                max_travel_km=rng.choice([10.0, 20.0, 30.0, 50.0, 80.0, 120.0]),
                weekly=tuple(weekly),
                busy=tuple(busy),
                skills=frozenset(rng.sample(SKILLS, rng.randint(0, 5))),
                languages=frozenset({"fi"} | ({"sv"} if rng.random() < 0.1 else set())),
                rating_sum=float(rng.randint(0, 200)),
                rating_count=rng.randint(0, 40),
                completed=rng.randint(0, 100),
                cancelled_late=rng.randint(0, 5),
                on_call=rng.random() < 0.2,
                text=" ".join(rng.sample(WORDS, 2)),
            )
        )
    return out


def make_queries(q: int, seed: int = 11) -> list[ShiftRequest]:
    """Return q shifts at population-weighted places over the next three weeks."""
    rng = random.Random(seed)
    lap, rest = places()
    out = []
    for _ in range(q):
        lat, lon = where(rng, lap, rest)
        start = datetime(2026, 11, 23, tzinfo=HELSINKI) + timedelta(
            days=rng.randint(0, 20), minutes=rng.choice([420, 480, 960, 1320])
        )
        out.append(
            ShiftRequest(
                lat=lat,
                lon=lon,
                start=start,
                end=start + timedelta(hours=rng.choice([4, 8, 10])),
                required_skills=frozenset(rng.sample(SKILLS, rng.choice([0, 0, 1]))),
                preferred_skills=frozenset(rng.sample(SKILLS, 2)),
                min_coverage=rng.choice([1.0, 1.0, 0.75]),
                text=rng.choice(["", "siirtoavustaja yövuoroihin"]),
            )
        )
    return out


def bare_scan(lat, lon, travel, shift: ShiftRequest, k: int = 20) -> np.ndarray:
    """Return the k nearest assistants within their own radius: one haversine pass."""
    d = haversine_km(shift.lat, shift.lon, lat, lon)
    ok = np.flatnonzero(d <= travel)
    if ok.size > k:
        ok = ok[np.argpartition(d[ok], k - 1)[:k]]
    return ok[np.argsort(d[ok])]


def naive(cands: list[Candidate], shift: ShiftRequest) -> list[int]:
    """Return eligible ids by a per-assistant Python loop with geopy geodesic."""
    out = []
    for c in cands:
        if geodesic((shift.lat, shift.lon), (c.lat, c.lon)).km > c.max_travel_km:
            continue
        if not shift.required_skills <= c.skills:
            continue
        if coverage(c.weekly, c.busy, shift.start, shift.end) >= shift.min_coverage:
            out.append(c.id)
    return out


def timed(fn, *args) -> float:
    """Return the seconds one call takes."""
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def run(n: int, queries: list[ShiftRequest], naive_queries: int, naive_cands: int) -> dict:
    """Benchmark one population size."""
    cands = make_candidates(n)
    t0 = time.perf_counter()
    index = CandidateIndex(cands)
    build = time.perf_counter() - t0
    tracemalloc.start()
    probe = CandidateIndex(cands)
    mem_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    nbytes = probe.nbytes()
    del probe
    for s in queries[:5]:  # warm caches (zone offsets, allocator)
        index.rank(s, 20)
    lat = np.array([c.lat for c in cands])
    lon = np.array([c.lon for c in cands])
    travel = np.array([c.max_travel_km for c in cands])
    idx_t, scan_t = [], []
    for s in queries:  # interleaved, so load from other processes hits both alike
        idx_t.append(timed(index.rank, s, 20))
        scan_t.append(timed(bare_scan, lat, lon, travel, s))
    m = min(n, naive_cands)
    sub = cands[:m]
    naive_t = [timed(naive, sub, s) * n / m for s in queries[:naive_queries]]
    res = {
        "n": n,
        "build_s": build,
        "nbytes_mb": nbytes / 1e6,
        "tracemalloc_peak_mb": mem_peak / 1e6,
        "median_ms": 1e3 * statistics.median(idx_t),
        "p90_ms": 1e3 * float(np.percentile(idx_t, 90)),
        "max_ms": 1e3 * max(idx_t),
        "scan_median_ms": 1e3 * statistics.median(scan_t),
        "naive_median_ms": 1e3 * statistics.median(naive_t),
        "naive_sample": f"{naive_queries} queries x {m} assistants",
    }
    res["x_naive"] = res["naive_median_ms"] / res["median_ms"]
    res["x_scan"] = res["median_ms"] / res["scan_median_ms"]
    return res


def main(argv: list[str] | None = None) -> None:
    """Print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--naive-queries", type=int, default=10)
    parser.add_argument("--naive-candidates", type=int, default=2000)
    args = parser.parse_args(argv)
    queries = make_queries(args.queries)
    print(
        f"{'n':>7} {'build s':>8} {'arrays MB':>9} {'peak MB':>8} {'median ms':>9} "
        f"{'p90 ms':>7} {'max ms':>7} {'scan ms':>8} {'naive ms':>9} {'x naive':>8} "
        f"{'/ scan':>6}  naive sample"
    )
    for n in args.sizes:
        r = run(n, queries, args.naive_queries, args.naive_candidates)
        print(
            f"{r['n']:>7} {r['build_s']:>8.2f} {r['nbytes_mb']:>9.1f} "
            f"{r['tracemalloc_peak_mb']:>8.1f} {r['median_ms']:>9.3f} {r['p90_ms']:>7.3f} "
            f"{r['max_ms']:>7.3f} {r['scan_median_ms']:>8.3f} {r['naive_median_ms']:>9.1f} "
            f"{r['x_naive']:>8.0f} {r['x_scan']:>6.2f}  {r['naive_sample']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
