"""Settings are parsed once, at start, and a malformed one stops the start with its name."""

import pytest

from portal.config import load_config


def test_round_lists_and_region_factors_are_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("ROUND_WINDOWS", "5 7 9 15")
    monkeypatch.setenv("ROAD_DETOUR_FACTORS", "Lappi=1.5, Kainuu=1.4")
    config = load_config(str(tmp_path))
    assert config["ROUND_WINDOWS"] == (5, 7, 9, 15)
    assert config["ROUND_TARGET"] == (0.55, 0.85)
    assert config["ROUND_HOPELESS_FLOOR"] == 0.3
    assert config["ROAD_DETOUR_FACTORS"] == {"Lappi": 1.5, "Kainuu": 1.4}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ROUND_WINDOWS", "4 6 x 12"),
        ("ROUND_TARGET", "0.5"),
        ("ROUND_TARGET", "0.5 1.5"),
        ("ROUND_HOPELESS_FLOOR", "x"),
        ("ROAD_DETOUR_FACTORS", "Lappi"),
    ],
)
def test_a_malformed_setting_names_itself(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        load_config(str(tmp_path))


def test_env_example_lists_every_setting():
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent
    listed = (source / ".env.example").read_text()
    read = (source / "portal" / "config.py").read_text()
    import re

    names = set(re.findall(r'_env_\w+\("([A-Z_]+)"|environ\.get\("([A-Z_]+)"', read))
    missing = sorted(n for pair in names for n in pair if n and f"\n{n}=" not in listed)
    assert missing == []


def test_sqlite_connections_check_keys_wait_for_writers_and_sync_at_checkpoints(app):
    """Every SQLite connection: foreign keys on, WAL, NORMAL sync, a busy timeout."""
    from sqlalchemy import text

    from portal.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")
    with db.engine.connect() as conn:
        pragma = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragma == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 1,
        "busy_timeout": 10000,
    }


@pytest.mark.parametrize(
    ("url", "workers", "expected"),
    [
        ("postgresql+psycopg://db/avustajatori", "", "-c max_parallel_workers_per_gather=0"),
        ("postgresql+psycopg://db/avustajatori", "2", "-c max_parallel_workers_per_gather=2"),
        ("sqlite:///x.sqlite3", "2", None),
    ],
)
def test_postgresql_sessions_start_no_parallel_workers_unless_asked(
    monkeypatch, tmp_path, url, workers, expected
):
    from portal.config import database_options

    monkeypatch.setenv("DATABASE_URL", url)
    if workers:
        monkeypatch.setenv("PG_PARALLEL_WORKERS", workers)
    config = load_config(str(tmp_path))
    database_options(config)
    options = config["SQLALCHEMY_ENGINE_OPTIONS"].get("connect_args", {}).get("options")
    assert options == expected


def test_a_postgresql_session_plans_no_parallel_workers(app):
    from sqlalchemy import text

    from portal.extensions import db

    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with db.engine.connect() as conn:
        assert conn.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
