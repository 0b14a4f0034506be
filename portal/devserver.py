"""`make run`: serve the demo on http://127.0.0.1:5000."""

from wsgi import app


def main() -> None:
    """Start the development server on the loopback address."""
    print("Avustajatori: http://127.0.0.1:5000  (stop with Ctrl+C)")  # noqa: T201
    app.run(host="127.0.0.1", port=5000, debug=False, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
