"""Staff: services of this feature (kept empty: import the modules)."""
