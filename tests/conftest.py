"""Rules for every suite: in CI a test that needs a server (PostgreSQL, Redis, Chromium) must not skip."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge the code, not the machine: a CI box busy with servers and browsers may draw
# inputs slowly or run an example late, which says nothing about the property.
settings.register_profile("cityos", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("cityos")

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


@pytest.fixture(autouse=True)
def fresh_throttle_counts(request: pytest.FixtureRequest) -> None:
    """Each test counts its own failed sign-ins: every test client comes from 127.0.0.1, and the
    throttle's counters live in a cache that outlives a test."""
    if request.config.pluginmanager.has_plugin("django") and os.environ.get("DJANGO_SETTINGS_MODULE"):
        request.getfixturevalue("settings").CITYOS_THROTTLE_NAMESPACE = uuid.uuid4().hex


CHROMIUM = "/usr/bin/chromium"
# As this machine runs it: headless, no sandbox as root, and no background calls to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
