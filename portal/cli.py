"""Flask CLI: load the gazetteer and the demo."""

import click
from flask.cli import with_appcontext

from portal.extensions import db


@click.group("seed")
def seed_command():
    """Load seed data."""


@seed_command.command("places")
@with_appcontext
def seed_places():
    """Load the Finnish gazetteer and the skill vocabulary."""
    from seeds.places import load_places
    from seeds.skills import load_skills

    added = load_places() + load_skills()
    db.session.commit()
    click.echo(f"places and skills: {added} rows added")


@seed_command.command("demo")
@with_appcontext
def seed_demo():
    """Load the Länsi-Pohja and Lapland demo (once; a second run changes nothing)."""
    from seeds.demo import load_demo

    if load_demo():
        db.session.commit()
        click.echo("demo loaded")
    else:
        db.session.commit()
        click.echo("demo already loaded: nothing changed")
