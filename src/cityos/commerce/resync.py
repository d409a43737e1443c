"""Re-publishing commerce's truth on demand: manual triggers, ``cityos sync initial`` and reconciliation.

Products go out again as ``product.batch`` events carrying their snapshots, in id order and pages
of ``BATCH``, each page one transaction; content applies only what differs from the fields it holds,
so re-sending everything is safe, and cheap where nothing drifted. The last id of a batch is a
cursor: a run that stops can continue after it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import transaction

from cityos.commerce.catalog.models import Product
from cityos.commerce.catalog.snapshots import product_snapshots
from cityos.commerce.tenants.models import Tenant
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


@transaction.atomic
def request_from_content(tenant: Tenant, entity: str, ids: Sequence[str] | None) -> None:
    """Ask content, over the same signed channel, to re-announce its editorial fields."""
    emit(
        "sync.requested",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        data={"tenant": tenant.slug, "entity": entity, "ids": list(ids) if ids is not None else None},
    )
