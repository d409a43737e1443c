"""Re-publishing commerce's truth on demand: manual triggers, ``cityos sync initial`` and reconciliation.

Products go out again as ``product.updated`` with their snapshot, in id order and batches of
``BATCH``, each batch one transaction; content applies only what differs from what it holds (its
hash), so re-sending everything is safe and cheap where nothing drifted. The last id of a batch is a
cursor: a run that stops can continue after it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import transaction

from cityos.commerce.catalog.models import Product
from cityos.commerce.catalog.snapshots import product_snapshots
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit, emit_many

BATCH = 500
ENTITIES = ("product", "products")


def resend_products(
    *, tenant: Tenant | None = None, ids: Sequence[str] | None = None, after: str = "", batch: int = BATCH
) -> Iterator[tuple[int, str]]:
    """Emit ``product.updated`` for each chosen product; yields ``(sent in batch, cursor)`` per batch."""
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
        with transaction.atomic():
            emit_many("product.updated", page, product_snapshots([product_id for product_id, _ in page]))
        cursor = page[-1][0]
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
