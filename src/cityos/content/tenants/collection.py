"""The ``tenants`` and ``stores`` collections: the storefront finds a tenant (or store) by host with
``where[domains.domain]``.

Branding is public (anyone reads it); what commerce owns (slug, name, ``medusa_id``, a store's channel
and keys) only its integration writes; an editor changes theme, branding and domains of their own
tenants. A host name belongs to one tenant or store on the whole platform.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import TENANT, QueryField, as_date, as_number
from cityos.content.payload.writing import Field, Invalid, listing, mapping, read_body, tenant_reference
from cityos.content.tenants import services
from cityos.content.tenants.models import Store, StoreDomain, Tenant, TenantDomain

HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
FIELDS = {
    "id": QueryField("pk", as_number),
    "slug": QueryField("slug"),
    "name": QueryField("name"),
    "medusa_id": QueryField("medusa_id"),
    "status": QueryField("status"),
    "domains.domain": QueryField("domains__domain"),
    "createdAt": QueryField("created_at", as_date),
    "updatedAt": QueryField("updated_at", as_date),
}


def domain_list(value: Any) -> list[str]:
    """``["shop.example"]`` or Payload's array rows ``[{"domain": "shop.example"}]``, lower-cased."""
    if not isinstance(value, list):
        raise Invalid("This field must be a list.")
    hosts = [
        str(item.get("domain", "") if isinstance(item, dict) else item).strip().lower() for item in value
    ]
    if bad := [host for host in hosts if not HOST.match(host)]:
        raise Invalid(f"Not a host name: {', '.join(bad)}")
    return list(dict.fromkeys(hosts))


WRITABLE = {
    "slug": Field(commerce=True),
    "name": Field(commerce=True),
    "medusa_id": Field(commerce=True),
    "theme": Field(parse=mapping),
    "domains": Field(parse=domain_list),
}


def public(actor: Actor, rows: QuerySet[Any]) -> QuerySet[Any]:
    """What commerce deleted is kept for its editors but no longer shown to visitors."""
    return rows.filter(deleted_in_commerce_at__isnull=True) if actor.is_anonymous else rows


def scope(actor: Actor) -> QuerySet[Tenant]:
    return public(actor, Tenant.objects.prefetch_related("domains"))


def to_doc(tenant: Tenant, draft: bool) -> dict[str, Any]:
    return {
        "id": tenant.pk,
        "name": tenant.name,
        "slug": tenant.slug,
        "medusa_id": tenant.medusa_id,
        "status": tenant.status,
        "default_currency_code": tenant.default_currency_code,
        "domains": [{"id": domain.pk, "domain": domain.domain} for domain in tenant.domains.all()],
        "theme": tenant.theme,
        "createdAt": tenant.created_at,
        "updatedAt": tenant.updated_at,
    }


def taken_domains(
    domains: list[str], *, tenant: Tenant | None = None, store: Store | None = None
) -> list[str]:
    """Which of ``domains`` another tenant or store holds already."""
    tenants = TenantDomain.objects.filter(domain__in=domains).exclude(tenant_id=getattr(tenant, "pk", None))
    stores = StoreDomain.objects.filter(domain__in=domains).exclude(store_id=getattr(store, "pk", None))
    return sorted({*tenants.values_list("domain", flat=True), *stores.values_list("domain", flat=True)})


def _domain_errors(taken: list[str]) -> list[dict[str, str]]:
    return [
        {"path": "domains", "message": f"{domain} belongs to another tenant or store"} for domain in taken
    ]


def _values(actor: Actor, body: Any, current: Tenant | None) -> dict[str, Any]:
    values = read_body(
        "tenants", body, WRITABLE, actor, required=("slug", "name"), partial=current is not None
    )
    errors = []
    if (slug := values.get("slug")) and Tenant.objects.filter(slug=slug).exclude(
        pk=getattr(current, "pk", None)
    ).exists():
        errors.append({"path": "slug", "message": "Value must be unique"})
    errors += _domain_errors(taken_domains(values.get("domains", []), tenant=current))
    if errors:
        raise ValidationError("tenants", errors)
    return values


def create(actor: Actor, body: dict[str, Any], publish: bool) -> Tenant:
    if not actor.sees_everything:
        raise Forbidden
    return services.save_tenant(Tenant(), _values(actor, body, None))


def update(tenant: Tenant, actor: Actor, body: dict[str, Any], publish: bool) -> Tenant:
    if not actor.edits(tenant.pk):
        raise Forbidden
    return services.save_tenant(tenant, _values(actor, body, tenant))


def delete(tenant: Tenant, actor: Actor) -> None:
    if not (actor.user and actor.user.is_superuser):
        raise Forbidden
    services.delete_tenant(tenant)


TENANTS = register(
    Collection(
        slug="tenants", singular="Tenant", plural="Tenants", fields=FIELDS, scope=scope, to_doc=to_doc,
        create=create, update=update, delete=delete, writable=WRITABLE, tenant_lookup="pk",
        aliases={"domain": "domains.domain"}, has_drafts=False,
    )
)  # fmt: skip


STORE_FIELDS = {
    "id": QueryField("pk", as_number),
    "medusa_id": QueryField("medusa_id"),
    "tenant": TENANT,
    "name": QueryField("name"),
    "handle": QueryField("handle"),
    "sales_channel_id": QueryField("sales_channel_id"),
    "domains.domain": QueryField("domains__domain"),
    "createdAt": QueryField("created_at", as_date),
    "updatedAt": QueryField("updated_at", as_date),
}
STORE_WRITABLE = {
    **{name: Field(commerce=True) for name in ("medusa_id", "name", "handle", "sales_channel_id")},
    "default_region_id": Field(commerce=True),
    "publishable_keys": Field(parse=listing, commerce=True),
    "region_ids": Field(parse=listing, commerce=True),
    "tenant": Field(parse=tenant_reference, commerce=True),
    "branding": Field(parse=mapping),
    "domains": Field(parse=domain_list),
}


def store_scope(actor: Actor) -> QuerySet[Store]:
    return public(actor, Store.objects.select_related("tenant").prefetch_related("domains"))


def store_doc(store: Store, draft: bool) -> dict[str, Any]:
    return {
        "id": store.pk,
        "medusa_id": store.medusa_id,
        "tenant": store.tenant.slug,
        "name": store.name,
        "handle": store.handle,
        "sales_channel_id": store.sales_channel_id,
        "publishable_keys": store.publishable_keys,
        "region_ids": store.region_ids,
        "default_region_id": store.default_region_id,
        "branding": store.branding,
        "domains": [{"id": domain.pk, "domain": domain.domain} for domain in store.domains.all()],
        "createdAt": store.created_at,
        "updatedAt": store.updated_at,
    }


def _store_values(actor: Actor, body: Any, current: Store | None) -> dict[str, Any]:
    required = ("medusa_id", "name", "tenant")
    values = read_body("stores", body, STORE_WRITABLE, actor, required=required, partial=current is not None)
    errors = _domain_errors(taken_domains(values.get("domains", []), store=current))
    medusa_id = values.get("medusa_id")
    if (
        medusa_id
        and Store.objects.filter(medusa_id=medusa_id).exclude(pk=getattr(current, "pk", None)).exists()
    ):
        errors.append({"path": "medusa_id", "message": "Value must be unique"})
    if errors:
        raise ValidationError("stores", errors)
    return values


def create_store(actor: Actor, body: dict[str, Any], publish: bool) -> Store:
    if not actor.is_integration:  # stores are born in commerce
        raise Forbidden
    return services.save_store(Store(), _store_values(actor, body, None))


def update_store(store: Store, actor: Actor, body: dict[str, Any], publish: bool) -> Store:
    if not actor.edits(store.tenant_id):
        raise Forbidden
    return services.save_store(store, _store_values(actor, body, store))


def delete_store(store: Store, actor: Actor) -> None:
    if not actor.is_integration:
        raise Forbidden
    services.delete_store(store)


STORES = register(
    Collection(
        slug="stores", singular="Store", plural="Stores", fields=STORE_FIELDS, scope=store_scope,
        to_doc=store_doc, create=create_store, update=update_store, delete=delete_store, has_drafts=False,
        writable=STORE_WRITABLE, aliases={"domain": "domains.domain"},
    )
)  # fmt: skip
