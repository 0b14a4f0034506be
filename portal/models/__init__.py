"""All models, importable from one place so Alembic sees the whole schema."""

from portal.models import constraints  # noqa: F401 - registers the booking overlap DDL
from portal.models.base import Base, UTCDateTime, utcnow
from portal.models.places import Municipality, PostalCode, VillageAlias
from portal.models.profiles import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    EmployerProfile,
    ExceptionKind,
    ExcludedAssistant,
    ModerationState,
    RingMember,
    Skill,
)
from portal.models.records import AuditEvent, ChangeLog, DeliveryLog, Notification, Report
from portal.models.rounds import MessagePrefs, OfferRound, RoundState
from portal.models.shifts import (
    Booking,
    Offer,
    OfferSource,
    OfferState,
    Rating,
    Shift,
    ShiftKind,
    ShiftState,
)
from portal.models.staff import ErasureRequest, ModerationSetting
from portal.models.users import (
    AuthSession,
    IdentityMethod,
    LoginAttempt,
    Role,
    Status,
    User,
    VettingRecord,
    VettingReference,
)

__all__ = [
    "AssistantProfile",
    "AuditEvent",
    "AuthSession",
    "AvailabilityException",
    "AvailabilityWindow",
    "Base",
    "Booking",
    "ChangeLog",
    "DeliveryLog",
    "EmployerProfile",
    "ErasureRequest",
    "ExceptionKind",
    "ExcludedAssistant",
    "IdentityMethod",
    "LoginAttempt",
    "ModerationSetting",
    "ModerationState",
    "Municipality",
    "MessagePrefs",
    "Notification",
    "Offer",
    "OfferRound",
    "OfferSource",
    "OfferState",
    "PostalCode",
    "Rating",
    "Report",
    "RingMember",
    "Role",
    "RoundState",
    "Shift",
    "ShiftKind",
    "ShiftState",
    "Skill",
    "Status",
    "UTCDateTime",
    "User",
    "VettingRecord",
    "VettingReference",
    "VillageAlias",
    "utcnow",
]
