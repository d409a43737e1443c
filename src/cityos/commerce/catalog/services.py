"""Every change to the catalog goes through here; each emits its event in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from cityos.commerce.catalog.models import (
    Product,
    ProductCategory,
    ProductCollection,
    ProductImage,
    ProductOption,
    ProductOptionValue,
    ProductTag,
    ProductVariant,
)
from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.pricing.models import Price, PriceSet
from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.events.outbox import emit


@transaction.atomic
def create_collection(*, tenant: Tenant, title: str, handle: str = "") -> ProductCollection:
    collection = ProductCollection.objects.create(tenant=tenant, title=title, handle=handle or slugify(title))
    emit("product_collection.created", entity_id=collection.id, tenant_id=tenant.id)
    return collection


@transaction.atomic
def create_category(
    *, tenant: Tenant, name: str, handle: str = "", parent: ProductCategory | None = None, rank: int = 0
) -> ProductCategory:
    category = ProductCategory(
        tenant=tenant, name=name, handle=handle or slugify(name), parent_category=parent, rank=rank
    )
    category.mpath = f"{parent.mpath}.{category.id}" if parent else category.id
    category.save()
    emit("product_category.created", entity_id=category.id, tenant_id=tenant.id)
    return category


def _option_values(
    product: Product, options: list[dict[str, Any]]
) -> dict[tuple[str, str], ProductOptionValue]:
    values: dict[tuple[str, str], ProductOptionValue] = {}
    for spec in options:
        option = ProductOption.objects.create(product=product, title=spec["title"])
        for value in spec.get("values", []):
            values[(option.title, value)] = ProductOptionValue.objects.create(option=option, value=value)
    return values


def _create_variant(
    product: Product, spec: dict[str, Any], rank: int, values: dict[tuple[str, str], ProductOptionValue]
) -> ProductVariant:
    variant = ProductVariant.objects.create(
        tenant=product.tenant,
        product=product,
        title=spec["title"],
        sku=spec.get("sku"),
        manage_inventory=spec.get("manage_inventory", True),
        allow_backorder=spec.get("allow_backorder", False),
        variant_rank=spec.get("variant_rank", rank),
        weight=spec.get("weight"),
        metadata=spec.get("metadata"),
    )
    chosen = []
    for title, value in (spec.get("options") or {}).items():
        if (title, value) not in values:
            raise invalid(f"Option value {value} does not exist for option {title}")
        chosen.append(values[(title, value)])
    variant.options.set(chosen)
    price_set = PriceSet.objects.create(variant=variant)
    for price in spec.get("prices", []):
        rules = price.get("rules") or {}
        Price.objects.create(
            price_set=price_set,
            currency_code=price["currency_code"].lower(),
            amount=Decimal(str(price["amount"])),
            min_quantity=price.get("min_quantity"),
            max_quantity=price.get("max_quantity"),
            region_id=rules.get("region_id"),
            customer_group_id=rules.get("customer_group_id"),
        )
    return variant


@transaction.atomic
def create_product(
    *, tenant: Tenant, data: dict[str, Any], sales_channels: Sequence[SalesChannel] = ()
) -> Product:
    """Medusa's ``POST /admin/products`` body: options with values, variants with option values and prices."""
    handle = data.get("handle") or slugify(data["title"])
    if Product.objects.filter(tenant=tenant, handle=handle).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"Product with handle: {handle}, already exists.")
    product = Product.objects.create(
        tenant=tenant,
        title=data["title"],
        subtitle=data.get("subtitle"),
        description=data.get("description"),
        handle=handle,
        status=data.get("status", Product.Status.DRAFT),
        thumbnail=data.get("thumbnail"),
        weight=data.get("weight"),
        collection_id=data.get("collection_id"),
        metadata=data.get("metadata"),
        discountable=data.get("discountable", True),
    )
    values = _option_values(product, data.get("options", []))
    try:
        with transaction.atomic():
            for rank, spec in enumerate(data.get("variants", [])):
                _create_variant(product, spec, rank, values)
    except IntegrityError:
        raise MedusaError(ErrorType.DUPLICATE_ERROR, "A variant with this SKU already exists.") from None
    ProductImage.objects.bulk_create(
        ProductImage(product=product, url=image["url"], rank=rank)
        for rank, image in enumerate(data.get("images", []))
    )
    if data.get("category_ids"):
        product.categories.set(ProductCategory.objects.filter(tenant=tenant, id__in=data["category_ids"]))
    if data.get("tags"):
        product.tags.set(
            ProductTag.objects.get_or_create(tenant=tenant, value=tag["value"])[0] for tag in data["tags"]
        )
    if sales_channels:
        product.sales_channels.set(sales_channels)
    emit("product.created", entity_id=product.id, tenant_id=tenant.id)
    return product
