"""``cityos run`` as a user runs it: every service healthy, admin UIs up, Ctrl-C leaves nothing behind."""

from __future__ import annotations

import httpx
import pytest

from cityos.testing.launcher import SERVICES, Platform, running_platform

LOGIN_PAGES = {"commerce": "/app/login/", "content": "/admin/login/"}


def check_platform(platform: Platform) -> None:
    assert platform.started_in < 90
    for service in SERVICES:
        health = httpx.get(f"{platform.url(service)}/health").json()
        assert health["status"] == "ok", health
    for service, path in LOGIN_PAGES.items():
        page = httpx.get(f"{platform.url(service)}{path}")
        assert page.status_code == 200
        assert 'name="password"' in page.text
    demo = platform.demo
    assert demo["commerce"]["url"] == platform.url("commerce")
    assert demo["content"]["api_key_collection"] == "users"
    assert [t["slug"] for t in demo["tenants"]] == ["acme", "globex"]
    assert all(t["publishable_key"].startswith("pk_") for t in demo["tenants"])


def check_clean_stop(platform: Platform) -> None:
    assert platform.processes_left(), "the platform's processes should be visible while it runs"
    assert platform.interrupt() == 0
    assert platform.processes_left() == []
    assert "cityos: stopped." in platform.output()


def test_run_serves_everything_and_stops_cleanly(tmp_path):
    with running_platform(tmp_path) as platform:
        check_platform(platform)
        check_clean_stop(platform)


@pytest.mark.postgres
@pytest.mark.redis
def test_run_on_postgres_and_redis(tmp_path, postgres_databases, redis_env):
    with running_platform(tmp_path, env={**postgres_databases, **redis_env}) as platform:
        check_platform(platform)
        health = httpx.get(f"{platform.url('commerce')}/health").json()
        assert health["database"]["vendor"] == "postgresql"
        assert health["queue"]["backend"] == "PriorityRedisHuey"
        check_clean_stop(platform)
