"""Admin API for tenants, stores, sales channels and API keys.

``/admin/tenants`` sits above tenants (it lists what the caller may act in, and only a superuser
creates one); the other routes act in the request's tenant like the rest of ``/admin``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from cityos.commerce.admin_routes import (
    CurrencyCode,
    Omittable,
    Resource,
    Strict,
    acting,
    admin_router,
    changes,
    crud,
    fetch,
    page_params,
)
from cityos.commerce.auth import Actor, admin_actor
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.params import refuse_unknown
from cityos.commerce.selection import Selection
from cityos.commerce.shapes import TIMES, Many, Shape, render
from cityos.commerce.tenants import services
from cityos.commerce.tenants.models import ApiKey, SalesChannel, Store, Tenant, TenantMembership
from cityos.commerce.tenants.shapes import SALES_CHANNEL
from cityos.platform.wire_schema import STRING

router = admin_router("Admin tenants and stores")
tenant_router = Router(auth=admin_actor, tags=["Admin tenants and stores"])
Metadata = dict[str, Any] | None
Slug = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALL = Selection(star=True)

TENANT = Shape(("id", "slug", "name", "status", "default_currency_code", "metadata", *TIMES), model=Tenant)
STORE = Shape(
    (
        "id",
        "tenant_id",
        "name",
        "handle",
        "default_sales_channel_id",
        "default_region_id",
        "metadata",
        *TIMES,
    ),
    model=Store,
)
API_KEY = Shape(
    ("id", "title", "type", "redacted", "created_by", "revoked_by", "revoked_at", "last_used_at", *TIMES),
    {"sales_channels": (Many("sales_channels"), SALES_CHANNEL)},
    # A secret key's token is shown once, when it is made; only its digest is kept.
    derived={"token": lambda key: key.token if key.type == ApiKey.Type.PUBLISHABLE else ""},
    model=ApiKey,
    types={"token": STRING},
)


class TenantCreate(Strict):
    slug: str = Slug
    name: str = Field(min_length=1)
    default_currency_code: CurrencyCode = "eur"
    store_name: str = ""
    metadata: Metadata = None


class TenantUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    status: Literal["active", "suspended", "archived"] | None = None
    default_currency_code: Omittable[CurrencyCode] = None
    metadata: Metadata = None


def actor_of(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def tenant_for(request: HttpRequest, id: str) -> Tenant:
    return fetch(actor_of(request).tenants(), id, "Tenant")


@tenant_router.get("/tenants", summary="List the tenants the caller may act in", response=dict)
def list_tenants(request: HttpRequest) -> dict[str, Any]:
    refuse_unknown(request)
    tenants = actor_of(request).tenants().order_by("created_at", "id")
    limit, offset = page_params(request)
    return {
        "tenants": [render(t, ALL, TENANT) for t in tenants[offset : offset + limit]],
        "count": tenants.count(),
        "offset": offset,
        "limit": limit,
    }


@tenant_router.post("/tenants", summary="Create a tenant with its store, channel and key", response=dict)
def create_tenant(request: HttpRequest, body: TenantCreate) -> dict[str, Any]:
    actor = actor_of(request)
    if actor.user is None or not actor.user.is_superuser:
        raise MedusaError(ErrorType.FORBIDDEN, "Only a platform administrator can create tenants")
    tenant = services.create_tenant(**changes(body))
    services.add_member(tenant=tenant, user=actor.user, role=TenantMembership.Role.OWNER)
    return {"tenant": render(tenant, ALL, TENANT)}


@tenant_router.get("/tenants/{id}", summary="Retrieve a tenant", response=dict)
def retrieve_tenant(request: HttpRequest, id: str) -> dict[str, Any]:
    refuse_unknown(request, paged=False)
    return {"tenant": render(tenant_for(request, id), ALL, TENANT)}


@tenant_router.patch("/tenants/{id}", summary="Update a tenant", response=dict)
@tenant_router.post("/tenants/{id}", summary="Update a tenant (Medusa style)", response=dict)
def update_tenant(request: HttpRequest, id: str, body: TenantUpdate) -> dict[str, Any]:
    actor, tenant = actor_of(request), tenant_for(request, id)
    if "status" in body.model_fields_set and not (actor.user and actor.user.is_superuser):
        raise MedusaError(ErrorType.FORBIDDEN, "Only a platform administrator can change a tenant's status")
    return {"tenant": render(services.update_tenant(tenant, changes(body)), ALL, TENANT)}


class StoreCreate(Strict):
    name: str = Field(min_length=1)
    handle: str = Field("", pattern=r"^[a-z0-9-]*$")
    default_sales_channel_id: str | None = None
    default_region_id: str | None = None
    metadata: Metadata = None


class StoreUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    default_sales_channel_id: str | None = None
    default_region_id: str | None = None
    metadata: Metadata = None


class SalesChannelCreate(Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    is_disabled: bool = False
    metadata: Metadata = None


class SalesChannelUpdate(Strict):
    name: Omittable[str] = Field(None, min_length=1)
    description: str | None = None
    is_disabled: Omittable[bool] = None
    metadata: Metadata = None


class ApiKeyCreate(Strict):
    title: str = Field(min_length=1)
    type: Literal["publishable", "secret"]


class ApiKeyUpdate(Strict):
    title: str = Field(min_length=1)


class LinkChannels(Strict):
    add: list[str] = []
    remove: list[str] = []


crud(
    router,
    Resource(
        path="/stores", singular="store", plural="stores", label="Store", shape=STORE,
        scope=lambda tenant: Store.objects.filter(tenant=tenant),
        create_schema=StoreCreate, update_schema=StoreUpdate,
        create=lambda tenant, values: services.create_store(tenant=tenant, **values),
        update=services.update_store, delete=services.delete_store,
        filters={"id": "id__in", "handle": "handle__in"}, search=("name", "handle"),
    ),
)  # fmt: skip
crud(
    router,
    Resource(
        path="/sales-channels", singular="sales_channel", plural="sales_channels", label="Sales channel",
        shape=SALES_CHANNEL, scope=lambda tenant: SalesChannel.objects.filter(tenant=tenant),
        create_schema=SalesChannelCreate, update_schema=SalesChannelUpdate,
        create=lambda tenant, values: services.create_sales_channel(tenant=tenant, **values),
        update=services.update_sales_channel, delete=services.delete_sales_channel,
        filters={"id": "id__in", "name": "name__in"}, search=("name", "description"),
    ),
)  # fmt: skip
API_KEYS = Resource(
    path="/api-keys", singular="api_key", plural="api_keys", label="API Key", shape=API_KEY,
    scope=lambda tenant: ApiKey.objects.filter(tenant=tenant).prefetch_related("sales_channels"),
    create_schema=ApiKeyCreate, update_schema=ApiKeyUpdate,
    update=services.update_api_key, delete=services.delete_api_key,
    defaults=("*", "*sales_channels"), filters={"id": "id__in", "type": "type__in"}, search=("title",),
    operations=frozenset({"list", "retrieve", "update", "delete"}),
)  # fmt: skip


@router.post(
    "/api-keys", summary="Create an API key (a secret key's token is shown only here)", response=dict
)
def create_api_key(request: HttpRequest, body: ApiKeyCreate) -> dict[str, Any]:
    context = acting(request)
    issued = services.create_api_key(
        tenant=context.tenant, type=body.type, title=body.title, created_by=context.actor_id
    )
    answer = API_KEYS.one(request, issued.api_key)
    answer["api_key"]["token"] = issued.token
    return answer


crud(router, API_KEYS)


@router.post("/api-keys/{id}/revoke", summary="Revoke an API key", response=dict)
def revoke_api_key(request: HttpRequest, id: str) -> dict[str, Any]:
    key = services.revoke_api_key(API_KEYS.get(request, id), revoked_by=acting(request).actor_id)
    return API_KEYS.one(request, key)


@router.post(
    "/api-keys/{id}/sales-channels", summary="Link sales channels to a publishable key", response=dict
)
def link_api_key_channels(request: HttpRequest, id: str, body: LinkChannels) -> dict[str, Any]:
    key = services.link_key_sales_channels(API_KEYS.get(request, id), add=body.add, remove=body.remove)
    return API_KEYS.one(request, key)
