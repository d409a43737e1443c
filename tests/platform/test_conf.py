import json
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


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"COMMERCE_JWT_SECRET": "x"}, "COMMERCE_JWT_SECRET"),
        ({"COMMERCE_JWT_SECRET": "j" * 40, "CITYOS_SYNC_SECRET": "whsec_AAAA"}, "CITYOS_SYNC_SECRET"),
        (
            {"COMMERCE_JWT_SECRET": "j" * 40, "CITYOS_SYNC_SECRET": "not-a-whsec-" + "a" * 40},
            "CITYOS_SYNC_SECRET",
        ),
    ],
)
def test_production_refuses_short_secrets_and_names_them(tmp_path, extra, named):
    result = start_service(
        "commerce",
        CITYOS_ENV="production",
        COMMERCE_SECRET_KEY="s" * 40,
        CITYOS_VAR_DIR=str(tmp_path),
        **extra,
    )
    assert result.returncode != 0
    assert named in result.stderr


PROBE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from cityos.content.users.models import User
User.objects.create_user(email="e@example.com", password="a-long-password-1")
client = Client()
page = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
login = client.post("/api/users/login", {"email": "e@example.com", "password": "a-long-password-1"},
                    content_type="application/json", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "hsts": page.get("Strict-Transport-Security"),
    "csrf_secure": bool(page.cookies["csrftoken"]["secure"]),
    "token_secure": bool(login.cookies["payload-token"]["secure"]),
}))
"""


def test_production_sends_hsts_and_secure_cookies_behind_a_tls_proxy(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cityos.content.settings",
             "CITYOS_ENV": "production", "CONTENT_SECRET_KEY": "c" * 40, "CITYOS_VAR_DIR": str(tmp_path),
             "CITYOS_ALLOWED_HOSTS": "testserver"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["hsts"].startswith("max-age=31536000")
    assert seen["csrf_secure"]
    assert seen["token_secure"]
