"""gunicorn settings for `make serve` and production; every value can be overridden by env.

The app is imported once in the master (preload_app). Before the workers start, the
master makes sure a candidate index snapshot exists (built once, on the very first start
only); each worker then memory-maps it as soon as it starts, so no request waits for an
index build and the workers share its pages.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # 0: never recycle
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _flask_app(server):
    """The Flask app gunicorn loaded (wsgi:app)."""
    return server.app.wsgi()


def when_ready(server):
    """In the master: publish a first index snapshot if there is none, then close the pool."""
    from pathlib import Path

    from portal.extensions import db
    from portal.services.matching import index_cache, snapshot_files

    app = _flask_app(server)
    directory = app.config.get("MATCHING_SNAPSHOT_DIR")
    with app.app_context():
        if directory and snapshot_files.published(Path(directory)) is None:
            server.log.info("building the first candidate index snapshot in %s", directory)
            index_cache.publish(Path(directory))
        db.session.remove()
        db.engine.dispose()  # forked workers must not share the master's connections


def post_worker_init(worker):
    """In each worker: map the snapshot and apply the change log before the first request."""
    import time

    from portal.services.matching import index_cache

    app = _flask_app(worker)
    started = time.monotonic()
    with app.test_request_context("/"):
        try:
            index, _ = index_cache.candidate_index()
        except Exception:  # an empty or unmigrated database: the first request will retry
            worker.log.exception("warming the candidate index failed")
            return
    seconds = time.monotonic() - started
    worker.log.info("candidate index of %d ready in %.2f s", len(index), seconds)
