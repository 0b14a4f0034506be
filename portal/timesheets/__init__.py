"""Hours and pay (issue 13): timesheets per pay period, payroll export, month report."""

from portal.timesheets.routes import bp as timesheets_bp
from portal.timesheets.staff_routes import bp as pay_staff_bp

TIMESHEET_BLUEPRINTS = (timesheets_bp, pay_staff_bp)
