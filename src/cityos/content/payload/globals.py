"""Payload's globals at ``/api/globals/{slug}``: one document per tenant, read with GET, saved with POST.

A global in a multi-tenant platform is a tenant's singleton (as Payload's multi-tenant plugin makes
them): ``?tenant=`` names it, and an editor of exactly one tenant may leave it out. A global is never
created or deleted by hand: the first save creates it, and a tenant with none reads an empty one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from cityos.content.payload.auth import Actor, actor_of
from cityos.content.payload.collections import REGISTRY, Collection
from cityos.content.payload.errors import BadQuery, NotFound
from cityos.content.payload.views import MAX_DEPTH, body_of, int_param, public_answer
from cityos.content.tenants.scoping import editable_tenants

router = Router(tags=["Globals"])
GLOBALS = {"site-settings": "site-settings"}  # global slug → the collection holding one per tenant


def global_collection(slug: str) -> Collection:
    if slug not in GLOBALS:
        raise NotFound
    return REGISTRY[GLOBALS[slug]]


def tenant_of(request: HttpRequest, actor: Actor) -> str:
    if tenant := request.GET.get("tenant", "").strip():
        return tenant
    mine = list(editable_tenants(actor.user).values_list("slug", flat=True)[:2]) if actor.user else []
    if len(mine) != 1:
        raise BadQuery("Name the tenant of this global with ?tenant=")
    return mine[0]


def _read(request: HttpRequest, slug: str, actor: Actor, tenant: str) -> dict[str, Any]:
    collection = global_collection(slug)
    depth = int_param(request, "depth", 2, high=MAX_DEPTH)
    row = collection.readable(actor, draft=False).filter(tenant__slug=tenant).first()
    if row is None:
        return {"globalType": slug, "tenant": tenant, "createdAt": None, "updatedAt": None}
    return {**collection.docs([row], draft=False, depth=depth)[0], "globalType": slug}


@router.api_operation(
    ["GET", "POST"], "/globals/{slug}", summary="Read (GET) or save (POST) a tenant's global"
)
def global_route(request: HttpRequest, slug: str) -> Any:
    collection, actor = global_collection(slug), actor_of(request)
    tenant = tenant_of(request, actor)
    if request.method == "GET":
        return public_answer(request, actor, lambda: _read(request, slug, actor, tenant))
    body = body_of(request)
    with transaction.atomic():
        row = collection.scope(actor).select_for_update(of=("self",)).filter(tenant__slug=tenant).first()
        if row is None:
            collection.create(actor, {**body, "tenant": tenant}, True)
        else:
            collection.update(
                row, actor, {key: value for key, value in body.items() if key != "tenant"}, True
            )
    return {"message": "Updated successfully.", "result": _read(request, slug, actor, tenant)}
