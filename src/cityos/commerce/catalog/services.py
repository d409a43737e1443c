"""Every change to the catalog goes through here; each emits its event in the same transaction.

Bodies arrive as Medusa's Admin API shapes (already validated by the route's schema): options with
values, variants with an option-value map and prices, and ``[{id}]`` lists for categories, tags and
sales channels. Every id a body names must belong to the acting tenant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from cityos.commerce.catalog.models import (
    Product,
    ProductCategory,
    ProductCollection,
    ProductImage,
    ProductOption,
    ProductOptionValue,
    ProductTag,
    ProductType,
    ProductVariant,
)
from cityos.commerce.catalog.snapshots import product_snapshot
from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.inventory import services as inventory
from cityos.commerce.mirrors import category_snapshot
from cityos.commerce.pricing import services as pricing
from cityos.commerce.records import create_record, delete_record, in_tenant, unique_or_422, update_record
from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.events.outbox import emit

COLLECTION, CATEGORY, TAG, TYPE = "ProductCollection", "ProductCategory", "ProductTag", "ProductType"
PRODUCT_SCALARS = {
    "title", "subtitle", "description", "handle", "status", "thumbnail", "is_giftcard", "discountable",
    "external_id", "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code",
    "material", "metadata",
}  # fmt: skip
VARIANT_SCALARS = {
    "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory", "hs_code",
    "origin_country", "mid_code", "material", "weight", "length", "height", "width", "thumbnail",
    "variant_rank", "metadata",
}  # fmt: skip


def _with_handle(values: dict[str, Any], source: str) -> dict[str, Any]:
    if not values.get("handle") and values.get(source):
        values["handle"] = slugify(values[source])
    return values


# Collections, tags and types: plain records.


def create_collection(*, tenant: Tenant, title: str, handle: str = "", **values: Any) -> ProductCollection:
    values = _with_handle({"title": title, "handle": handle, **values}, "title")
    return create_record(
        ProductCollection, "product_collection", {"tenant": tenant, **values}, label="Product collection"
    )


def update_collection(collection: ProductCollection, values: dict[str, Any]) -> ProductCollection:
    return update_record(collection, "product_collection", values, label="Product collection")


def delete_collection(collection: ProductCollection) -> None:
    delete_record(collection, "product_collection")


def create_tag(*, tenant: Tenant, value: str, **values: Any) -> ProductTag:
    return create_record(ProductTag, "product_tag", {"tenant": tenant, "value": value, **values}, label="Tag")


def update_tag(tag: ProductTag, values: dict[str, Any]) -> ProductTag:
    return update_record(tag, "product_tag", values, label="Tag")


def delete_tag(tag: ProductTag) -> None:
    delete_record(tag, "product_tag")


def create_type(*, tenant: Tenant, value: str, **values: Any) -> ProductType:
    return create_record(
        ProductType, "product_type", {"tenant": tenant, "value": value, **values}, label="Type"
    )


def update_type(product_type: ProductType, values: dict[str, Any]) -> ProductType:
    return update_record(product_type, "product_type", values, label="Type")


def delete_type(product_type: ProductType) -> None:
    delete_record(product_type, "product_type")


# Categories: a tree kept as materialised paths, so a subtree is one ``mpath`` prefix query.


def _parent(tenant: Tenant, parent_id: str | None) -> ProductCategory | None:
    return in_tenant(ProductCategory, tenant, [parent_id], CATEGORY)[0] if parent_id else None


@transaction.atomic
def create_category(
    *, tenant: Tenant, name: str, handle: str = "", parent: ProductCategory | None = None, **values: Any
) -> ProductCategory:
    parent = parent or _parent(tenant, values.pop("parent_category_id", None))
    category = ProductCategory(tenant=tenant, name=name, parent_category=parent, **values)
    category.handle = handle or slugify(name)
    category.mpath = f"{parent.mpath}.{category.id}" if parent else category.id
    with unique_or_422(f"Product category with handle: {category.handle},"):
        category.save()
    emit(
        "product_category.created",
        entity_id=category.id,
        tenant_id=tenant.id,
        data=category_snapshot(category),
    )
    return category


@transaction.atomic
def update_category(category: ProductCategory, values: dict[str, Any]) -> ProductCategory:
    """Moving a category rewrites the paths of its whole subtree; it may not move under itself."""
    if "parent_category_id" in values:
        parent = _parent(category.tenant, values.pop("parent_category_id"))
        if parent is not None and (parent.mpath + ".").startswith(category.mpath + "."):
            raise invalid("A category cannot be its own descendant")
        old_path = category.mpath
        category.parent_category = parent
        category.mpath = f"{parent.mpath}.{category.id}" if parent else category.id
        for child in ProductCategory.objects.filter(tenant=category.tenant, mpath__startswith=old_path + "."):
            child.mpath = category.mpath + child.mpath[len(old_path) :]
            child.save(update_fields=["mpath"])
    return update_record(category, "product_category", values, label="Product category")


@transaction.atomic
def delete_category(category: ProductCategory) -> None:
    if category.category_children.exists():
        raise MedusaError(
            ErrorType.NOT_ALLOWED, f"Deleting ProductCategory ({category.id}) with children is not allowed"
        )
    delete_record(category, "product_category")


# Products and variants.


def _option_values(product: Product) -> dict[tuple[str, str], ProductOptionValue]:
    """A product's option values by ``(option title, value)``, as variant bodies name them."""
    rows = ProductOptionValue.objects.filter(option__product=product).select_related("option")
    return {(value.option.title, value.value): value for value in rows}


def _set_variant_options(variant: ProductVariant, chosen: dict[str, str]) -> None:
    values = _option_values(variant.product)
    missing = [
        f"{value} for option {title}" for title, value in chosen.items() if (title, value) not in values
    ]
    if missing:
        raise invalid(f"Option value {', '.join(missing)} does not exist")
    variant.options.set(values[item] for item in chosen.items())


def _set_options(product: Product, options: Sequence[dict[str, Any]]) -> None:
    for spec in options:
        option, _ = ProductOption.objects.get_or_create(product=product, title=spec["title"])
        for value in spec.get("values", []):
            ProductOptionValue.objects.get_or_create(option=option, value=value)


def _set_relations(product: Product, values: dict[str, Any]) -> None:
    """Links a body replaces wholesale: images, categories, tags, sales channels, collection and type."""
    tenant = product.tenant
    if "collection_id" in values:
        collection_id = values["collection_id"]
        product.collection = (
            in_tenant(ProductCollection, tenant, [collection_id], COLLECTION)[0] if collection_id else None
        )
    if "type_id" in values:
        type_id = values["type_id"]
        product.type = in_tenant(ProductType, tenant, [type_id], TYPE)[0] if type_id else None
    if "images" in values:
        product.images.all().delete()
        ProductImage.objects.bulk_create(
            ProductImage(product=product, url=image["url"], rank=rank)
            for rank, image in enumerate(values["images"])
        )
    for name, model, label in (
        ("categories", ProductCategory, CATEGORY),
        ("tags", ProductTag, TAG),
        ("sales_channels", SalesChannel, "Sales channel"),
    ):
        if name in values:
            getattr(product, name).set(in_tenant(model, tenant, [ref["id"] for ref in values[name]], label))


def _default_channels(tenant: Tenant) -> list[dict[str, str]]:
    """As Medusa: a product created without sales channels goes to the store's default channel."""
    store = tenant.stores.exclude(default_sales_channel=None).order_by("created_at").first()
    return [{"id": store.default_sales_channel_id}] if store else []


def _check_handle(tenant: Tenant, handle: str, product_id: str | None = None) -> None:
    if Product.objects.filter(tenant=tenant, handle=handle).exclude(id=product_id).exists():
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"Product with handle: {handle}, already exists.")


def _new_options(
    product: Product, options: Sequence[dict[str, Any]]
) -> dict[tuple[str, str], ProductOptionValue]:
    """A new product's options and values in two inserts, keyed by ``(option title, value)``."""
    rows = [ProductOption(product=product, title=spec["title"]) for spec in options]
    values = {
        (option.title, value): ProductOptionValue(option=option, value=value)
        for option, spec in zip(rows, options, strict=True)
        for value in spec.get("values", [])
    }
    with unique_or_422("Product option with this title"):
        ProductOption.objects.bulk_create(rows)
        ProductOptionValue.objects.bulk_create(values.values())
    return values


def _new_variants(
    product: Product,
    specs: Sequence[dict[str, Any]],
    values: dict[tuple[str, str], ProductOptionValue],
    first_rank: int = 0,
) -> list[ProductVariant]:
    """New variants with their option values, prices and inventory items, in bulk inserts."""
    variants, chosen = [], []
    for rank, spec in enumerate(specs, start=first_rank):
        scalars = {"variant_rank": rank} | {name: spec[name] for name in VARIANT_SCALARS & spec.keys()}
        variant = ProductVariant(tenant=product.tenant, product=product, **scalars)
        for title, value in (spec.get("options") or {}).items():
            if (title, value) not in values:
                raise invalid(f"Option value {value} for option {title} does not exist")
            chosen.append(
                ProductVariant.options.through(
                    productvariant=variant, productoptionvalue=values[(title, value)]
                )
            )
        variants.append(variant)
    # The unique index decides, so two concurrent creates of one SKU cannot both pass a pre-check.
    with unique_or_422(f"Product variant with sku: {', '.join(v.sku for v in variants if v.sku)},"):
        ProductVariant.objects.bulk_create(variants)
    ProductVariant.options.through.objects.bulk_create(chosen)
    pricing.create_price_sets(variants, [spec.get("prices") or [] for spec in specs])
    inventory.create_items_for([v for v in variants if v.manage_inventory])
    return variants


@transaction.atomic
def create_product(
    *, tenant: Tenant, data: dict[str, Any], sales_channels: Sequence[SalesChannel] = ()
) -> Product:
    """Medusa's ``POST /admin/products`` body: options with values, variants with option values and prices."""
    data = _with_handle(dict(data), "title")
    _check_handle(tenant, data["handle"], None)
    if sales_channels:
        data["sales_channels"] = [{"id": channel.id} for channel in sales_channels]
    data.setdefault("sales_channels", _default_channels(tenant))
    product = Product(tenant=tenant, **{name: data[name] for name in PRODUCT_SCALARS & data.keys()})
    _set_relations(product, {k: v for k, v in data.items() if k in ("collection_id", "type_id")})
    product.save()
    _set_relations(product, {k: v for k, v in data.items() if k not in ("collection_id", "type_id")})
    values = _new_options(product, data.get("options", []))
    _new_variants(product, data.get("variants", []), values)
    emit("product.created", entity_id=product.id, tenant_id=tenant.id, data=product_snapshot(product.id))
    return product


@transaction.atomic
def update_product(product: Product, values: dict[str, Any]) -> Product:
    """Medusa's update body (update is POST): given fields change, given link lists are replaced."""
    if values.get("handle"):
        _check_handle(product.tenant, values["handle"], product.id)
    for name in PRODUCT_SCALARS & values.keys():
        setattr(product, name, values[name])
    _set_relations(product, values)
    _set_options(product, values.get("options", []))
    product.save()
    announce_product_changed(product.id, product.tenant_id)
    return product


def announce_product_changed(product_id: str, tenant_id: str) -> None:
    """``product.updated`` with the product's full snapshot, read now: content mirrors exactly this."""
    emit("product.updated", entity_id=product_id, tenant_id=tenant_id, data=product_snapshot(product_id))


@transaction.atomic
def delete_product(product: Product) -> None:
    inventory.delete_inventory_items_of(list(product.variants.all()))
    delete_record(product, "product", data={"id": product.id, "tenant": product.tenant.slug})


@transaction.atomic
def create_variant(product: Product, spec: dict[str, Any]) -> ProductVariant:
    [variant] = _new_variants(product, [spec], _option_values(product), first_rank=product.variants.count())
    emit("product_variant.created", entity_id=variant.id, tenant_id=product.tenant_id)
    announce_product_changed(product.id, product.tenant_id)
    return variant


@transaction.atomic
def update_variant(variant: ProductVariant, values: dict[str, Any]) -> ProductVariant:
    for name in VARIANT_SCALARS & values.keys():
        setattr(variant, name, values[name])
    with unique_or_422(f"Product variant with sku: {variant.sku},"):
        variant.save()
    if "options" in values:
        _set_variant_options(variant, values["options"] or {})
    if "prices" in values:
        pricing.set_variant_prices(variant, values["prices"] or [])
    if variant.manage_inventory:
        inventory.ensure_inventory_item(variant)
    emit("product_variant.updated", entity_id=variant.id, tenant_id=variant.tenant_id)
    announce_product_changed(variant.product_id, variant.tenant_id)
    return variant


@transaction.atomic
def delete_variant(variant: ProductVariant) -> None:
    product_id = variant.product_id
    inventory.delete_inventory_items_of([variant])
    delete_record(variant, "product_variant")
    announce_product_changed(product_id, variant.tenant_id)


@transaction.atomic
def batch_products(
    *,
    tenant: Tenant,
    create: Sequence[dict[str, Any]],
    update: Sequence[dict[str, Any]],
    delete: Sequence[str],
) -> tuple[list[Product], list[Product], list[str]]:
    """``POST /admin/products/batch``: all of it or none of it."""
    created = [create_product(tenant=tenant, data=data) for data in create]
    updated = []
    for values in update:
        values = dict(values)
        product = in_tenant(Product, tenant, [values.pop("id")], "Product")[0]
        updated.append(update_product(product, values))
    for product in in_tenant(Product, tenant, list(delete), "Product"):
        delete_product(product)
    return created, updated, list(delete)
