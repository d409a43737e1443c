import subprocess
import sys

import pytest

from cityos.platform import conf


def start_service(service: str, **env: str) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); print('started')"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": f"cityos.{service}.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("service", ["commerce", "content", "storefront"])
def test_production_refuses_default_secret_and_names_it(service, tmp_path):
    result = start_service(service, CITYOS_ENV="production", CITYOS_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert f"{service.upper()}_SECRET_KEY" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = start_service(
        "storefront",
        CITYOS_ENV="production",
        CITYOS_DEBUG="1",
        STOREFRONT_SECRET_KEY="x" * 40,
        CITYOS_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "CITYOS_DEBUG must be off" in result.stderr


def test_production_starts_when_configured(tmp_path):
    result = start_service(
        "commerce",
        CITYOS_ENV="production",
        COMMERCE_SECRET_KEY="s" * 40,
        COMMERCE_JWT_SECRET="j" * 40,
        CITYOS_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_embedded_database_is_sqlite_in_wal_mode(monkeypatch, tmp_path):
    monkeypatch.setenv("CITYOS_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("COMMERCE_DATABASE_URL", raising=False)
    config = conf.database("commerce")
    assert config["NAME"] == str(tmp_path / "commerce.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgres(monkeypatch):
    monkeypatch.setenv("CONTENT_DATABASE_URL", "postgres://db.example:5432/content")
    config = conf.database("content")
    assert config["ENGINE"] == "cityos.platform.postgresql"
    assert (config["HOST"], config["NAME"]) == ("db.example", "content")


def test_redis_url_moves_queue_and_cache_to_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("CITYOS_INSTANCE", "blue")
    assert conf.huey("commerce")["huey_class"] == "huey.PriorityRedisHuey"
    assert conf.huey("commerce")["name"] == "blue-commerce"
    assert conf.caches("commerce")["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_without_redis_queue_is_sqlite_and_cache_local(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("CITYOS_VAR_DIR", str(tmp_path))
    assert conf.huey("content")["filename"] == str(tmp_path / "content-queue.sqlite3")
    assert conf.caches("content")["default"]["BACKEND"].endswith("LocMemCache")
