"""Applying commerce's events in content (design §5.4): mirrored fields only, newer versions only, real
changes only, another tenant's document never, and no event of its own (no echo). Tenants, stores,
categories and products are mirrored the same way; only how a document is saved differs.

The version is the event's timestamp, so a late or repeated delivery of an older event changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cityos.content.announcements import DRAFTED, EDITORIAL, SAVED, quiet
from cityos.content.catalog.models import Category, Product
from cityos.content.editorial.models import OrderSummary
from cityos.content.publishing import create_document, publish_in_bulk, update_document
from cityos.content.tenants.models import Store, Tenant
from cityos.platform.events import applying
from cityos.platform.events.outbox import emit


def mirrored_product(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Commerce's product as content's read-only fields (the seed's option and variant shapes)."""
    return {
        "medusa_id": snapshot["id"],
        "handle": snapshot.get("handle") or "",
        "title": snapshot.get("title") or "",
        "subtitle": snapshot.get("subtitle"),
        "status": snapshot.get("status") or "",
        "categories": [category["id"] for category in snapshot.get("categories", [])],
        "options": [
            {"medusa_id": o["id"], "title": o["title"], "values": o.get("values", [])}
            for o in snapshot.get("options", [])
        ],
        "variants": [
            {
                "medusa_id": v["id"],
                "title": v["title"],
                "sku": v.get("sku"),
                "option_values": [
                    {"medusa_option_id": o["option_id"], "option": o.get("option"), "value": o["value"]}
                    for o in v.get("options", [])
                ],
            }
            for v in snapshot.get("variants", [])
        ],
    }


def mirrored_category(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "medusa_id": snapshot["id"],
        "handle": snapshot.get("handle") or "",
        "name": snapshot.get("name") or "",
        "parent_medusa_id": snapshot.get("parent_id"),
        "rank": int(snapshot.get("rank") or 0),
        "is_active": bool(snapshot.get("is_active", True)),
        "is_internal": bool(snapshot.get("is_internal", False)),
    }


def mirrored_store(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "medusa_id": snapshot["id"],
        "name": snapshot.get("name") or "",
        "handle": snapshot.get("handle") or "",
        "sales_channel_id": snapshot.get("sales_channel_id"),
        "publishable_keys": list(snapshot.get("publishable_keys") or []),
        "region_ids": list(snapshot.get("region_ids") or []),
        "default_region_id": snapshot.get("default_region_id"),
    }


def mirrored_tenant(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "medusa_id": snapshot["id"],
        "slug": snapshot["slug"],
        "name": snapshot.get("name") or snapshot["slug"],
        "status": snapshot.get("status") or "active",
        "default_currency_code": snapshot.get("default_currency_code") or "",
    }


@dataclass(frozen=True)
class Mirror:
    """A commerce entity content mirrors: its model, its snapshot as content's fields, and whether its
    documents are published through Wagtail revisions (drafts) or saved plainly."""

    model: type[models.Model]
    values: Callable[[dict[str, Any]], dict[str, Any]]
    drafts: bool = True


MIRRORS: dict[str, Mirror] = {
    "product": Mirror(Product, mirrored_product),
    "product_category": Mirror(Category, mirrored_category),
    "store": Mirror(Store, mirrored_store, drafts=False),
    "tenant": Mirror(Tenant, mirrored_tenant, drafts=False),
}


def digest(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def _mirrored_row(mirror: Mirror, data: dict[str, Any]) -> Any:
    rows = mirror.model._default_manager.select_for_update(of=("self",))
    if mirror.model is Tenant:  # a tenant content met first by slug (in a product event) is adopted
        found = rows.filter(medusa_id=data["id"]).first()
        return found or rows.filter(slug=data.get("slug") or "", medusa_id__isnull=True).first()
    return rows.select_related("tenant").filter(medusa_id=data["id"]).first()


def _foreign(mirror: Mirror, row: Any, data: dict[str, Any]) -> bool:
    """Does the event name another tenant than the row's (or, for a tenant, a slug another holds)?
    Deletions carry the tenant as ``tenant`` only; one that names none is foreign too."""
    if mirror.model is Tenant:
        slug = data.get("slug") or data.get("tenant") or ""
        return Tenant.objects.filter(slug=slug).exclude(pk=getattr(row, "pk", None)).exists()
    return row is not None and bool(row.tenant_id) and row.tenant.slug != data.get("tenant")


def _withdraw(mirror: Mirror, row: Any, version: str) -> None:
    """Commerce deleted it: unpublish, keep the row and its editorial work."""
    if mirror.drafts and row.live:
        row.unpublish()
    row.deleted_in_commerce_at, row.commerce_version = timezone.now(), version
    row.save(update_fields=["deleted_in_commerce_at", "commerce_version"])


def _changes(
    mirror: Mirror, row: Any, action: str, version: str, data: dict[str, Any]
) -> str | dict[str, Any]:
    """What applying the event to ``row`` comes to: an outcome (``ignored``, ``stale``, ``unchanged``,
    ``withdraw``) or the values to write. ``unchanged`` sets the version on the row for the caller to
    save (one by one, or a batch at once), so a later, older event stays stale."""
    if _foreign(mirror, row, data):
        return "ignored"
    if row is not None and row.commerce_version and row.commerce_version >= version:
        return "stale"
    if action == "deleted":
        return "unchanged" if row is None else "withdraw"
    values = mirror.values(data)
    fingerprint = digest(values)
    # Compared with the fields as they are now, not the last hash applied, so drift made in the
    # database directly is repaired by the next reconciliation.
    if row is not None and digest({name: getattr(row, name) for name in values}) == fingerprint:
        row.commerce_version = version
        return "unchanged"
    return values | {
        "commerce_version": version,
        "commerce_hash": fingerprint,
        "deleted_in_commerce_at": None,
    }


def _tenant_named(slug: str, known: dict[str, Tenant]) -> Tenant:
    if slug not in known:
        known[slug], _ = Tenant.objects.get_or_create(slug=slug, defaults={"name": slug})
    return known[slug]


def _write(mirror: Mirror, row: Any, values: dict[str, Any]) -> None:
    if mirror.drafts and row is None:
        create_document(mirror.model, values, user=None, publish=True)
    elif mirror.drafts:
        update_document(row, values, user=None, publish=True, keep_drafts=True)
    else:
        row = row or mirror.model()
        for field, value in values.items():
            setattr(row, field, value)
        row.save()


@transaction.atomic
def apply_mirror(name: str, version: str, data: dict[str, Any]) -> str:
    """``applied``, ``stale``, ``unchanged`` or ``ignored`` (another tenant's document)."""
    entity, _, action = name.rpartition(".")
    mirror = MIRRORS[entity]
    with quiet():
        row = _mirrored_row(mirror, data)
        changes = _changes(mirror, row, action, version, data)
        if changes == "unchanged" and row is not None:
            row.save(update_fields=["commerce_version"])
        if changes == "withdraw":
            _withdraw(mirror, row, version)
            return "applied"
        if isinstance(changes, str):
            return changes
        if mirror.model is not Tenant:
            changes["tenant"] = _tenant_named(data["tenant"], {})
        _write(mirror, row, changes)
        return "applied"


@transaction.atomic
def apply_order_summary(name: str, version: str, data: dict[str, Any]) -> str:
    """A day's totals of a tenant; a summary older than the one kept changes nothing."""
    with quiet():
        tenant, _ = Tenant.objects.get_or_create(slug=data["tenant"], defaults={"name": data["tenant"]})
        summary = OrderSummary.objects.select_for_update().filter(tenant=tenant, date=data["date"]).first()
        if summary is not None and summary.commerce_version >= version:
            return "stale"
        summary = summary or OrderSummary(tenant=tenant, date=data["date"])
        summary.orders_count, summary.revenue = int(data["orders_count"]), Decimal(data["revenue"])
        summary.currency_code, summary.commerce_version = data["currency_code"], version
        summary.save()
        return "applied"


EDITORIAL_BATCH = 200  # documents per ``editorial.batch`` event


def editorial_entries(documents: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """What content owns of each mirrored document, as ``editorial.batch`` carries it: a published
    product or category with its fields, an unpublished one withdrawn, tenants and stores as they are."""
    for document in documents:
        label = document._meta.label_lower
        live = getattr(document, "live", True)
        yield {
            "entity": DRAFTED.get(label) or SAVED[label],
            "action": ("published" if live else "unpublished") if label in DRAFTED else "updated",
            "id": document.pk,
            "medusa_id": document.medusa_id,
            "editorial": EDITORIAL[label](document) if live else None,
        }


def resend_editorial(tenant: Tenant, *, products: QuerySet[Product] | None = None) -> int:
    """One tenant's editorial fields (its products, categories, stores and itself) to commerce again,
    as ``editorial.batch`` events: manual triggers, commerce's requests and the hourly reconciliation.
    Commerce compares each with what it holds, so re-sending everything is cheap where nothing drifted."""
    mirrored = {"medusa_id__isnull": False, "deleted_in_commerce_at__isnull": True}
    documents: list[Any] = []
    if products is None:
        documents += [tenant] if tenant.medusa_id else []
        documents += list(Store.objects.filter(tenant=tenant, **mirrored).order_by("pk"))
        documents += list(
            Category.objects.filter(tenant=tenant, **mirrored).select_related("image").order_by("pk")
        )
        products = Product.objects.filter(tenant=tenant)
    documents += list(products.filter(**mirrored).exclude(medusa_id="").order_by("pk"))
    entries = list(editorial_entries(documents))
    with transaction.atomic():
        for start in range(0, len(entries), EDITORIAL_BATCH):
            chunk = entries[start : start + EDITORIAL_BATCH]
            data = {"tenant": tenant.slug, "entries": chunk}
            emit(
                "editorial.batch", entity_id=f"batch:{tenant.slug}:{start}", tenant_id=tenant.slug, data=data
            )
    return len(entries)


def reconcile_with_commerce() -> int:
    """Every tenant's editorial fields to commerce again (hourly)."""
    return sum(resend_editorial(tenant) for tenant in Tenant.objects.exclude(medusa_id=None).order_by("pk"))


def apply_sync_request(name: str, version: str, data: dict[str, Any]) -> str:
    """Commerce asked (``/admin/sync/from-cms``) for its tenant's editorial fields again."""
    tenant = Tenant.objects.filter(slug=data.get("tenant") or "").first()
    if tenant is None:
        return "ignored"
    products = None
    if data.get("ids") is not None:
        products = Product.objects.filter(tenant=tenant, medusa_id__in=data["ids"])
    resend_editorial(tenant, products=products)
    return "applied"


@transaction.atomic
def apply_product_batch(name: str, version: str, data: dict[str, Any]) -> str:
    """Reconciliation and bulk sync: each product of the batch as its own ``product.updated``, decided
    one by one and written together: new products, and changed ones without an editor's pending draft,
    in one insert or update per table (``publish_in_bulk``); the rest one by one."""
    mirror = MIRRORS["product"]
    snapshots = list({snapshot["id"]: snapshot for snapshot in data.get("products", [])}.values())
    with quiet():
        rows = Product.objects.select_for_update(of=("self",)).select_related("tenant")
        found = {row.medusa_id: row for row in rows.filter(medusa_id__in=[s["id"] for s in snapshots])}
        tenants: dict[str, Tenant] = {}
        created: list[dict[str, Any]] = []
        changed: list[tuple[Product, dict[str, Any]]] = []
        unchanged: list[Product] = []
        for snapshot in snapshots:
            row = found.get(snapshot["id"])
            changes = _changes(mirror, row, "updated", version, snapshot)
            if changes == "unchanged" and row is not None:
                unchanged.append(row)
            if isinstance(changes, str):
                continue
            changes["tenant"] = _tenant_named(snapshot["tenant"], tenants)
            if row is not None and row.has_unpublished_changes:
                _write(mirror, row, changes)  # an editor's draft is carried along, one by one
            elif row is None:
                created.append(changes)
            else:
                changed.append((row, changes))
        Product.objects.bulk_update(unchanged, ["commerce_version"])  # reconciliation: mostly these
        written = publish_in_bulk(Product, created, changed)
        if not written:
            return "unchanged"
        emit(
            "product.synced",
            entity_id=f"batch:{written[-1].pk}",
            tenant_id=data.get("tenant") or "",
            data={"ids": [product.pk for product in written]},
        )
        return "applied"


HANDLERS: dict[str, Callable[[str, str, dict[str, Any]], str]] = {
    "product.batch": apply_product_batch,
    "sync.requested": apply_sync_request,
    "order_summary.daily": apply_order_summary,
    **{f"{entity}.{action}": apply_mirror for entity in MIRRORS for action in ("created", "updated")},
    # Commerce suspends tenants and never deletes one.
    **{f"{entity}.deleted": apply_mirror for entity in MIRRORS if entity != "tenant"},
}


def apply_inbox(limit: int = 500) -> dict[str, int]:
    return applying.apply_inbox(HANDLERS, limit)
