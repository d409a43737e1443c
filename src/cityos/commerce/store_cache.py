"""Store responses cached until their tenant changes, as Medusa's caching module does for the Store API.

Every change a service makes emits an outbox event carrying its tenant, in the change's own
transaction, so the tenant's latest event id is an exact version of everything a Store answer can
show. One indexed query reads it together with the publishable key; a cached answer is only reused
for the same key, caller, URL and version. Entries also expire after ``STORE_CACHE_SECONDS``, which
bounds how late a price list's start or end (a change of time, not of data) can show.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse

from cityos.commerce.auth import PUBLISHABLE_HEADER
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.wire import dumps
from cityos.platform.answers import cached_answer
from cityos.platform.events.models import OutboxEvent
from cityos.platform.prepared import PreparedRead

VERSION = PreparedRead(
    lambda tokens: ApiKey.objects.filter(
        token__in=tokens,
        type=ApiKey.Type.PUBLISHABLE,
        revoked_at__isnull=True,
        tenant__status=Tenant.Status.ACTIVE,
    ).annotate(
        version=Subquery(
            OutboxEvent.objects.filter(tenant_id=OuterRef("tenant_id")).order_by("-id").values("id")[:1]
        )
    ),
    {"tenant_id": "tenant_id", "version": "version"},
)


def tenant_version(token: str) -> str | None:
    """The key's tenant and its latest event id, or None when the key would be refused."""
    row = next(iter(VERSION([token])), None)
    return f"{row.tenant_id}:{row.version}" if row else None


def cached_store_response(view: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
    """Serve a Store GET from the cache while its tenant is unchanged; errors are never cached."""

    @wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        token = request.META.get(PUBLISHABLE_HEADER, "").strip()
        version = tenant_version(token) if settings.STORE_CACHE_SECONDS and token else None
        if version is None:
            return view(request, *args, **kwargs)
        parts = ("store", version, token, request.headers.get("authorization", ""), request.get_full_path())
        body = cached_answer(
            parts, settings.STORE_CACHE_SECONDS, lambda: dumps(view(request, *args, **kwargs))
        )
        return HttpResponse(body, content_type="application/json")

    return serve
