"""Marketplace CLI: `flask recommender retrain` and `flask seed national`."""

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.cli import seed_command
from portal.extensions import db


@click.group("recommender")
def recommender_command():
    """Recommender maintenance."""


@recommender_command.command("retrain")
@click.option("--limit", default=20000, show_default=True, help="Most recent answered offers.")
@with_appcontext
def retrain(limit: int):
    """Learn ranking weights and the answer model from stored offers; save under instance/."""
    from portal.models import utcnow
    from portal.services.matching import adapter as matching
    from portal.services.matching import answer_data
    from portal.services.matching.outcomes import build_outcomes
    from recommender import Ranker

    with current_app.test_request_context():
        outcomes = build_outcomes(limit)
        _model, offers = answer_data.retrain(utcnow(), limit)
    click.echo(f"answer model learned from {offers} offers; saved to {answer_data.model_path()}")
    if not outcomes:
        click.echo("no outcomes yet: keeping the default weights")
        return
    ranker = Ranker().fit(outcomes)
    path = matching.weights_path()
    ranker.save(path)
    click.echo(f"learned from {len(outcomes)} outcomes; weights saved to {path}")


@seed_command.command("national")
@click.option("--size", default=1.0, show_default=True, help="Share of the national size.")
@with_appcontext
def seed_national(size: float):
    """100,000 assistants, 30,000 employers, 1,000,000 past shifts (bulk Core inserts)."""
    from seeds.national import load_national

    counts = load_national(size, echo=click.echo)
    db.session.commit()
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
