"""Errors that services raise for routes to show to the user."""


class DomainError(Exception):
    """A business rule said no; `message` is already translated for the user."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    """The object does not exist or is not the acting user's to see (404)."""

    status_code = 404


class ConflictError(DomainError):
    """Someone else got there first, e.g. the shift was just filled (409)."""

    status_code = 409


class ThrottledError(DomainError):
    """Too many attempts; try again later (429)."""

    status_code = 429
