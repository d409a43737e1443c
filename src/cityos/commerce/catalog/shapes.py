"""The Store API's product shape, and the fields Medusa returns by default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cityos.commerce.shapes import TIMES, Shape
from cityos.commerce.tenants.shapes import SALES_CHANNEL

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


def many(attr: str) -> Callable[[Any], list[Any]]:
    """A to-many relation: a list already loaded on a plain row, or a model's related manager."""

    def get(obj: Any) -> list[Any]:
        value = getattr(obj, attr)
        return value if isinstance(value, list) else list(value.all())

    return get


def one(attr: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, attr)


OPTION = Shape(("id", "title", "is_exclusive", "metadata", *TIMES))
OPTION_VALUE = Shape(
    ("id", "value", "rank", "metadata", "option_id", *TIMES), {"option": (one("option"), OPTION)}
)
OPTION_WITH_VALUES = Shape(OPTION.scalars, {"values": (many("values"), Shape(OPTION_VALUE.scalars))})
TAG = Shape(("id", "value", "metadata", *TIMES))
TYPE = Shape(("id", "value", "metadata", *TIMES))
IMAGE = Shape(("id", "url", "rank", "metadata", *TIMES))
COLLECTION = Shape(("id", "title", "handle", "metadata", *TIMES))
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
    )
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


def price_rules(price: Any) -> dict[str, str]:
    return {name: getattr(price, name) for name in ("region_id", "customer_group_id") if getattr(price, name)}


PRICE = Shape(
    ("id", "currency_code", "amount", "min_quantity", "max_quantity", "price_set_id", "price_list_id",
     "rules_count", *TIMES),
    derived={"rules": price_rules},
)  # fmt: skip


def product_shape(
    variant_computed: dict[str, Callable[[Any], Any]], product_computed: dict[str, Callable[[Any], Any]]
) -> Shape:
    """The product shape; computed fields (prices, stock, content mirror) come from the caller's context."""
    variant = Shape(
        VARIANT_SCALARS,
        {"options": (many("options"), OPTION_VALUE), "prices": (many("prices"), PRICE)},
        variant_computed,
    )
    return Shape(
        PRODUCT_SCALARS,
        {
            "variants": (many("variants"), variant),
            "options": (many("options"), OPTION_WITH_VALUES),
            "type": (one("type"), TYPE),
            "collection": (one("collection"), COLLECTION),
            "tags": (many("tags"), TAG),
            "images": (many("images"), IMAGE),
            "categories": (many("categories"), CATEGORY),
            "sales_channels": (many("sales_channels"), SALES_CHANNEL),
        },
        product_computed,
    )
