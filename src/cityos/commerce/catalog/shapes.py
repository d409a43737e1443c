"""The Store API's product shape, and the fields Medusa returns by default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from cityos.commerce.shapes import TIMES, Many, One, Shape
from cityos.commerce.tenants.shapes import SALES_CHANNEL
from cityos.platform.wire_schema import JSON, STRING

STORE_PRODUCT_DEFAULTS = [
    "id", "title", "subtitle", "description", "handle", "is_giftcard", "discountable", "thumbnail",
    "collection_id", "type_id", "weight", "length", "height", "width", "hs_code", "origin_country",
    "mid_code", "material", "created_at", "updated_at",
    "*type", "*collection", "*options", "*options.values", "*tags", "*images", "*variants",
    "*variants.options", "*variants.options.option",
]  # fmt: skip
STORE_PRODUCT_RETRIEVE_DEFAULTS = [*STORE_PRODUCT_DEFAULTS, "*categories"]
ADMIN_PRODUCT_DEFAULTS = [
    "*", "*type", "*collection", "*options", "*options.values", "*tags", "*images", "*variants",
    "*variants.prices", "*variants.options", "*sales_channels", "*categories",
]  # fmt: skip


OPTION = Shape(("id", "title", "is_exclusive", "metadata", *TIMES), model=ProductOption)
OPTION_VALUE = Shape(
    ("id", "value", "rank", "metadata", "option_id", *TIMES),
    {"option": (One("option"), OPTION)},
    model=ProductOptionValue,
)
OPTION_WITH_VALUES = Shape(
    OPTION.scalars,
    {"values": (Many("values"), Shape(OPTION_VALUE.scalars, model=ProductOptionValue))},
    model=ProductOption,
)
TAG = Shape(("id", "value", "metadata", *TIMES), model=ProductTag)
TYPE = Shape(("id", "value", "metadata", *TIMES), model=ProductType)
IMAGE = Shape(("id", "url", "rank", "metadata", *TIMES), model=ProductImage)
COLLECTION = Shape(("id", "title", "handle", "metadata", *TIMES), model=ProductCollection)
CATEGORY = Shape(
    (
        "id",
        "name",
        "description",
        "handle",
        "rank",
        "parent_category_id",
        "is_active",
        "is_internal",
        "metadata",
        *TIMES,
    ),
    model=ProductCategory,
)
VARIANT_SCALARS = (
    "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory", "hs_code",
    "origin_country", "mid_code", "material", "weight", "length", "height", "width", "metadata",
    "variant_rank", "thumbnail", "product_id", *TIMES,
)  # fmt: skip
PRODUCT_SCALARS = (
    "id", "title", "subtitle", "description", "handle", "status", "is_giftcard", "discountable", "thumbnail",
    "external_id", "collection_id", "type_id", "weight", "length", "height", "width", "hs_code",
    "origin_country", "mid_code", "material", "metadata", *TIMES,
)  # fmt: skip


# What a cart or order line shows of its variant and product (``fields=*items.variant``).
LINE_VARIANT_FIELDS = (
    "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory", "hs_code",
    "origin_country", "mid_code", "material", "weight", "length", "height", "width", "metadata",
    "variant_rank", "thumbnail", "product_id", "created_at", "updated_at",
)  # fmt: skip
LINE_PRODUCT_FIELDS = (
    "id", "title", "handle", "subtitle", "description", "is_giftcard", "status", "thumbnail", "weight",
    "length", "height", "width", "origin_country", "hs_code", "mid_code", "material", "discountable",
    "external_id", "metadata", "type_id", "collection_id", "created_at", "updated_at",
)  # fmt: skip


def price_rules(price: Any) -> dict[str, str]:
    return {name: getattr(price, name) for name in ("region_id", "customer_group_id") if getattr(price, name)}


PRICE = Shape(
    ("id", "currency_code", "amount", "min_quantity", "max_quantity", "price_set_id", "price_list_id",
     "rules_count", *TIMES),
    derived={"rules": price_rules},
    model="pricing.Price",  # pricing stands above the catalog
    types={"rules": {"type": "object", "additionalProperties": STRING}},
)  # fmt: skip


Computed = dict[str, tuple[Callable[[Any], Any], JSON]]


def product_shape(variant_computed: Computed, product_computed: Computed) -> Shape:
    """The product shape; computed fields (prices, stock, content mirror) come from the caller's context,
    each with the schema of what it answers."""
    variant = Shape(
        VARIANT_SCALARS,
        {"options": (Many("options"), OPTION_VALUE), "prices": (Many("prices"), PRICE)},
        {name: compute for name, (compute, _schema) in variant_computed.items()},
        model=ProductVariant,
        types={name: schema for name, (_compute, schema) in variant_computed.items()},
    )
    return Shape(
        PRODUCT_SCALARS,
        {
            "variants": (Many("variants"), variant),
            "options": (Many("options"), OPTION_WITH_VALUES),
            "type": (One("type"), TYPE),
            "collection": (One("collection"), COLLECTION),
            "tags": (Many("tags"), TAG),
            "images": (Many("images"), IMAGE),
            "categories": (Many("categories"), CATEGORY),
            "sales_channels": (Many("sales_channels"), SALES_CHANNEL),
        },
        {name: compute for name, (compute, _schema) in product_computed.items()},
        model=Product,
        types={name: schema for name, (_compute, schema) in product_computed.items()},
    )
