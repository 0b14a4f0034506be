"""Hours and pay: payers' schemes, estimates, timesheets per pay period, payroll export."""
