"""Declarative base, naming convention and the aware-UTC datetime column type."""

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as UTC; always return aware UTC datetimes.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    tagged as UTC on the way out; PostgreSQL stores timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base class of every model; carries the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LabelledEnum(enum.StrEnum):
    """A state enum whose members carry their words: `member.label` in the user's language.

    Each enum lists its words once, in `__labels__` (value -> lazy text), beside its values.
    """

    __labels__: ClassVar[dict[str, Any]] = {}
    _value_: str  # tells mypy `.value` is the string (the class body holds only dicts)

    @property
    def label(self) -> str:
        """This value in words (the value itself when no label is given)."""
        return str(type(self).__labels__.get(self.value, self.value))


def str_enum(enum_class: type[enum.StrEnum]) -> Enum:
    """A portable enum column stored as its string value (no native DB enum)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
