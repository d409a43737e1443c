"""Applying content's events in commerce (design §4, §5.4): the editorial fields content owns go into
``metadata.cms`` of the commerce product, only from a newer event, only when they changed, only in
the product's own tenant, and announced as ``product.synced``, a name content does not subscribe to
(no echo), which still moves the tenant's Store cache version.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction

from cityos.commerce.catalog.models import Product
from cityos.platform.events import applying
from cityos.platform.events.outbox import emit


def digest(values: Any) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def apply_editorial(name: str, version: str, data: dict[str, Any]) -> str:
    """``product.published`` sets the editorial fields, ``product.unpublished`` withdraws them."""
    product = (
        Product.objects.select_for_update(of=("self",))
        .filter(id=data.get("medusa_id") or "", tenant__slug=data.get("tenant") or "")
        .first()
    )
    if product is None:
        return "ignored"  # unknown here, or another tenant's product of the same id
    metadata = dict(product.metadata or {})
    current = metadata.get("cms") or {}
    if current.get("version", "") >= version:
        return "stale"
    editorial = data.get("editorial") if name == "product.published" else None
    fingerprint = digest(editorial)
    if current.get("hash") == fingerprint:
        metadata["cms"] = {**current, "version": version}
        Product.objects.filter(pk=product.pk).update(metadata=metadata)
        return "unchanged"
    metadata["cms"] = {
        **(editorial or {}),
        "published": editorial is not None,
        "content_id": data.get("id"),
        "version": version,
        "hash": fingerprint,
    }
    product.metadata = metadata
    product.save(update_fields=["metadata", "updated_at"])
    emit("product.synced", entity_id=product.id, tenant_id=product.tenant_id, data={"id": product.id})
    return "applied"


HANDLERS: dict[str, applying.Handler] = {
    "product.published": apply_editorial,
    "product.unpublished": apply_editorial,
}


def apply_inbox(limit: int = 500) -> dict[str, int]:
    return applying.apply_inbox(HANDLERS, limit)
