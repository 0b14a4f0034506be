"""Helpers shared by the staff pages: purpose grants, error handling, CSV replies."""

from datetime import datetime, timedelta

from flask import Response, session

from portal.models import utcnow

GRANT_MINUTES = 30  # a stated purpose covers views of that user for half an hour


def grant(user_id: int, purpose: str, explanation: str) -> None:
    """Remember in this browser session why the staff member opened this user's data."""
    stated = f"{purpose}: {explanation.strip()}" if explanation.strip() else purpose
    grants = dict(session.get("data_access", {}))
    grants[str(user_id)] = [stated, (utcnow() + timedelta(minutes=GRANT_MINUTES)).isoformat()]
    session["data_access"] = grants


def purpose_for(user_id: int) -> str | None:
    """The purpose stated for this user within the grant time, or None."""
    stated = session.get("data_access", {}).get(str(user_id))
    if not stated or datetime.fromisoformat(stated[1]) < utcnow():
        return None
    return stated[0]


def csv_response(body: bytes, filename: str) -> Response:
    """A CSV download; `body` comes from portal.csv_excel (UTF-8 with BOM, `;`)."""
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
