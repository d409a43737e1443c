"""``GET /health``: the service's version and the state of its database and job queue."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse

import cityos


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        state = {"status": "ok", **check()}
    except Exception as exc:  # a health probe reports every failure rather than raising it
        state = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
    state["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return state


def _has_database() -> bool:
    return settings.DATABASES["default"]["ENGINE"] != "django.db.backends.dummy"


def _database() -> dict[str, Any]:
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    from huey.contrib.djhuey import HUEY

    return {"backend": type(HUEY).__name__, "pending": HUEY.pending_count()}


def health(request: HttpRequest) -> JsonResponse:
    database = _timed(_database) if _has_database() else {"status": "none"}
    queue = _timed(_queue)
    healthy = database["status"] in ("ok", "none") and queue["status"] == "ok"
    body = {
        "status": "ok" if healthy else "error",
        "service": settings.CITYOS_SERVICE,
        "version": cityos.__version__,
        "database": database,
        "queue": queue,
    }
    return JsonResponse(body, status=200 if healthy else 503)
