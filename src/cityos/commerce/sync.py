"""Applying content's events in commerce (design §4, §5.4): the editorial fields content owns (of
products, categories, tenants and stores) go into ``metadata.cms`` of the commerce row, only from a
newer event, only when they changed, only in the row's own tenant, and announced as
``<entity>.synced``, a name content does not subscribe to (no echo), which still moves the tenant's
Store cache version.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models, transaction

from cityos.commerce.catalog.models import Product, ProductCategory
from cityos.commerce.tenants.models import Store, Tenant
from cityos.platform.events import applying
from cityos.platform.events.outbox import emit


def digest(values: Any) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


# content's entity name → the commerce model it mirrors into, and that model's event prefix
TARGETS: dict[str, tuple[type[models.Model], str]] = {
    "product": (Product, "product"),
    "category": (ProductCategory, "product_category"),
    "tenant": (Tenant, "tenant"),
    "store": (Store, "store"),
}


@transaction.atomic
def apply_editorial(name: str, version: str, data: dict[str, Any]) -> str:
    """``<entity>.published`` or ``.updated`` sets the editorial fields; ``.unpublished`` withdraws them."""
    entity, _, action = name.partition(".")
    model, prefix = TARGETS[entity]
    tenant = data.get("tenant") or ""
    rows = model._default_manager.select_for_update(of=("self",)).filter(pk=data.get("medusa_id") or "")
    row = rows.filter(**({"slug": tenant} if model is Tenant else {"tenant__slug": tenant})).first()
    if row is None:
        return "ignored"  # unknown here, or another tenant's row of the same id
    metadata = dict(row.metadata or {})  # type: ignore[attr-defined]
    current = metadata.get("cms") or {}
    if current.get("version", "") >= version:
        return "stale"
    editorial = data.get("editorial") if action != "unpublished" else None
    fingerprint = digest(editorial)
    # Compared with what the row holds now, not the last hash applied, so drift made in this database
    # directly is repaired by the next reconciliation.
    held = {key: current.get(key) for key in editorial} if editorial and current.get("published") else None
    if current.get("hash") == fingerprint and digest(held) == fingerprint:
        metadata["cms"] = {**current, "version": version}
        model._default_manager.filter(pk=row.pk).update(metadata=metadata)
        return "unchanged"
    metadata["cms"] = {
        **(editorial or {}),
        "published": editorial is not None,
        "content_id": data.get("id"),
        "version": version,
        "hash": fingerprint,
    }
    row.metadata = metadata  # type: ignore[attr-defined]
    row.save(update_fields=["metadata", "updated_at"])
    tenant_id = row.pk if model is Tenant else row.tenant_id  # type: ignore[attr-defined]
    emit(f"{prefix}.synced", entity_id=row.pk, tenant_id=tenant_id, data={"id": row.pk})
    return "applied"


def apply_editorial_batch(name: str, version: str, data: dict[str, Any]) -> str:
    """Content's reconciliation and triggers: each entry as its own ``<entity>.<action>`` event."""
    outcomes = [
        apply_editorial(
            f"{entry['entity']}.{entry['action']}", version, {**entry, "tenant": data.get("tenant")}
        )
        for entry in data.get("entries", [])
        if entry.get("entity") in TARGETS
    ]
    return "applied" if "applied" in outcomes else "unchanged"


PUBLISHING = ("published", "unpublished")
HANDLERS: dict[str, applying.Handler] = {
    **{f"{entity}.{action}": apply_editorial for entity in ("product", "category") for action in PUBLISHING},
    "tenant.updated": apply_editorial,
    "store.updated": apply_editorial,
    "editorial.batch": apply_editorial_batch,
}


def apply_inbox(limit: int = 500) -> dict[str, int]:
    return applying.apply_inbox(HANDLERS, limit)
