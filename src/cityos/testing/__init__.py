"""Helpers for tests and benchmarks: start a real platform, as a user would."""
