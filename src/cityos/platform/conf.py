"""Settings read from the environment, shared by the three services.

Each service's ``settings.py`` calls these helpers with its own name, so the embedded default
(SQLite files under ``var/``, Huey on SQLite, local-memory cache) and the scale path
(``*_DATABASE_URL`` on PostgreSQL, ``REDIS_URL`` for Huey and the cache) differ only in the environment.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

DEFAULT_SECRET_PREFIX = "cityos-insecure-default-"
DEFAULT_PORTS = {"commerce": 9001, "content": 3001, "storefront": 9002}
_TRUE = {"1", "true", "yes", "on"}


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    return default if raw is None else raw.strip().lower() in _TRUE


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Seconds after each failed webhook attempt: quick at first (a peer that is still starting), then
# exponential; about 25 h in all before a delivery is dead.
DEFAULT_RETRY_SCHEDULE = (1, 5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 36000)


def retry_schedule() -> tuple[int, ...]:
    """``CITYOS_WEBHOOK_RETRY_SCHEDULE`` (seconds, comma separated), else ``DEFAULT_RETRY_SCHEDULE``."""
    given = env_list("CITYOS_WEBHOOK_RETRY_SCHEDULE")
    return tuple(int(seconds) for seconds in given) if given else DEFAULT_RETRY_SCHEDULE


def is_production() -> bool:
    return env("CITYOS_ENV", "development").lower() == "production"


def var_dir() -> Path:
    """Where embedded databases, queues and uploads live (``CITYOS_VAR_DIR``, default ``./var``)."""
    path = Path(env("CITYOS_VAR_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def service_url(service: str) -> str:
    """Base URL of a peer service, e.g. ``COMMERCE_URL``; defaults to its local port."""
    default = f"http://127.0.0.1:{DEFAULT_PORTS[service]}"
    return env(f"{service.upper()}_URL", default).rstrip("/")


def media_url() -> str:
    """``CITYOS_MEDIA_URL``: where links to uploads point; another origin keeps them off the admin's."""
    url = env("CITYOS_MEDIA_URL", "/media/")
    return url if url.endswith("/") else f"{url}/"


def secret_key(service: str) -> str:
    return env(f"{service.upper()}_SECRET_KEY", f"{DEFAULT_SECRET_PREFIX}{service}-change-me")


def debug() -> bool:
    return env_bool("CITYOS_DEBUG", default=False)


MIN_SECRET_BYTES = 32


def _whsec_bytes(secret: str) -> int:
    """How many key bytes a ``whsec_`` secret carries (0 when it is not one)."""
    if not secret.startswith("whsec_"):
        return 0
    try:
        return len(base64.b64decode(secret.removeprefix("whsec_"), validate=True))
    except (binascii.Error, ValueError):
        return 0


def production_security() -> dict[str, Any]:
    """HSTS and ``Secure`` cookies in production. cityos runs behind a TLS-terminating proxy there, so
    ``X-Forwarded-Proto: https`` marks a request secure (``SECURE_PROXY_SSL_HEADER``); set
    ``CITYOS_PROXY_SSL_HEADER=0`` where clients reach the service directly over TLS."""
    if not is_production():
        return {}
    proxied = env_bool("CITYOS_PROXY_SSL_HEADER", default=True)
    return {
        "SECURE_HSTS_SECONDS": int(env("CITYOS_HSTS_SECONDS", "31536000")),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool("CITYOS_HSTS_INCLUDE_SUBDOMAINS", default=False),
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if proxied else None,
    }


def check_production(
    service: str, *, secret: str, debug_enabled: bool, extra: dict[str, str] | None = None
) -> None:
    """Refuse to start in production with a default secret or DEBUG, naming the setting at fault."""
    if not is_production():
        return
    problems = []
    if secret.startswith(DEFAULT_SECRET_PREFIX) or len(secret) < 32:
        problems.append(f"{service.upper()}_SECRET_KEY is the default or shorter than 32 characters")
    if debug_enabled:
        problems.append("CITYOS_DEBUG must be off")
    for name, value in (extra or {}).items():
        if value.startswith(DEFAULT_SECRET_PREFIX) or len(value.encode()) < MIN_SECRET_BYTES:
            problems.append(f"{name} is the default or shorter than {MIN_SECRET_BYTES} bytes")
    sync_secret = env("CITYOS_SYNC_SECRET")
    if sync_secret and _whsec_bytes(sync_secret) < MIN_SECRET_BYTES:
        problems.append(f"CITYOS_SYNC_SECRET must be whsec_ and at least {MIN_SECRET_BYTES} bytes of base64")
    if problems:
        raise ImproperlyConfigured(
            f"cityos {service} refuses to start with CITYOS_ENV=production: " + "; ".join(problems)
        )


def pool_options(size: int) -> dict[str, Any]:
    """psycopg's pool for one process: at most ``size`` connections, whatever its threads do (a server
    that starts and retires threads would otherwise leave a persistent connection behind for each)."""
    return {"min_size": 1, "max_size": size, "max_idle": 60, "timeout": 10}


def database(service: str) -> dict[str, Any]:
    """``<SERVICE>_DATABASE_URL`` if set, else a SQLite file under ``var/`` in WAL mode."""
    url = env(f"{service.upper()}_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.update(_sqlite_options())
        elif "postgresql" in config["ENGINE"]:
            # Django's backend, with the health check skipped for a connection used a moment ago.
            config["ENGINE"] = "cityos.platform.postgresql"
            # Server-side binding and a prepare threshold let psycopg prepare a statement it has run a
            # few times, so hot reads skip PostgreSQL's planner (which costs more than executing them).
            # Behind a transaction-pooling PgBouncer, set CITYOS_PG_PREPARE_THRESHOLD=0 to turn this off.
            threshold = int(env("CITYOS_PG_PREPARE_THRESHOLD", "5")) or None
            config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=threshold)
            # PostgreSQL's default random_page_cost (4) assumes spinning disks and picks sequential
            # scans over our indexes on small and mid-size tables; 1.1 is the usual value for SSDs.
            page_cost = env("CITYOS_PG_RANDOM_PAGE_COST", "1.1")
            config["OPTIONS"].setdefault("options", f"-c random_page_cost={page_cost}")
            # One bounded pool per process; 0 keeps Django's persistent connection per thread (behind a
            # PgBouncer that pools them instead).
            if size := int(env("CITYOS_PG_POOL_SIZE", "8")):
                # The backend checks a connection it takes from the pool (``postgresql/base.py``).
                config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"] = 0, False
                config["OPTIONS"]["pool"] = pool_options(size)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(var_dir() / f"{service}.sqlite3"),
        # A file, not memory: threads in tests (concurrent checkouts) then queue on SQLite's write lock
        # as the server's do, instead of failing on the shared-cache table locks of an in-memory database.
        "TEST": {"NAME": str(var_dir() / f"test_{service}.sqlite3")},
        **_sqlite_options(),
    }


def _sqlite_options() -> dict[str, Any]:
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing to upgrade.
    return {
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def static_root(service: str) -> str:
    path = var_dir() / "static" / service
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def redis_url() -> str:
    return env("REDIS_URL")


def instance() -> str:
    """Names this deployment's queues and cache keys, so that several can share one Redis."""
    return env("CITYOS_INSTANCE", "cityos")


def huey(service: str) -> dict[str, Any]:
    """Huey on Redis when ``REDIS_URL`` is set, else on a SQLite file beside the service's database."""
    consumer = {"workers": int(env("CITYOS_WORKER_THREADS", "2")), "worker_type": "thread", "periodic": True}
    common: dict[str, Any] = {
        "name": f"{instance()}-{service}",
        "immediate": env_bool("CITYOS_HUEY_IMMEDIATE", default=False),
        "utc": True,
        "consumer": consumer,
    }
    if redis_url():
        return {**common, "huey_class": "huey.PriorityRedisHuey", "url": redis_url()}
    return {
        **common,
        "huey_class": "huey.SqliteHuey",
        "filename": str(var_dir() / f"{service}-queue.sqlite3"),
    }


def caches(service: str) -> dict[str, Any]:
    """``default`` is shared by every process (Redis when configured); ``local`` is this process's own,
    for entries whose keys carry their version, so they can never be stale."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{service}-local",
             "OPTIONS": {"MAX_ENTRIES": 2000}}  # fmt: skip
    if redis_url():
        shared = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": f"{instance()}:{service}",
        }
        return {"default": shared, "local": local}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": service},
        "local": local,
    }


def logging_config() -> dict[str, Any]:
    """Readable lines by default, JSON lines with ``CITYOS_LOG_FORMAT=json``; each with its request id.

    Task chatter (Huey's task started and finished, each delivery and apply that went well, each
    periodic job run) is DEBUG; warnings and errors always show; ``CITYOS_LOG_LEVEL`` sets the rest.
    """
    level = env("CITYOS_LOG_LEVEL", "INFO")
    chatter = "DEBUG" if level == "DEBUG" else "WARNING"  # task starts and ends: only when debugging
    formatter = "json" if env("CITYOS_LOG_FORMAT", "text") == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cityos.platform.logs.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "cityos.platform.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": formatter, "filters": ["request_id"]}
        },
        "root": {"handlers": ["console"], "level": level},
        # Huey's consumer installs a handler of its own; keep its lines from printing twice.
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # With a handler of its own here, Huey's consumer adds none (and no INFO line per task).
            "huey": {"handlers": ["console"], "level": chatter, "propagate": False},
            "httpx": {"level": "WARNING"},
        },
    }
