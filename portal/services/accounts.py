"""Registration, sign-in sessions, throttling, password change and reset."""

import hashlib
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, update

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import (
    AssistantProfile,
    AuthSession,
    EmployerProfile,
    LoginAttempt,
    Role,
    Status,
    User,
    utcnow,
)
from portal.services.errors import DomainError, ThrottledError

hasher = PasswordHasher()


def _token_hash(token: str) -> str:
    """Sessions are looked up by a hash so a database leak reveals no live cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this email, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register(
    *,
    email: str,
    password: str,
    role: Role,
    first_name: str,
    last_name: str,
    phone: str,
    locale: str,
    agreement_version: str,
) -> User:
    """Create a pending assistant or employer who accepted the user agreement."""
    if role not in (Role.ASSISTANT, Role.EMPLOYER):
        raise DomainError(_("Choose whether you are an assistant or an employer."), "role")
    if find_user_by_email(email):
        raise DomainError(_("An account with this email already exists."), "email")
    user = User(
        email=normalise_email(email),
        password_hash=hasher.hash(password),
        role=role,
        status=Status.PENDING,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone.strip(),
        locale=locale,
        agreement_version=agreement_version,
        agreement_accepted_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    if role == Role.ASSISTANT:
        db.session.add(AssistantProfile(user_id=user.id))
    else:
        db.session.add(EmployerProfile(user_id=user.id))
    db.session.flush()
    return user


def _failures(since: Any, *where: Any) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                LoginAttempt.kind == "signin", LoginAttempt.at >= since, *where
            )
        )
        or 0
    )


def check_throttle(email: str, address: str, config: Mapping[str, Any]) -> None:
    """Slow the guesser, not the owner: limits per account-and-address and per address.

    Failures on an account from one address lock that pair only; the owner signing in
    from their own device is not locked out by someone guessing elsewhere.
    """
    now = utcnow()
    window = timedelta(minutes=config["LOGIN_THROTTLE_WINDOW_MINUTES"])
    email = normalise_email(email)
    pair = _failures(now - window, LoginAttempt.email == email, LoginAttempt.address == address)
    recent = _failures(now - window, LoginAttempt.address == address)
    day = _failures(now - timedelta(days=1), LoginAttempt.address == address)
    if (
        pair >= config["LOGIN_THROTTLE_PER_ACCOUNT"]
        or recent >= config["LOGIN_THROTTLE_PER_ADDRESS"]
        or day >= config["LOGIN_THROTTLE_PER_ADDRESS_DAY"]
    ):
        minutes = config["LOGIN_THROTTLE_WINDOW_MINUTES"]
        raise ThrottledError(
            _(
                "Too many failed sign-ins. Wait %(minutes)d minutes and try again, or reset "
                "your password.",
                minutes=minutes,
            )
        )


def may_send_reset(email: str, address: str, config: Mapping[str, Any]) -> bool:
    """Count one reset request; False when the account or address asked too often lately.

    The page answers the same either way (it must not tell which emails exist); only the
    mail is not sent again.
    """
    since = utcnow() - timedelta(hours=1)
    email = normalise_email(email)
    resets = [LoginAttempt.kind == "reset", LoginAttempt.at >= since]
    per_account = (
        db.session.scalar(select(func.count()).where(LoginAttempt.email == email, *resets)) or 0
    )
    per_address = (
        db.session.scalar(select(func.count()).where(LoginAttempt.address == address, *resets)) or 0
    )
    db.session.add(LoginAttempt(email=email, address=address, kind="reset"))
    db.session.flush()
    return bool(
        per_account < config["RESET_THROTTLE_PER_ACCOUNT_HOUR"]
        and per_address < config["RESET_THROTTLE_PER_ADDRESS_HOUR"]
    )


def authenticate(email: str, password: str, address: str, config: Mapping[str, Any]) -> User:
    """Check a password, counting failures; returns the user or raises DomainError."""
    check_throttle(email, address, config)
    user = find_user_by_email(email)
    valid = False
    if user is not None and user.erased_at is None:
        try:
            valid = hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            valid = False
    else:
        hasher.hash(password)  # same cost either way: no hint which emails exist
    if not valid or user is None:
        db.session.add(LoginAttempt(email=normalise_email(email), address=address))
        db.session.flush()
        raise DomainError(_("Wrong email or password."))
    if user.status == Status.SUSPENDED:
        raise DomainError(_("Your account is suspended. Contact the HAVU centre."))
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email == user.email,
            LoginAttempt.address == address,
            LoginAttempt.kind == "signin",
        )
    )
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def start_session(user: User) -> str:
    """Open a sign-in session; returns the secret token kept in the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(AuthSession(user_id=user.id, token_hash=_token_hash(token)))
    db.session.flush()
    user.session_token = token
    return token


def user_for_session(token: str) -> User | None:
    """The user of a live session token, or None when revoked or suspended."""
    row = db.session.execute(
        select(User)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(AuthSession.token_hash == _token_hash(token), AuthSession.revoked_at.is_(None))
    ).scalar_one_or_none()
    if row is None or row.status == Status.SUSPENDED or row.erased_at is not None:
        return None
    row.session_token = token
    return row


def end_session(token: str) -> None:
    """Revoke one session (logout): the cookie stops working even if copied."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == _token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_all_sessions(user: User) -> None:
    """Revoke every session of a user (password change, suspension, erasure)."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def change_password(user: User, current: str, new: str) -> str:
    """Change a password after checking the current one; returns a fresh session token."""
    try:
        hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise DomainError(_("The current password is wrong."), "current") from None
    user.password_hash = hasher.hash(new)
    end_all_sessions(user)
    return start_session(user)


def _reset_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="password-reset")


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a used reset link is dead."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_reset_token(user: User, secret_key: str) -> str:
    """A signed token for a password reset link, valid until used or expired."""
    return _reset_serializer(secret_key).dumps({"u": user.id, "p": _password_fingerprint(user)})


def reset_password(token: str, new: str, secret_key: str, max_age: int) -> User:
    """Set a new password from a reset link; the link works once."""
    message = _("This password reset link is invalid, used or expired. Ask for a new one.")
    try:
        data = _reset_serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature:
        raise DomainError(message) from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("p") != _password_fingerprint(user):
        raise DomainError(message)
    user.password_hash = hasher.hash(new)
    end_all_sessions(user)
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    return user
