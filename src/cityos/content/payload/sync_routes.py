"""Content's sync endpoints from the seed: health (``/api/sync/status``), ``retry-failed`` and the
manual ``trigger``.

Health is for any signed-in editor; retrying is for those who act across tenants (superusers and the
commerce integration), since it resends everyone's events.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from cityos.content.catalog.models import Product
from cityos.content.payload.auth import actor_of
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import row_id
from cityos.content.payload.views import body_of, json_response
from cityos.content.sync import resend_editorial
from cityos.content.tasks import apply_received
from cityos.content.tenants.scoping import readable_tenants
from cityos.platform.events.status import retry_failed, sync_status
from cityos.platform.events.tasks import push_webhooks

router = Router(tags=["Sync"])


@router.get("/sync/status", summary="Sync health, both directions")
@router.get(
    "/admin/sync/status",
    summary="Sync health, both directions (seed's path)",
    operation_id="sync_status_seed",
)
def status(request: HttpRequest) -> HttpResponse:
    if actor_of(request).is_anonymous:
        raise Forbidden()
    return json_response(sync_status("content"))


@router.post("/admin/sync/retry-failed", summary="Resend dead deliveries and retry failed inbox events")
def retry(request: HttpRequest) -> HttpResponse:
    if not actor_of(request).sees_everything:
        raise Forbidden()
    done = retry_failed("content")
    transaction.on_commit(apply_received)
    transaction.on_commit(push_webhooks)
    return json_response({"message": "Retrying failed syncs", **done})


@router.post("/sync/trigger", summary="Re-send editorial fields to commerce")
def trigger(request: HttpRequest) -> HttpResponse:
    """``{collection: "products"|"all", ids?}``: the caller's tenants' products (or those document ids),
    or everything content owns of those tenants (products, categories, stores, the tenant itself)."""
    actor = actor_of(request)
    if actor.is_anonymous:
        raise Forbidden()
    body = body_of(request)
    collection = body.get("collection", "products")
    if collection not in ("products", "all"):
        raise ValidationError("sync", [{"path": "collection", "message": "collection is products or all."}])
    ids = body.get("ids")
    keys = [_document_id(i) for i in ids] if isinstance(ids, list) else [None]
    if ids is not None and None in keys:
        raise ValidationError("sync", [{"path": "ids", "message": "ids must be a list of document ids."}])
    queued = 0
    for tenant in readable_tenants(actor.user).order_by("pk"):
        products = Product.objects.filter(tenant=tenant)
        if ids is not None:
            products = products.filter(pk__in=keys)
        queued += (
            resend_editorial(tenant) if collection == "all" else resend_editorial(tenant, products=products)
        )
    transaction.on_commit(push_webhooks)
    return json_response({"collection": collection, "queued": queued})


def _document_id(value: Any) -> int | None:
    """A document id as a body names it: a number or its digits, within a database key's range."""
    if type(value) is int:
        value = str(value)
    return row_id(value) if isinstance(value, str) else None
