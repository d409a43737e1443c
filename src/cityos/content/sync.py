"""Applying commerce's events in content (design §5.4): mirrored fields only, newer versions only, real
changes only, another tenant's document never, and no event of its own (no echo). Tenants, stores,
categories and products are mirrored the same way; only how a document is saved differs.

The version is the event's timestamp, so a late or repeated delivery of an older event changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cityos.content.announcements import announce, quiet
from cityos.content.catalog.models import Category, Product
from cityos.content.editorial.models import OrderSummary
from cityos.content.publishing import create_document, update_document
from cityos.content.tenants.models import Store, Tenant
from cityos.platform.events import applying


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
    """Does the event name another tenant than the row's (or, for a tenant, a slug another holds)?"""
    if mirror.model is Tenant:
        slug = data.get("slug") or ""
        return Tenant.objects.filter(slug=slug).exclude(pk=getattr(row, "pk", None)).exists()
    return row is not None and bool(row.tenant_id) and row.tenant.slug != data.get("tenant")


def _withdraw(mirror: Mirror, row: Any, version: str) -> None:
    """Commerce deleted it: unpublish, keep the row and its editorial work."""
    if mirror.drafts and row.live:
        row.unpublish()
    row.deleted_in_commerce_at, row.commerce_version = timezone.now(), version
    row.save(update_fields=["deleted_in_commerce_at", "commerce_version"])


@transaction.atomic
def apply_mirror(name: str, version: str, data: dict[str, Any]) -> str:
    """``applied``, ``stale``, ``unchanged`` or ``ignored`` (another tenant's document)."""
    entity, _, action = name.rpartition(".")
    mirror = MIRRORS[entity]
    with quiet():
        row = _mirrored_row(mirror, data)
        if action != "deleted" and _foreign(mirror, row, data):
            return "ignored"
        if row is not None and row.commerce_version and row.commerce_version >= version:
            return "stale"
        if action == "deleted":
            if row is None:
                return "unchanged"
            _withdraw(mirror, row, version)
            return "applied"
        values = mirror.values(data)
        fingerprint = digest(values)
        # Compared with the fields as they are now, not the last hash applied, so drift made in the
        # database directly is repaired by the next reconciliation.
        if row is not None and digest({name: getattr(row, name) for name in values}) == fingerprint:
            row.commerce_version = version
            row.save(update_fields=["commerce_version"])
            return "unchanged"
        values |= {"commerce_version": version, "commerce_hash": fingerprint, "deleted_in_commerce_at": None}
        if mirror.model is not Tenant:
            values["tenant"], _ = Tenant.objects.get_or_create(
                slug=data["tenant"], defaults={"name": data["tenant"]}
            )
        if mirror.drafts and row is None:
            create_document(mirror.model, values, user=None, publish=True)
        elif mirror.drafts:
            update_document(row, values, user=None, publish=True, keep_drafts=True)
        else:
            row = row or mirror.model()
            for field, value in values.items():
                setattr(row, field, value)
            row.save()
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


def reannounce(products: QuerySet[Product]) -> int:
    """Announce published products again (editorial fields to commerce): manual triggers and requests."""
    sent = 0
    for product in products.filter(live=True).select_related("tenant").order_by("pk"):
        announce(product, "published")
        sent += 1
    return sent


def apply_sync_request(name: str, version: str, data: dict[str, Any]) -> str:
    """Commerce asked (``/admin/sync/from-cms``) for its tenant's editorial fields again."""
    products = Product.objects.filter(tenant__slug=data.get("tenant") or "")
    if data.get("ids") is not None:
        products = products.filter(medusa_id__in=data["ids"])
    reannounce(products)
    return "applied"


def apply_product_batch(name: str, version: str, data: dict[str, Any]) -> str:
    """Reconciliation and bulk sync: each product of the batch as its own ``product.updated``."""
    outcomes = [apply_mirror("product.updated", version, snapshot) for snapshot in data.get("products", [])]
    return "applied" if "applied" in outcomes else "unchanged"


HANDLERS: dict[str, Callable[[str, str, dict[str, Any]], str]] = {
    "product.batch": apply_product_batch,
    "sync.requested": apply_sync_request,
    "order_summary.daily": apply_order_summary,
    **{
        f"{entity}.{action}": apply_mirror
        for entity in MIRRORS
        for action in ("created", "updated", "deleted")
    },
}


def apply_inbox(limit: int = 500) -> dict[str, int]:
    return applying.apply_inbox(HANDLERS, limit)
