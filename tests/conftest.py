"""Rules for every suite: in CI a test that needs a server (PostgreSQL, Redis, Chromium) must not skip."""

from __future__ import annotations

import os

import pytest

SERVER_MARKERS = ("postgres", "redis", "browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    needs = [m for m in SERVER_MARKERS if item.get_closest_marker(m)]
    if report.skipped and needs and os.environ.get("CITYOS_REQUIRE_SERVERS") == "1":
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} needs {', '.join(needs)} but was skipped while CITYOS_REQUIRE_SERVERS=1"
        )
