"""Channels that reach users (in-app, email, SMS) behind one interface: dispatch.notify."""
