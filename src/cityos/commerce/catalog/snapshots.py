"""What a product event carries: the commerce-owned fields content mirrors (design §4), read in the
event's own transaction, so a receiver needs no call back and applies exactly what was committed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cityos.commerce.catalog.models import Product, ProductVariant


def product_snapshots(product_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Snapshots of many products in a fixed number of queries (bulk re-publishing reads 500 at once)."""
    products = (
        Product.objects.filter(pk__in=product_ids)
        .select_related("tenant", "collection", "type")
        .prefetch_related("options__values", "categories", "tags", "variants__options__option")
    )
    return {product.id: _snapshot(product) for product in products}


def product_snapshot(product_id: str) -> dict[str, Any]:
    return product_snapshots([product_id])[product_id]


def _snapshot(product: Product) -> dict[str, Any]:
    variants: list[ProductVariant] = list(product.variants.all())
    return {
        "id": product.id,
        "tenant": product.tenant.slug,
        "handle": product.handle,
        "title": product.title,
        "subtitle": product.subtitle,
        "status": product.status,
        "collection": product.collection.handle if product.collection else None,
        "type": product.type.value if product.type else None,
        "tags": sorted(tag.value for tag in product.tags.all()),
        "categories": [{"id": c.id, "handle": c.handle, "name": c.name} for c in product.categories.all()],
        "options": [
            {"id": option.id, "title": option.title, "values": [value.value for value in option.values.all()]}
            for option in product.options.all()
        ],
        "variants": [
            {
                "id": variant.id,
                "title": variant.title,
                "sku": variant.sku,
                "options": [
                    {"option_id": value.option_id, "option": value.option.title, "value": value.value}
                    for value in variant.options.all()
                ],
            }
            for variant in variants
        ],
    }
