from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from cityos.testing.launcher import ServiceStack


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


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[ServiceStack]:
    """Commerce and content with their workers, each its own process, the demo loaded. Retries come
    after seconds, not the production backoff, so a test waits for them."""
    running = ServiceStack(tmp_path, {"CITYOS_WEBHOOK_RETRY_SCHEDULE": "1,1,2,2,3,3,5,5,8,13,21"})
    try:
        for name in ("commerce", "commerce-worker", "content", "content-worker"):
            running.start(name)
        yield running
    finally:
        running.stop()
