"""Carts on the wire, as Medusa 2's Store API answers them, and the queries that load one.

The default shape is what ``@medusajs/js-sdk`` gets without ``fields``. Storefronts that ask for
``items.variant``/``items.product`` (``fields=*items.variant``…) get those relations as well, and
``+items.total`` adds each line's totals.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import CharField, F, Prefetch, QuerySet, Value, prefetch_related_objects

from cityos.commerce import store_config
from cityos.commerce.carts.models import Cart, CartAddress, LineItem, ShippingMethod
from cityos.commerce.carts.reads import customer_groups, region_countries
from cityos.commerce.carts.totals import (
    ENTRIES,
    LINE_TOTAL_NAMES,
    document_totals_schema,
    item_totals,
    priced_entries,
    totals_of,
)
from cityos.commerce.catalog.models import Product, ProductVariant
from cityos.commerce.catalog.shapes import LINE_PRODUCT_FIELDS, LINE_VARIANT_FIELDS
from cityos.commerce.customers.models import Customer
from cityos.commerce.payments.models import PaymentSession
from cityos.commerce.payments.services import sessions_of
from cityos.commerce.payments.shapes import collection_schema, render_collection
from cityos.commerce.promotions.models import Promotion
from cityos.commerce.regions.store import EVERYTHING as REGION_SELECTION
from cityos.commerce.regions.store import REGION
from cityos.commerce.shapes import pick, render, shape_schema
from cityos.platform.prepared import PreparedRead
from cityos.platform.wire_schema import (
    ANY,
    JSON,
    NUMBER,
    STRING,
    array,
    column,
    columns,
    nullable,
    record,
)

ITEM_FIELDS = (
    "id", "thumbnail", "variant_id", "product_id", "is_giftcard", "product_type_id", "product_title",
    "product_description", "product_subtitle", "product_type", "product_collection", "product_handle",
    "variant_sku", "variant_barcode", "variant_title", "requires_shipping", "metadata", "created_at",
    "updated_at", "title", "subtitle", "quantity", "unit_price", "compare_at_unit_price",
    "is_tax_inclusive",
)  # fmt: skip
ADDRESS_FIELDS = (
    "id", "first_name", "last_name", "company", "address_1", "address_2", "city", "postal_code",
    "country_code", "province", "phone",
)  # fmt: skip


def cart_queryset(queryset: QuerySet[Cart]) -> QuerySet[Cart]:
    """Everything a cart answer reads, in a fixed number of queries."""
    return queryset.select_related(
        "region", "customer", "shipping_address", "billing_address"
    ).prefetch_related(
        Prefetch("items", queryset=LineItem.objects.select_related("variant__product")),
        "shipping_methods",
        "promotions",
        "region__countries",
        "customer__groups",
        Prefetch(
            "payment_collection__payment_sessions", queryset=PaymentSession.objects.order_by("created_at")
        ),
    )


def with_answer_relations(cart: Cart) -> Cart:
    """A cart a service just refreshed, completed with what its answer shows; loaded relations are reused."""
    prefetch_related_objects([cart], "shipping_methods", "promotions")
    region_countries(cart.region)
    if cart.customer is not None:
        customer_groups(cart.customer)
    if (collection := getattr(cart, "payment_collection", None)) is not None:
        sessions_of(collection)
    return cart


def _wants(fields: str | None, *names: str) -> bool:
    return bool(fields) and any(name in fields for name in names)


def _links(product_ids: list[str]) -> QuerySet[Any]:
    """Each product's category and tag ids, both link tables in one statement."""

    def part(name: str, target: str) -> QuerySet[Any]:
        return (
            getattr(Product, name)
            .through.objects.filter(product_id__in=product_ids)
            .annotate(kind=Value(name, output_field=CharField()), target_id=F(target))
        )

    return part("categories", "productcategory_id").union(part("tags", "producttag_id"), all=True)


PRODUCT_LINKS = PreparedRead(
    lambda product_ids: _links(product_ids).order_by("target_id"),
    {"kind": "kind", "product_id": "product_id", "id": "target_id"},
)
Links = dict[str, dict[str, list[dict[str, str]]]]


def _product_links(items: list[LineItem]) -> Links:
    product_ids = sorted({item.product_id for item in items if item.variant_id and item.product_id})
    links: Links = {"categories": defaultdict(list), "tags": defaultdict(list)}
    for row in store_config.cached(("product_links", *product_ids), lambda: PRODUCT_LINKS(product_ids)):
        links[row.kind][row.product_id].append({"id": row.id})
    return links


def _product(product: Product | None, links: Links) -> dict[str, Any] | None:
    if product is None:
        return None
    return {
        "id": product.id,
        "collection_id": product.collection_id,
        "type_id": product.type_id,
        "categories": links["categories"].get(product.id, []),
        "tags": links["tags"].get(product.id, []),
    }


def _item(cart: Cart, row: LineItem, fields: str | None, links: Links) -> dict[str, Any]:
    variant = row.variant
    product = variant.product if variant else None
    out = {
        **pick(row, ITEM_FIELDS),
        "tax_lines": priced_entries(row.tax_lines),
        "adjustments": priced_entries(row.adjustments),
        "product": _product(product, links),
    }
    if _wants(fields, "items.variant"):
        out["variant"] = (
            {**pick(variant, LINE_VARIANT_FIELDS), "product": pick(product, LINE_PRODUCT_FIELDS)}
            if variant
            else None
        )
    if _wants(fields, "items.total", "items.subtotal", "*items"):
        totals = item_totals(row, cart.currency_code)
        out.update({name: getattr(totals, name) for name in LINE_TOTAL_NAMES})
    return out


def _address(row: Any) -> dict[str, Any] | None:
    return None if row is None else pick(row, ADDRESS_FIELDS)


def render_cart(cart: Cart, fields: str | None = None) -> dict[str, Any]:
    items = list(cart.items.all())
    links = _product_links(items)
    methods = list(cart.shipping_methods.all())
    customer = cart.customer
    collection = getattr(cart, "payment_collection", None)
    return {
        "id": cart.id,
        "currency_code": cart.currency_code,
        "email": cart.email,
        "locale": cart.locale,
        "region_id": cart.region_id,
        "created_at": cart.created_at,
        "updated_at": cart.updated_at,
        "completed_at": cart.completed_at,
        **{
            k: v for k, v in totals_of(items, methods, cart.currency_code).items() if k != "original_subtotal"
        },
        "metadata": cart.metadata,
        "sales_channel_id": cart.sales_channel_id,
        "shipping_address_id": cart.shipping_address_id,
        "billing_address_id": cart.billing_address_id,
        "customer_id": cart.customer_id,
        "items": [_item(cart, row, fields, links) for row in items],
        "shipping_methods": [
            {
                "amount": m.amount,
                "is_tax_inclusive": m.is_tax_inclusive,
                "shipping_option_id": m.shipping_option_id,
                "id": m.id,
                "name": m.name,
                "tax_lines": priced_entries(m.tax_lines),
                "adjustments": priced_entries(m.adjustments),
            }
            for m in methods
        ],
        "shipping_address": _address(cart.shipping_address),
        "billing_address": _address(cart.billing_address),
        "credit_lines": [],
        "customer": (
            None
            if customer is None
            else {
                "id": customer.id,
                "email": customer.email,
                "groups": [{"id": g.id} for g in customer.groups.all()],
            }
        ),
        "region": render(cart.region, REGION_SELECTION, REGION),
        "promotions": [
            {
                "id": p.id,
                "code": p.code,
                "is_automatic": p.is_automatic,
                "application_method": {
                    "type": p.method_type,
                    "value": p.value,
                    "currency_code": p.currency_code,
                    "target_type": p.target_type,
                    "allocation": p.allocation,
                },
            }
            for p in cart.promotions.all()
        ],
        "payment_collection": render_collection(collection) if collection is not None else None,
    }


LINE_TOTALS = dict.fromkeys(LINE_TOTAL_NAMES, NUMBER)


def cart_schema() -> JSON:
    """What ``render_cart`` answers; ``tests/commerce/test_answer_schemas.py`` holds the two together."""
    ids = array(record(id=STRING))
    product = record(columns(Product, LINE_PRODUCT_FIELDS))
    item = record(
        columns(LineItem, ITEM_FIELDS),
        tax_lines=ENTRIES,
        adjustments=ENTRIES,
        product=nullable(record(id=STRING, collection_id=nullable(STRING), type_id=nullable(STRING),
                                categories=ids, tags=ids)),
        optional={
            "variant": nullable(record(columns(ProductVariant, LINE_VARIANT_FIELDS), product=product)),
            **LINE_TOTALS,
        },
    )  # fmt: skip
    method = record(
        columns(ShippingMethod, ("amount", "is_tax_inclusive", "shipping_option_id", "id", "name")),
        tax_lines=ENTRIES,
        adjustments=ENTRIES,
    )
    address = nullable(record(columns(CartAddress, ADDRESS_FIELDS)))
    promotion = record(
        columns(Promotion, ("id", "code", "is_automatic")),
        application_method=record(
            type=column(Promotion, "method_type"),
            **columns(Promotion, ("value", "currency_code", "target_type", "allocation")),
        ),
    )
    own = (
        "id",
        "currency_code",
        "email",
        "locale",
        "region_id",
        "created_at",
        "updated_at",
        "completed_at",
        "metadata",
        "sales_channel_id",
        "shipping_address_id",
        "billing_address_id",
        "customer_id",
    )
    return record(
        {**columns(Cart, own), **document_totals_schema(leave_out=("original_subtotal",))},
        items=array(item),
        shipping_methods=array(method),
        shipping_address=address,
        billing_address=address,
        credit_lines=array(ANY),
        customer=nullable(record(id=STRING, email=column(Customer, "email"), groups=ids)),
        region=shape_schema(REGION),
        promotions=array(promotion),
        payment_collection=nullable(collection_schema()),
    )  # fmt: skip
