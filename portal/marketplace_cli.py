"""Marketplace CLI: `flask recommender retrain|snapshot` and `flask seed national`."""

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


@recommender_command.command("snapshot")
@with_appcontext
def snapshot():
    """Build the shared candidate index snapshot now (workers swap it in when loaded)."""
    from pathlib import Path

    from portal.services.matching import index_cache

    directory = current_app.config["MATCHING_SNAPSHOT_DIR"]
    if not directory:
        raise click.ClickException("MATCHING_SNAPSHOT_DIR is empty: snapshots are off")
    name = index_cache.publish(Path(directory))
    click.echo(f"published {directory}/{name}" if name else "another process is building one")


@seed_command.command("national")
@click.option("--size", default=1.0, show_default=True, help="Share of the national size.")
@with_appcontext
def seed_national(size: float):
    """100,000 assistants, 30,000 employers, 1,000,000 past shifts (bulk Core inserts)."""
    from seeds.national import analyze, load_national

    counts = load_national(size, echo=click.echo)
    db.session.commit()
    analyze()
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
