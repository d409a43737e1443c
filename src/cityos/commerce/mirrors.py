"""What commerce's tenant, store, category and product events carry: the fields content mirrors (§4),
read in the event's own transaction, so content applies exactly what was committed without calling back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from cityos.commerce.catalog.models import ProductCategory
from cityos.commerce.catalog.snapshots import product_snapshot
from cityos.commerce.tenants.models import ApiKey, SalesChannel, Store, Tenant
from cityos.platform.events.outbox import emit


def tenant_snapshot(tenant: Tenant) -> dict[str, Any]:
    return {
        "id": tenant.id,
        "tenant": tenant.slug,
        "slug": tenant.slug,
        "name": tenant.name,
        "status": tenant.status,
        "default_currency_code": tenant.default_currency_code,
    }


def store_snapshot(store: Store) -> dict[str, Any]:
    """A store with the publishable keys of its sales channel and its tenant's regions."""
    from cityos.commerce.regions.models import Region  # regions build on tenants, not the reverse

    keys = ApiKey.objects.filter(
        type=ApiKey.Type.PUBLISHABLE, revoked_at__isnull=True, sales_channels=store.default_sales_channel_id
    )
    return {
        "id": store.id,
        "tenant": store.tenant.slug,
        "name": store.name,
        "handle": store.handle,
        "sales_channel_id": store.default_sales_channel_id,
        "publishable_keys": sorted(keys.values_list("token", flat=True)),
        "region_ids": sorted(Region.objects.filter(tenant_id=store.tenant_id).values_list("id", flat=True)),
        "default_region_id": store.default_region_id,
    }


def category_snapshot(category: ProductCategory) -> dict[str, Any]:
    return {
        "id": category.id,
        "tenant": category.tenant.slug,
        "handle": category.handle,
        "name": category.name,
        "parent_id": category.parent_category_id,
        "rank": category.rank,
        "is_active": category.is_active,
        "is_internal": category.is_internal,
    }


# event prefix → the snapshot its created/updated events carry
SNAPSHOTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "tenant": tenant_snapshot,
    "store": store_snapshot,
    "product_category": category_snapshot,
    "product": lambda product: product_snapshot(product.pk),
}


def snapshot_of(event: str, record: models.Model) -> dict[str, Any] | None:
    snapshot = SNAPSHOTS.get(event)
    return snapshot(record) if snapshot else None


def deletion_of(event: str, record: models.Model) -> dict[str, Any] | None:
    """What a mirrored record's deletion carries: its id and tenant, read before the row goes."""
    if event not in SNAPSHOTS:
        return None
    tenant = record if isinstance(record, Tenant) else record.tenant  # type: ignore[attr-defined]
    return {"id": record.pk, "tenant": tenant.slug}


def announce_stores_of_key(api_key: ApiKey, *, also: Sequence[SalesChannel] = ()) -> None:
    """A publishable key's change is a change of the stores it opens (and, with ``also``, of those it
    opened before): content mirrors their keys."""
    if api_key.type != ApiKey.Type.PUBLISHABLE:
        return
    channels = {channel.pk for channel in (*api_key.sales_channels.all(), *also)}
    stores = Store.objects.filter(default_sales_channel__in=channels).select_related("tenant")
    for store in stores.order_by("pk"):
        emit("store.updated", entity_id=store.id, tenant_id=store.tenant_id, data=store_snapshot(store))
