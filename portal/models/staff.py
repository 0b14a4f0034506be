"""Staff-side records: moderation settings and erasure requests."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, LabelledEnum, UTCDateTime, str_enum, utcnow


class ErasureState(LabelledEnum):
    """Whether a coordinator has carried out an erasure request."""

    OPEN = "open"
    DONE = "done"

    __labels__ = {"open": _l("waiting"), "done": _l("carried out")}


class ModerationSetting(Base):
    """Whether one content type is shown before (post) or after (pre) a coordinator's look."""

    __tablename__ = "moderation_settings"

    content_type: Mapped[str] = mapped_column(String(40), primary_key=True)  # announcement | shift
    mode: Mapped[str] = mapped_column(String(12), default="post")  # pre | post
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ErasureRequest(Base):
    """A user's request to erase their personal data, carried out by a coordinator."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[ErasureState] = mapped_column(str_enum(ErasureState), default=ErasureState.OPEN)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
