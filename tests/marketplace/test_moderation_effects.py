"""Issue 10 item 4: moderation states are obeyed wherever a shift or announcement is
shown or acted on; pre-moderation holds new texts; only possible outcomes are offered."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    ModerationState,
    Offer,
    OfferRound,
    OfferState,
    Report,
    Role,
    Shift,
    ShiftKind,
)
from portal.services.errors import DomainError
from portal.services.marketplace import applications, profiles, shifts
from portal.services.matching import adapter as matching
from portal.services.staff import moderation, moderation_decisions
from portal.services.urgent import rounds
from tests.conftest import PASSWORD


@pytest.fixture
def world(make_user, make_shift, always_available):
    """A coordinator, an employer with a shift near an available assistant."""
    coordinator = make_user(Role.COORDINATOR)
    employer = make_user(Role.EMPLOYER)
    assistant = always_available(make_user(Role.ASSISTANT))
    shift = make_shift(employer, title="Iltavuoro", description="Nostin ja pyörätuoli")
    return coordinator, employer, assistant, shift


def _remove(coordinator, reporter, target_type, target_id):
    report = moderation.create_report(reporter, target_type, target_id, "Asiaton")
    moderation_decisions.decide(coordinator, report, "removed", "Sääntöjen vastainen")
    db.session.commit()


def _announce(assistant, text):
    profiles.update_announcement(
        assistant,
        text=text,
        skill_codes=[],
        languages=["fi"],
        place="94100",
        max_travel_km=40,
        on_call=False,
        visible=True,
    )
    db.session.commit()


def _ranked_ids(shift):
    return [r.assistant.id for r in matching.rank_for_shift(shift)]


def test_a_removed_shift_is_no_longer_listed_shown_or_open(app, world, make_user, login, client):
    coordinator, employer, assistant, shift = world
    assert [r.shift.id for r in matching.shifts_for_assistant(assistant)] == [shift.id]
    _remove(coordinator, make_user(Role.ASSISTANT), "shift", shift.id)
    assert matching.shifts_for_assistant(assistant) == []
    login(assistant)
    assert client.get(f"/vuorot/{shift.id}").status_code == 404
    assert client.post(f"/vuorot/{shift.id}/hae", data={"message": "Hei"}).status_code == 404
    with pytest.raises(DomainError):
        applications.invite(employer, shift.id, [assistant.id])
    assert db.session.scalar(select(Offer)) is None


def test_removing_an_urgent_shift_withdraws_its_offers_and_stops_the_round(app, world, make_user):
    coordinator, employer, assistant, _ = world
    shift = db.session.get(Shift, world[3].id)
    shift.kind = ShiftKind.URGENT
    rounds.start(shift, datetime.now(UTC))
    db.session.commit()
    offer = db.session.scalar(select(Offer).where(Offer.shift_id == shift.id))
    assert offer.state == OfferState.OFFERED
    _remove(coordinator, make_user(Role.ASSISTANT), "shift", shift.id)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).state == OfferState.WITHDRAWN
    offer_round = db.session.scalar(select(OfferRound).where(OfferRound.shift_id == shift.id))
    assert offer_round.state == "stopped"
    assert rounds.next_wave(offer_round, datetime.now(UTC)) == []


def test_pre_moderation_holds_new_shifts_until_approved(app, world):
    coordinator, employer, assistant, _ = world
    moderation.set_modes(coordinator, {"shift": "pre", "announcement": "post"})
    draft = shifts.ShiftDraft(
        kind=ShiftKind.URGENT,
        title="Kiireellinen",
        description="",
        day=date.today() + timedelta(days=2),
        start=time(9),
        end=time(13),
        place="94100",
        languages=["fi"],
        required=[],
        preferred=[],
        weekdays=[],
    )
    posted = shifts.post_shift(employer, draft)
    db.session.commit()
    assert posted.moderation == ModerationState.PENDING
    assert db.session.scalar(select(Offer).where(Offer.shift_id == posted.id)) is None
    assert posted.id not in [r.shift.id for r in matching.shifts_for_assistant(assistant)]
    moderation.moderate_content(coordinator, "shift", posted.id, True)
    db.session.commit()
    offers = db.session.scalars(select(Offer).where(Offer.shift_id == posted.id)).all()
    assert [o.assistant_id for o in offers] == [assistant.id]  # the round started on approval


def _ranked_text(shift, assistant):
    return {r.assistant.id: r.candidate.text for r in matching.rank_for_shift(shift)}.get(
        assistant.id
    )


def test_pre_moderation_holds_a_changed_announcement(app, world):
    coordinator, employer, assistant, shift = world
    moderation.set_modes(coordinator, {"shift": "post", "announcement": "pre"})
    _announce(assistant, "Kokenut avustaja")
    assert db.session.get(AssistantProfile, assistant.id).moderation == ModerationState.PENDING
    assert _ranked_text(shift, assistant) == ""  # still rankable, the text is not used
    moderation.moderate_content(coordinator, "announcement", assistant.id, True)
    db.session.commit()
    assert _ranked_text(shift, assistant) == "Kokenut avustaja"


def test_a_removed_announcement_stays_hidden_when_saved_again(app, world):
    coordinator, employer, assistant, shift = world
    _announce(assistant, "Asiaton teksti")
    _remove(coordinator, employer, "profile", assistant.id)
    assert _ranked_ids(shift) == []
    _announce(assistant, "Uusi teksti")  # post-moderation: the new text waits for a coordinator
    assert db.session.get(AssistantProfile, assistant.id).moderation == ModerationState.PENDING
    assert _ranked_text(shift, assistant) == ""


def test_only_outcomes_that_can_be_carried_out_are_offered(app, world, make_user):
    coordinator, employer, assistant, shift = world
    about_employer = moderation.create_report(assistant, "profile", employer.id, "Epäasiallinen")
    assert "removed" not in moderation.outcomes_for(about_employer)
    with pytest.raises(DomainError):
        moderation_decisions.decide(coordinator, about_employer, "removed", "x")
    about_assistant = moderation.create_report(employer, "profile", assistant.id, "x")
    assert "removed" in moderation.outcomes_for(about_assistant)
    gone = Report(
        kind="report", reporter_id=employer.id, target_type="shift", target_id=999999, reason="x"
    )
    db.session.add(gone)
    db.session.flush()
    assert list(moderation.outcomes_for(gone)) == ["no_action"]


def test_the_coordinator_page_offers_only_possible_outcomes(app, world, make_user):
    coordinator, employer, assistant, shift = world
    report = moderation.create_report(assistant, "profile", employer.id, "Epäasiallinen")
    db.session.commit()
    staff = app.test_client()
    staff.post("/kirjaudu", data={"email": coordinator.email, "password": PASSWORD})
    page = staff.get(f"/koordinaattori/jono/{report.id}").get_data(as_text=True)
    assert 'value="removed"' not in page
    assert 'value="no_action"' in page


def _apply_while_removing(app, shift_id, assistant_ids, coordinator_id, reporter_id):
    """Assistants apply in their own threads while a coordinator removes the shift."""
    import gc
    import threading
    import warnings

    from portal.models import User

    barrier = threading.Barrier(len(assistant_ids) + 1)
    results = []

    def apply(assistant_id):
        with app.test_request_context():
            assistant = db.session.get(User, assistant_id)
            barrier.wait()
            try:
                applications.apply(assistant, shift_id, "Hei", False, "")
                db.session.commit()
                results.append("applied")
            except DomainError:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    def remove():
        with app.test_request_context():
            staff, reporter = (
                db.session.get(User, coordinator_id),
                db.session.get(User, reporter_id),
            )
            report = moderation.create_report(reporter, "shift", shift_id, "Asiaton")
            db.session.commit()
            barrier.wait()
            try:
                moderation_decisions.decide(staff, report, "removed", "Sääntöjen vastainen")
                db.session.commit()
                results.append("removed")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=apply, args=(i,)) for i in assistant_ids]
    threads.append(threading.Thread(target=remove))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        db.engine.dispose()
        gc.collect()
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_no_application_survives_a_removal_that_races_with_it(
    app, world, make_user, always_available, attempt
):
    coordinator, employer, first, shift = world
    assistants = [first] + [always_available(make_user(Role.ASSISTANT)) for _ in range(5)]
    results = _apply_while_removing(
        app, shift.id, [a.id for a in assistants], coordinator.id, employer.id
    )
    assert "removed" in results
    db.session.expire_all()
    live = db.session.scalars(
        select(Offer).where(
            Offer.shift_id == shift.id,
            Offer.state.in_([OfferState.APPLIED, OfferState.ACCEPTED, OfferState.OFFERED]),
        )
    ).all()
    assert live == []
