"""The fill simulation runs end to end on a few shifts and prints the issue's JSON line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fill_sim_prints_one_json_line_with_the_figures():
    completed = subprocess.run(
        [
            sys.executable,
            "benchmarks/fill_sim.py",
            "--strategy",
            "tiered",
            "--shifts",
            "4",
            "--seed",
            "3",
            "--behaviour",
            "benchmarks/behaviours/eager.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    line = json.loads(completed.stdout.strip().splitlines()[-1])
    for key in (
        "fill_rate",
        "median_minutes_to_confirm",
        "p90_minutes_to_confirm",
        "messages_per_filled",
        "mean_distance_km",
    ):
        assert key in line
    assert line["shifts"] == 4
