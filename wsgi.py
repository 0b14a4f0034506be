"""Entry point for gunicorn and `flask run`: app = create_app()."""

from portal import create_app

app = create_app()
