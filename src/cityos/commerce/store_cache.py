"""Store responses cached until their tenant changes, as Medusa's caching module does for the Store API.

Every change a service makes emits an outbox event carrying its tenant, in the change's own
transaction, so the tenant's latest event id is an exact version of everything a Store answer can
show. The request's one read of its publishable key (``auth.store_context``) reads it too; a cached
answer is only reused for the same key, caller, URL and version. Entries also expire after
``STORE_CACHE_SECONDS``, which bounds how late a price list's start or end (a change of time, not
of data) can show.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cityos.commerce.auth import PUBLISHABLE_HEADER, store_context
from cityos.commerce.wire import dumps
from cityos.platform.answers import cached_answer


def cached_store_response(view: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
    """Serve a Store GET from the cache while its tenant is unchanged; errors are never cached."""

    @wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not settings.STORE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        version = store_context(request).answers_version  # a refused key answers its 400 from here
        token = request.META.get(PUBLISHABLE_HEADER, "").strip()
        parts = ("store", version, token, request.headers.get("authorization", ""), request.get_full_path())
        body = cached_answer(
            parts, settings.STORE_CACHE_SECONDS, lambda: dumps(view(request, *args, **kwargs))
        )
        return HttpResponse(body, content_type="application/json")

    return serve
