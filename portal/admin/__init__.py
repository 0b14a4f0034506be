"""The staff side: vetting, moderation, audit, dashboard and map (coordinators and admins)."""

from portal.admin.admin_routes import bp as staffadmin_bp
from portal.admin.audit_routes import bp as audit_bp
from portal.admin.dashboard_routes import bp as dashboard_bp
from portal.admin.moderation_routes import bp as moderation_bp
from portal.admin.pay_routes import bp as payers_bp
from portal.admin.routes import bp as admin_bp

STAFF_BLUEPRINTS = (admin_bp, moderation_bp, audit_bp, dashboard_bp, staffadmin_bp, payers_bp)
