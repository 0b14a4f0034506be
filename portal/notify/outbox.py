"""The demo outbox: the emails a viewer may read on /demo/lahtevat."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import DeliveryLog, Role, User

STAFF_ROLES = (Role.COORDINATOR, Role.ADMIN)


def outbox_for(viewer: User, limit: int = 100) -> list[DeliveryLog]:
    """The latest emails sent to the viewer's own address; staff see everyone's."""
    query = select(DeliveryLog).where(DeliveryLog.channel == "email")
    if viewer.role not in STAFF_ROLES:
        query = query.where(func.lower(DeliveryLog.address) == viewer.email.lower())
    return list(db.session.scalars(query.order_by(DeliveryLog.id.desc()).limit(limit)))
