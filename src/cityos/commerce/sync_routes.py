"""Commerce's sync endpoints from the seed: health (``/admin/sync/status``), ``retry-failed``, and the
manual triggers ``to-cms`` (re-send products) and ``from-cms`` (ask content to re-send).

Any staff member or secret key may read health; retrying resends every tenant's events, so it is
for superusers and secret keys (the integration's credential).
"""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from cityos.commerce.admin_routes import Strict
from cityos.commerce.auth import Actor, admin_actor, admin_context
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.params import refuse_unknown
from cityos.commerce.resync import MIRROR_KINDS, request_from_content, resend_mirrors, resend_products
from cityos.commerce.tasks import apply_received
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.status import retry_failed, sync_status
from cityos.platform.events.tasks import push_webhooks

router = Router(auth=admin_actor, tags=["Sync"])


@router.get("/sync/status", summary="Sync health, both directions", response=dict)
def status(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return sync_status("commerce")


@router.post(
    "/sync/retry-failed", summary="Resend dead deliveries and retry failed inbox events", response=dict
)
def retry(request: HttpRequest) -> dict[str, Any]:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    if actor.user is not None and not actor.user.is_superuser:
        raise MedusaError(
            ErrorType.FORBIDDEN, "Only a superuser or a secret key may retry every tenant's sync"
        )
    done = retry_failed("commerce")
    transaction.on_commit(apply_received)
    transaction.on_commit(push_webhooks)
    return {"message": "Retrying failed syncs", **done}


class TriggerIn(Strict):
    entity: Literal["product", "products", "tenants", "stores", "categories", "all"] = "products"
    ids: list[str] | None = None


@router.post(
    "/sync/to-cms", summary="Re-send products, tenants, stores or categories to content", response=dict
)
@router.post("/sync/to-payload", summary="Re-send to content (seed's path)", response=dict)
def to_content(request: HttpRequest, body: TriggerIn) -> dict[str, Any]:
    """The acting tenant's entities (products' ``ids``) go to content again; it skips unchanged ones."""
    tenant = tenant_of(request)
    queued = 0
    if body.entity in (*MIRROR_KINDS, "all"):
        queued += resend_mirrors(tenant=tenant, kinds=MIRROR_KINDS if body.entity == "all" else [body.entity])
    if body.entity in ("product", "products", "all"):
        queued += sum(sent for sent, _cursor in resend_products(tenant=tenant, ids=body.ids))
    transaction.on_commit(push_webhooks)
    return {"entity": body.entity, "queued": queued}


@router.post("/sync/from-cms", summary="Ask content to re-send its editorial fields", response=dict)
@router.post("/sync/from-payload", summary="Ask content to re-send (seed's naming)", response=dict)
def from_content(request: HttpRequest, body: TriggerIn) -> dict[str, Any]:
    request_from_content(tenant_of(request), body.entity, body.ids)
    transaction.on_commit(push_webhooks)
    return {"entity": body.entity, "requested": True}


def tenant_of(request: HttpRequest) -> Tenant:
    """Triggers act in one tenant: the secret key's, or the one a staff member names (``x-tenant-id``)."""
    context = admin_context(request)
    if context is None:
        raise MedusaError(ErrorType.UNAUTHORIZED, "Unauthorized")
    return context.tenant
