"""Applying commerce's events in content (design §5.4): mirrored fields only, newer versions only, real
changes only, another tenant's document never, and no event of its own (no echo).

The version is the event's timestamp, so a late or repeated delivery of an older event changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cityos.content.announcements import announce, quiet
from cityos.content.catalog.models import Product
from cityos.content.editorial.models import OrderSummary
from cityos.content.publishing import create_document, update_document
from cityos.content.tenants.models import Tenant
from cityos.platform.events import applying


def mirrored_product(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Commerce's product as content's read-only fields (the seed's option and variant shapes)."""
    return {
        "medusa_id": snapshot["id"],
        "handle": snapshot.get("handle") or "",
        "title": snapshot.get("title") or "",
        "subtitle": snapshot.get("subtitle"),
        "status": snapshot.get("status") or "",
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


def digest(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def apply_product(name: str, version: str, data: dict[str, Any]) -> str:
    """``applied``, ``stale``, ``unchanged`` or ``ignored`` (another tenant's document)."""
    with quiet():
        product = (
            Product.objects.select_for_update(of=("self",))
            .select_related("tenant")
            .filter(medusa_id=data["id"])
            .first()
        )
        if product is not None and product.tenant_id and product.tenant.slug != data.get("tenant"):
            return "ignored"
        if product is not None and product.commerce_version and product.commerce_version >= version:
            return "stale"
        if name == "product.deleted":
            if product is None:
                return "unchanged"
            if product.live:
                product.unpublish()
            product.deleted_in_commerce_at, product.commerce_version = timezone.now(), version
            product.save(update_fields=["deleted_in_commerce_at", "commerce_version"])
            return "applied"
        values = mirrored_product(data)
        fingerprint = digest(values)
        # Compared with the fields as they are now, not the last hash applied, so drift made in the
        # database directly is repaired by the next reconciliation.
        if product is not None and digest({name: getattr(product, name) for name in values}) == fingerprint:
            product.commerce_version = version
            product.save(update_fields=["commerce_version"])
            return "unchanged"
        tenant, _ = Tenant.objects.get_or_create(slug=data["tenant"], defaults={"name": data["tenant"]})
        values |= {"tenant": tenant, "commerce_version": version, "commerce_hash": fingerprint}
        if product is None:
            create_document(Product, values, user=None, publish=True)
        else:
            update_document(
                product, {**values, "deleted_in_commerce_at": None}, user=None, publish=True, keep_drafts=True
            )
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
    outcomes = [apply_product("product.updated", version, snapshot) for snapshot in data.get("products", [])]
    return "applied" if "applied" in outcomes else "unchanged"


HANDLERS: dict[str, Callable[[str, str, dict[str, Any]], str]] = {
    "product.batch": apply_product_batch,
    "sync.requested": apply_sync_request,
    "order_summary.daily": apply_order_summary,
    "product.created": apply_product,
    "product.updated": apply_product,
    "product.deleted": apply_product,
}


def apply_inbox(limit: int = 500) -> dict[str, int]:
    return applying.apply_inbox(HANDLERS, limit)
