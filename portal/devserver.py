"""`make run`: serve the demo on http://127.0.0.1:5000 with the task consumer running."""

import atexit
import subprocess  # noqa: S404 - starts our own huey consumer, fixed arguments
import sys

from wsgi import app


def start_consumer() -> subprocess.Popen:
    """Start the huey consumer (deliveries, offer windows, sweeper) as a child process."""
    command = [sys.executable, "-m", "huey.bin.huey_consumer", "portal.worker.huey"]
    process = subprocess.Popen([*command, "-w", "2", "-k", "thread", "-q"])  # noqa: S603
    atexit.register(process.terminate)
    return process


def main() -> None:
    """Start the task consumer and the development server on the loopback address."""
    start_consumer()
    print("Avustajatori: http://127.0.0.1:5000  (stop with Ctrl+C)")  # noqa: T201
    app.run(host="127.0.0.1", port=5000, debug=False, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
