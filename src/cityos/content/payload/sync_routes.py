"""Content's sync endpoints from the seed: health (``/api/sync/status``), ``retry-failed`` and the
manual ``trigger``.

Health is for any signed-in editor; retrying is for those who act across tenants (superusers and the
commerce integration), since it resends everyone's events.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router

from cityos.content.catalog.models import Product
from cityos.content.payload.auth import actor_of
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.views import body_of, json_response
from cityos.content.sync import reannounce
from cityos.content.tasks import apply_received
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


@router.post("/sync/trigger", summary="Re-send published products' editorial fields to commerce")
def trigger(request: HttpRequest) -> HttpResponse:
    """``{collection: "products", ids?}``: the caller's tenants' published products (or those ids)."""
    actor = actor_of(request)
    if actor.is_anonymous:
        raise Forbidden()
    body = body_of(request)
    if body.get("collection", "products") != "products":
        raise ValidationError("sync", [{"path": "collection", "message": "Only products can be triggered."}])
    products = actor.scoped(Product.objects.all())
    if (ids := body.get("ids")) is not None:
        if not isinstance(ids, list) or not all(
            type(i) is int or (isinstance(i, str) and i.isdigit()) for i in ids
        ):
            raise ValidationError("sync", [{"path": "ids", "message": "ids must be a list of document ids."}])
        products = products.filter(pk__in=[int(i) for i in ids])
    queued = reannounce(products)
    transaction.on_commit(push_webhooks)
    return json_response({"collection": "products", "queued": queued})
