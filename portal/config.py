"""Settings, read from the environment; SQLite under instance/ by default."""

import os
from datetime import timedelta

WEAK_SECRETS = {"", "dev", "change-me", "secret", "development-only-not-secret"}


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no setting from the environment."""
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def _env_ints(name: str, default: str, count: int) -> tuple[int, ...]:
    """Read `count` whole numbers separated by spaces (e.g. ROUND_WINDOWS="4 6 8 12")."""
    raw = os.environ.get(name, default)
    try:
        values = tuple(int(part) for part in raw.split())
    except ValueError:
        values = ()
    if len(values) != count or any(v < 0 for v in values):
        raise RuntimeError(f"{name} must be {count} whole numbers separated by spaces: {raw!r}")
    return values


def _env_shares(name: str, default: str, count: int) -> tuple[float, ...]:
    """Read `count` numbers from 0 to 1 separated by spaces (e.g. ROUND_TARGET="0.5 0.85")."""
    raw = os.environ.get(name, default)
    try:
        values = tuple(float(part) for part in raw.split())
    except ValueError:
        values = ()
    if len(values) != count or any(not 0 <= v <= 1 for v in values):
        raise RuntimeError(f"{name} must be {count} numbers from 0 to 1: {raw!r}")
    return values


def _env_factors(name: str) -> dict[str, float]:
    """Read per-region factors: ROAD_DETOUR_FACTORS="Lappi=1.5, Kainuu=1.4"."""
    factors = {}
    for item in os.environ.get(name, "").split(","):
        if not item.strip():
            continue
        region, _, value = item.partition("=")
        try:
            factors[region.strip()] = float(value)
        except ValueError:
            raise RuntimeError(f"{name}: '{item.strip()}' is not REGION=FACTOR") from None
    return factors


def database_options(config: dict) -> None:
    """PostgreSQL sessions plan no parallel workers per query unless PG_PARALLEL_WORKERS > 0.

    The pages run many small queries. On the 2-core benchmark host a parallel worker started
    for one of them (the employer's ring and worked-before set, once the employer had 1,851
    shifts) took CPU from the other requests: posting an urgent shift went from 16.7 to
    28.7–31.6 req/s without them (p99 444 → 225–315 ms), the candidates page from 97 to
    120 req/s (benchmarks/README.md).
    """
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        workers = int(config["PG_PARALLEL_WORKERS"])
        connect_args = config["SQLALCHEMY_ENGINE_OPTIONS"].setdefault("connect_args", {})
        connect_args["options"] = f"-c max_parallel_workers_per_gather={workers}"


def load_config(instance_path: str) -> dict:
    """Build the Flask config from environment variables."""
    env = os.environ.get("PORTAL_ENV", "development")
    default_db = "sqlite:///" + os.path.join(instance_path, "avustajatori.sqlite3")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "development-only-not-secret"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PG_PARALLEL_WORKERS": int(os.environ.get("PG_PARALLEL_WORKERS", "0")),
        "MAX_CONTENT_LENGTH": 256 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": ["fi", "sv", "en"],
        "AGREEMENT_VERSION": "2026-1",
        "PASSWORD_RESET_MAX_AGE": 3600,
        # Failed sign-ins: 5 per account from one address in 15 min, 20 per address in
        # 15 min, 100 per address in a day. Never per account alone: then anyone could
        # lock the owner out from anywhere.
        "LOGIN_THROTTLE_WINDOW_MINUTES": 15,
        "LOGIN_THROTTLE_PER_ACCOUNT": 5,
        "LOGIN_THROTTLE_PER_ADDRESS": 20,
        "LOGIN_THROTTLE_PER_ADDRESS_DAY": 100,
        # Reset links: 3 per account and 10 per address in an hour.
        "RESET_THROTTLE_PER_ACCOUNT_HOUR": 3,
        "RESET_THROTTLE_PER_ADDRESS_HOUR": 10,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Avustajatori <noreply@avustajatori.fi>"),
        # Shows sent mail on /demo/lahtevat: only when asked for (`make run` does).
        "DEMO_OUTBOX": _env_bool("DEMO_OUTBOX", False),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "ROAD_DETOUR_FACTOR": float(os.environ.get("ROAD_DETOUR_FACTOR", "1.3")),
        # Per region (maakunta) where roads wind more than the default, e.g. "Lappi=1.5".
        "ROAD_DETOUR_FACTORS": _env_factors("ROAD_DETOUR_FACTORS"),
        # The service's region (maakunta, Finnish name): shifts elsewhere get a warning and
        # the municipality filters list only its municipalities.
        "SERVICE_REGION": os.environ.get("SERVICE_REGION", "Lappi"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # Shared, memory-mapped candidate index snapshots ("" builds in each process).
        "MATCHING_SNAPSHOT_DIR": os.environ.get(
            "MATCHING_SNAPSHOT_DIR", os.path.join(instance_path, "matching-index")
        ),
        # Urgent offers, notifications and the task queue (see benchmarks/README.md).
        "HUEY_IMMEDIATE": _env_bool("HUEY_IMMEDIATE", False),
        "HUEY_SQLITE_PATH": os.environ.get(
            "HUEY_SQLITE_PATH", os.path.join(instance_path, "huey.sqlite3")
        ),
        "SMS_GATEWAY_URL": os.environ.get("SMS_GATEWAY_URL", ""),
        "SMS_GATEWAY_KEY": os.environ.get("SMS_GATEWAY_KEY", ""),
        "SMS_WEBHOOK_SECRET": os.environ.get("SMS_WEBHOOK_SECRET", ""),
        "DELIVERY_MAX_ATTEMPTS": int(os.environ.get("DELIVERY_MAX_ATTEMPTS", "12")),
        "DELIVERY_RETRY_BASE_SECONDS": int(os.environ.get("DELIVERY_RETRY_BASE_SECONDS", "30")),
        "QUIET_HOURS_URGENT_WITHIN_HOURS": int(
            os.environ.get("QUIET_HOURS_URGENT_WITHIN_HOURS", "3")
        ),
        # Window minutes per wave for shifts starting within 2 h, 6 h, 12 h, later.
        "ROUND_WINDOWS": _env_ints("ROUND_WINDOWS", "4 6 10 12", 4),
        # Chance of a yes a wave aims for a day ahead and 2 h before the start: a far
        # shift has time for more waves, a near one may not get another. 0.55 rather
        # than an even chance far ahead: in the fill simulation (200 shifts, seed 1) it cut
        # the median to a confirmed substitute by 0.3 min (typical) and 0.9 min
        # (night-heavy) for 0.1 more messages per filled shift; on seed 2 (typical) only
        # 0.1 min for 0.2 messages: a small gain (benchmarks/README.md).
        "ROUND_TARGET": _env_shares("ROUND_TARGET", "0.55 0.85", 2),
        # Below this chance that anyone eligible says yes before the start, coordinators
        # are alerted at once instead of messaging everyone first.
        "ROUND_HOPELESS_FLOOR": _env_shares("ROUND_HOPELESS_FLOOR", "0.3", 1)[0],
        # Most people asked in one wave, and in all waves before coordinators take over.
        # The second is a backstop: the answer model stops a round whose chance is gone
        # (hopeless floor, last-wave alert). At 16 it cut off reluctant rounds whose few
        # willing people were ranked 30th-35th; 45 filled them for +1 message per filled
        # shift (fill simulation, benchmarks/README.md).
        "ROUND_MAX_WAVE": int(os.environ.get("ROUND_MAX_WAVE", "5")),
        "ROUND_MAX_OFFERS": int(os.environ.get("ROUND_MAX_OFFERS", "45")),
        # Local hours (start, end) of the night: escalation waits for the morning and the
        # answer model counts those minutes as asleep.
        "ROUND_NIGHT_HOURS": _env_ints("ROUND_NIGHT_HOURS", "22 7", 2),
        # Reverse proxies in front of gunicorn whose X-Forwarded-For is trusted (0: none);
        # without this, per-address sign-in throttling would see only the proxy's address.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
    }


def check_production_secret(config: dict) -> None:
    """Refuse to start in production with a missing or weak SECRET_KEY."""
    if config["ENV_NAME"] != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key in WEAK_SECRETS or len(key) < 32 or len(set(key)) < 10:
        raise RuntimeError(
            "SECRET_KEY is missing or weak: set a random value of at least 32 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )


def check_demo_outbox(config: dict) -> None:
    """Refuse to start in production with the demo outbox on (it shows reset links)."""
    if config["ENV_NAME"] == "production" and config.get("DEMO_OUTBOX"):
        raise RuntimeError("DEMO_OUTBOX must not be set in production: it shows sent mail.")
