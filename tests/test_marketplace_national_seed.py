"""The national data set generator, at a thousandth of its size.

Outside tests/marketplace on purpose: that folder pushes the test app's context for every
test, and `flask seed` commands run inside an already pushed app context."""

from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.models import Booking, Shift, ShiftState, User
from tests.conftest import test_config as config_for


def test_national_seed_small_size_loads_once_and_ranks(tmp_path):
    app = create_app(config_for(f"sqlite:///{tmp_path / 'national.sqlite3'}"))
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "national", "--size", "0.001"])
    assert result.exit_code == 0, result.output
    assert "assistant_profiles: 100" in result.output
    again = runner.invoke(args=["seed", "national", "--size", "0.001"])
    assert "nothing changed" in again.output
    with app.test_request_context():
        from portal.services.matching import adapter as matching

        assert db.session.scalar(select(func.count()).select_from(User)) == 130
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 1000
        open_shift = db.session.scalar(select(Shift).where(Shift.state == ShiftState.OPEN))
        ranked = matching.rank_for_shift(open_shift)
        assert all(r.match.coverage == 1.0 for r in ranked)
        _index, by_id = matching.candidate_index()
        assert len(by_id) == 100
        assert sum(c.completed for c in by_id.values()) > 900
        db.engine.dispose()
