"""Signed links that work without signing in: answer an offer, unsubscribe from email."""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link for messages, built from PUBLIC_URL (works outside requests)."""
    # The app's URL map directly: a test request context per link cost ~1 ms, and an
    # urgent round writes three links into each of its messages.
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path


def unsubscribe_url(user_id: int) -> str:
    """The signed one-click unsubscribe link of one user."""
    return public_url("offers.unsubscribe", token=unsubscribe_token(user_id))


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def answer_token(offer_id: int, answer: str) -> str:
    """A token for one offer and one answer ('yes' or 'no')."""
    return _serializer("offer-answer").dumps([offer_id, answer])


def read_answer_token(token: str) -> tuple[int, str] | None:
    """(offer id, answer) or None when the token was tampered with."""
    try:
        offer_id, answer = _serializer("offer-answer").loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(offer_id, int) or answer not in ("yes", "no"):
        return None
    return offer_id, answer


def unsubscribe_token(user_id: int) -> str:
    """A token that turns off one user's email."""
    return _serializer("unsubscribe").dumps(user_id)


def read_unsubscribe_token(token: str) -> int | None:
    """The user id, or None when the token is not ours."""
    try:
        user_id = _serializer("unsubscribe").loads(token)
    except BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None
