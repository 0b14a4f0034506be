"""The app as gunicorn serves it, plus one bare template route as the load test's baseline."""

from flask import render_template_string

from portal import create_app
from portal.access import public

app = create_app()


@app.route("/_bench/bare")
@public
def bare():
    """A template render with no database work: the floor of any page's cost."""
    return render_template_string("<!doctype html><title>bare</title><p>{{ text }}</p>", text="ok")
