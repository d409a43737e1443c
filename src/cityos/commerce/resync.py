"""Re-publishing commerce's truth on demand: manual triggers, ``cityos sync initial`` and reconciliation.

Tenants, stores and categories (few per tenant) go out again as their ``.updated`` events, parents
before children.

Products go out again as ``product.batch`` events carrying their snapshots, in id order and pages
of ``BATCH``, each page one transaction; content applies only what differs from the fields it holds,
so re-sending everything is safe, and cheap where nothing drifted. The last id of a batch is a
cursor: a run that stops can continue after it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction

from cityos.commerce.catalog.models import Product, ProductCategory
from cityos.commerce.catalog.snapshots import product_snapshots
from cityos.commerce.mirrors import category_snapshot, store_snapshot, tenant_snapshot
from cityos.commerce.tenants.models import Store, Tenant
from cityos.platform.events.outbox import emit

BATCH = 200  # products per event: about 300 kB of snapshots, well under a receiver's body limit


def resend_products(
    *, tenant: Tenant | None = None, ids: Sequence[str] | None = None, after: str = "", batch: int = BATCH
) -> Iterator[tuple[int, str]]:
    """Emit ``product.batch`` events (one per tenant in each page of products, with their snapshots);
    yields ``(products sent, cursor)`` per page. Hourly reconciliation and ``to-cms`` both use it."""
    chosen = Product.objects.order_by("id")
    if tenant is not None:
        chosen = chosen.filter(tenant=tenant)
    if ids is not None:
        chosen = chosen.filter(id__in=list(ids))
    cursor = after
    while True:
        page = list(chosen.filter(id__gt=cursor).values_list("id", "tenant_id")[:batch])
        if not page:
            return
        snapshots = product_snapshots([product_id for product_id, _ in page])
        by_tenant: dict[str, list[dict[str, Any]]] = {}
        for product_id, tenant_id in page:
            by_tenant.setdefault(tenant_id, []).append(snapshots[product_id])
        cursor = page[-1][0]
        with transaction.atomic():
            for tenant_id, products in by_tenant.items():
                data = {"tenant": products[0]["tenant"], "products": products}
                emit("product.batch", entity_id=f"batch:{products[-1]['id']}", tenant_id=tenant_id, data=data)
        yield len(page), cursor


MIRROR_KINDS = ("tenants", "stores", "categories")


@transaction.atomic
def resend_mirrors(*, tenant: Tenant | None = None, kinds: Sequence[str] = MIRROR_KINDS) -> int:
    """Emit each tenant's, store's and category's snapshot again; returns how many were sent."""
    tenants = Tenant.objects.order_by("pk") if tenant is None else Tenant.objects.filter(pk=tenant.pk)
    events: list[tuple[str, Any, Any]] = []
    if "tenants" in kinds:
        events += [("tenant.updated", row, tenant_snapshot) for row in tenants]
    if "stores" in kinds:
        stores = Store.objects.filter(tenant__in=tenants).select_related("tenant").order_by("pk")
        events += [("store.updated", row, store_snapshot) for row in stores]
    if "categories" in kinds:
        categories = ProductCategory.objects.filter(tenant__in=tenants).select_related("tenant")
        events += [
            ("product_category.updated", row, category_snapshot) for row in categories.order_by("mpath")
        ]
    for name, row, snapshot in events:
        tenant_id = row.pk if isinstance(row, Tenant) else row.tenant_id
        emit(name, entity_id=row.pk, tenant_id=tenant_id, data=snapshot(row))
    return len(events)


@transaction.atomic
def request_from_content(tenant: Tenant, entity: str, ids: Sequence[str] | None) -> None:
    """Ask content, over the same signed channel, to re-announce its editorial fields."""
    emit(
        "sync.requested",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        data={"tenant": tenant.slug, "entity": entity, "ids": list(ids) if ids is not None else None},
    )
