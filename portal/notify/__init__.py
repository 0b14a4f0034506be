"""Channels that reach users; the foundation has email, later issues add more."""
