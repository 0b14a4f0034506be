"""The board: announcement search, contact requests, conversations, alerts, blocking."""
