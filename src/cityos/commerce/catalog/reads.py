"""How product pages are read: one ``values_list()`` query per wanted relation, rows as plain namespaces.

Building model instances and prefetch caches cost more than the SQL on a product page; plain rows
render through the same shapes at a fraction of that, and the query count stays constant in the
page size (one query per relation, whatever the number of products).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.db import models
from django.db.models import QuerySet

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
from cityos.commerce.catalog.shapes import (
    CATEGORY,
    COLLECTION,
    IMAGE,
    OPTION,
    OPTION_VALUE,
    PRICE,
    PRODUCT_SCALARS,
    TAG,
    TYPE,
    VARIANT_SCALARS,
)
from cityos.commerce.pricing.models import Price, PriceList
from cityos.commerce.selection import Selection
from cityos.commerce.tenants.models import SalesChannel
from cityos.commerce.tenants.shapes import SALES_CHANNEL

Row = SimpleNamespace
OWNER = "owner_key"  # where a related row keeps the id of the row it belongs to
PRICE_LIST_FIELDS = ("id", "type", "status", "starts_at", "ends_at", "customer_group_ids")


def fields_of(model: type[models.Model], names: Iterable[str], *, via: str = "") -> dict[str, str]:
    """Attribute → lookup for the names that are columns of ``model`` (others, like ``deleted_at``,
    render as null); ``via`` reaches the model through a join."""
    attnames = {field.attname for field in model._meta.concrete_fields}
    prefix = f"{via}__" if via else ""
    return {name: prefix + name for name in names if name in attnames}


def rows(queryset: QuerySet[Any], lookups: dict[str, str]) -> list[Row]:
    names = list(lookups)
    return [
        Row(**dict(zip(names, values, strict=True))) for values in queryset.values_list(*lookups.values())
    ]


def attach_many(owners: list[Row], name: str, children: list[Row]) -> None:
    groups: dict[str, list[Row]] = defaultdict(list)
    for child in children:
        groups[getattr(child, OWNER)].append(child)
    for owner in owners:
        setattr(owner, name, groups.get(owner.id, []))


def attach_one(
    owners: list[Row], name: str, key: str, model: type[models.Model], scalars: Iterable[str]
) -> None:
    ids = {getattr(owner, key) for owner in owners} - {None}
    found = {
        row.id: row for row in rows(model._default_manager.filter(id__in=ids), fields_of(model, scalars))
    }
    for owner in owners:
        setattr(owner, name, found.get(getattr(owner, key)))


def load_prices(variant_ids: list[str], currency_code: str | None = None) -> list[Row]:
    """Prices of these variants (in one currency if given), each with its price list or None."""
    queryset = Price.objects.filter(price_set__variant_id__in=variant_ids).order_by("created_at", "id")
    if currency_code:
        queryset = queryset.filter(currency_code=currency_code)
    lookups = fields_of(Price, (*PRICE.scalars, "region_id", "customer_group_id"))
    prices = rows(queryset, {**lookups, OWNER: "price_set__variant_id"})
    list_ids = {price.price_list_id for price in prices} - {None}
    lists = (
        {
            row.id: row
            for row in rows(PriceList.objects.filter(id__in=list_ids), {f: f for f in PRICE_LIST_FIELDS})
        }
        if list_ids
        else {}
    )
    for price in prices:
        price.price_list = lists.get(price.price_list_id)
    return prices


def _load_links(products: list[Row], ids: list[str], wanted: set[str]) -> None:
    """Tags, categories and sales channels: one join through each link table."""
    for name, target, model, shape in (
        ("tags", "producttag", ProductTag, TAG),
        ("categories", "productcategory", ProductCategory, CATEGORY),
        ("sales_channels", "saleschannel", SalesChannel, SALES_CHANNEL),
    ):
        if name in wanted:
            through = (
                getattr(Product, name).through.objects.filter(product_id__in=ids).order_by(f"{target}__id")
            )
            attach_many(
                products,
                name,
                rows(through, {**fields_of(model, shape.scalars, via=target), OWNER: "product_id"}),
            )


def _load_variants(products: list[Row], ids: list[str], selection: Selection) -> None:
    queryset = ProductVariant.objects.filter(product_id__in=ids).order_by("variant_rank", "created_at", "id")
    variants = rows(queryset, {**fields_of(ProductVariant, VARIANT_SCALARS), OWNER: "product_id"})
    variant_ids = [variant.id for variant in variants]
    if selection.wants("options"):
        through = ProductVariant.options.through.objects.filter(productvariant_id__in=variant_ids).order_by(
            "productoptionvalue__created_at", "productoptionvalue__id"
        )
        values = rows(
            through,
            {
                **fields_of(ProductOptionValue, OPTION_VALUE.scalars, via="productoptionvalue"),
                OWNER: "productvariant_id",
            },
        )
        attach_one(values, "option", "option_id", ProductOption, OPTION.scalars)
        attach_many(variants, "options", values)
    if selection.wants("prices"):
        attach_many(
            variants, "prices", [price for price in load_prices(variant_ids) if price.price_list_id is None]
        )
    attach_many(products, "variants", variants)


def load_products(queryset: QuerySet[Product], selection: Selection) -> list[Row]:
    """A page of products (``queryset`` already filtered, ordered and sliced) with what ``selection`` asks."""
    products = rows(queryset, fields_of(Product, PRODUCT_SCALARS))
    if not products:
        return products
    ids = [product.id for product in products]
    wanted = selection.relations.keys() | selection.fields
    if "type" in wanted:
        attach_one(products, "type", "type_id", ProductType, TYPE.scalars)
    if "collection" in wanted:
        attach_one(products, "collection", "collection_id", ProductCollection, COLLECTION.scalars)
    if "images" in wanted:
        images = ProductImage.objects.filter(product_id__in=ids).order_by("rank", "id")
        attach_many(
            products, "images", rows(images, {**fields_of(ProductImage, IMAGE.scalars), OWNER: "product_id"})
        )
    _load_links(products, ids, wanted)
    if "options" in wanted:
        options = ProductOption.objects.filter(product_id__in=ids).order_by("created_at", "id")
        option_rows = rows(options, {**fields_of(ProductOption, OPTION.scalars), OWNER: "product_id"})
        values = ProductOptionValue.objects.filter(option__product_id__in=ids).order_by("created_at", "id")
        attach_many(
            option_rows,
            "values",
            rows(values, {**fields_of(ProductOptionValue, OPTION_VALUE.scalars), OWNER: "option_id"}),
        )
        attach_many(products, "options", option_rows)
    if "variants" in wanted:
        _load_variants(products, ids, selection.child("variants") or Selection())
    return products
