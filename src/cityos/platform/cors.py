"""CORS as Medusa configures it: allowed origins per route family (``STORE_CORS`` for ``/store``,
``ADMIN_CORS`` for ``/admin``, ``AUTH_CORS`` for ``/auth``; content's ``CONTENT_CORS`` for ``/api``),
each a comma-separated list, with credentials. django-cors-headers answers the preflights and writes the
headers; this decides, per request, whether its origin is allowed for its path."""

from __future__ import annotations

from typing import Any

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.http import HttpRequest


def origin_allowed(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    origin = request.headers.get("origin", "")
    for prefix, origins in getattr(settings, "CITYOS_CORS", {}).items():
        if request.path.startswith(prefix):
            return origin in origins
    return False


def connect() -> None:
    check_request_enabled.connect(origin_allowed, dispatch_uid="cityos-cors")
