"""Matching tests share the marketplace fixtures (shifts, availability, a fresh index)."""

from tests.marketplace.conftest import *  # noqa: F403 - fixtures are found by name
