from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest


@pytest.fixture
def postgres_databases() -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database per service for one platform, dropped afterwards."""
    base = os.environ.get("CITYOS_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("CITYOS_TEST_POSTGRES_URL is not set")
    suffix = uuid.uuid4().hex[:8]
    names = {service: f"cityos_e2e_{suffix}_{service}" for service in ("commerce", "content")}
    with psycopg.connect(f"{base.rstrip('/')}/postgres", autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {f"{s.upper()}_DATABASE_URL": f"{base.rstrip('/')}/{name}" for s, name in names.items()}
    finally:
        with psycopg.connect(f"{base.rstrip('/')}/postgres", autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_env() -> dict[str, str]:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    return {"REDIS_URL": url}


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
