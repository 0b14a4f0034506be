"""Seed data: the Finnish gazetteer and deterministic demo and scale data sets."""
