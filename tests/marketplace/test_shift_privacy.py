"""Issue 10 item 16: a shift's tasks and aids only for assistants it could be offered to;
the ring takes only assistants the employer met; personal pages are never cached."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    Offer,
    OfferSource,
    OfferState,
    RingMember,
    Role,
    Status,
)
from tests.conftest import PASSWORD

SECRET = "Nostin ja katetri"


@pytest.fixture
def signed_in(app):
    """A fresh client signed in as the given user."""
    from flask import g

    def sign_in(user):
        other = app.test_client()
        other.post("/kirjaudu", data={"email": user.email, "password": PASSWORD})
        g.pop("_login_user", None)
        return other

    return sign_in


@pytest.fixture
def far_and_near(make_user, make_shift, always_available):
    """A shift in Kemi; an available assistant in Kemi and one in Helsinki."""
    employer = make_user(Role.EMPLOYER)
    shift = make_shift(employer, description=SECRET)
    near = always_available(make_user(Role.ASSISTANT, postcode="94100"))
    far = always_available(make_user(Role.ASSISTANT, postcode="00100"))
    return employer, shift, near, far


def test_shift_details_only_for_assistants_it_could_be_offered_to(far_and_near, signed_in):
    employer, shift, near, far = far_and_near
    assert SECRET in signed_in(near).get(f"/vuorot/{shift.id}").text
    response = signed_in(far).get(f"/vuorot/{shift.id}")
    assert response.status_code == 404
    assert SECRET not in response.text
    assert signed_in(far).post(f"/vuorot/{shift.id}/hae", data={"message": "x"}).status_code == 404


def test_an_invited_assistant_sees_the_shift_wherever_they_live(far_and_near, signed_in):
    employer, shift, near, far = far_and_near
    db.session.add(
        Offer(
            shift_id=shift.id,
            assistant_id=far.id,
            source=OfferSource.INVITATION,
            state=OfferState.OFFERED,
        )
    )
    db.session.commit()
    assert SECRET in signed_in(far).get(f"/vuorot/{shift.id}").text


def test_the_ring_takes_only_assistants_the_employer_met(far_and_near, make_user, signed_in):
    employer, shift, near, far = far_and_near
    hidden = make_user(Role.ASSISTANT, postcode="00100", first_name="Piilotettu")
    db.session.get(AssistantProfile, hidden.id).visible = False  # not on the board
    pending = make_user(Role.ASSISTANT, status=Status.PENDING, first_name="Odottava")
    other_employer = make_user(Role.EMPLOYER, first_name="Toinen")
    db.session.commit()
    client = signed_in(employer)
    for assistant_id in (hidden.id, pending.id, other_employer.id, 999999):
        refused = client.post("/tyonantaja/rinki/lisaa", data={"assistant_id": assistant_id})
        assert refused.status_code == 404
    assert db.session.scalar(select(RingMember)) is None
    page = client.get("/tyonantaja/rinki").text
    for name in ("Piilotettu", "Odottava", "Toinen"):
        assert name not in page
    # a candidate of the employer's open shift, one found on the board, one who applied
    for assistant in (near, far):
        added = client.post("/tyonantaja/rinki/lisaa", data={"assistant_id": assistant.id})
        assert added.status_code == 302
    assert set(db.session.scalars(select(RingMember.assistant_id))) == {near.id, far.id}
    db.session.add(
        Offer(
            shift_id=shift.id,
            assistant_id=hidden.id,
            source=OfferSource.APPLICATION,
            state=OfferState.APPLIED,
        )
    )
    db.session.commit()
    applied = client.post("/tyonantaja/rinki/lisaa", data={"assistant_id": hidden.id})
    assert applied.status_code == 302


@pytest.mark.parametrize("path", ["/", "/omat-tiedot", "/vuorot/minulle", "/ei-ole"])
def test_personal_pages_are_never_cached(far_and_near, signed_in, path):
    response = signed_in(far_and_near[2]).get(path)
    assert response.headers["Cache-Control"] == "no-store"


def test_anonymous_pages_keep_their_caching(client):
    assert "no-store" not in client.get("/tietoja").headers.get("Cache-Control", "")
