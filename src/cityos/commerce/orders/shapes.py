"""Orders on the wire, as Medusa 2's Store and Admin APIs answer them (``/store/orders/:id``).

Totals come from ``carts.totals`` over the order's own lines, so an order shows exactly what its
cart showed when it was placed. Each amount also goes out as ``raw_*`` with its exact value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet

from cityos.commerce.carts.totals import (
    ENTRIES,
    LINE_TOTAL_NAMES,
    LineTotals,
    document_totals_schema,
    item_totals,
    priced_entries,
    shipping_totals,
    totals_of,
)
from cityos.commerce.catalog.models import Product, ProductVariant
from cityos.commerce.catalog.shapes import LINE_PRODUCT_FIELDS, LINE_VARIANT_FIELDS
from cityos.commerce.money import ZERO
from cityos.commerce.openapi import component
from cityos.commerce.orders.models import Order, OrderAddress, OrderLineItem, OrderShippingMethod
from cityos.commerce.payments.models import Capture, Payment, PaymentCollection, Refund
from cityos.commerce.payments.shapes import PAID_AMOUNTS
from cityos.commerce.pricing.calculator import RAW_AMOUNT, raw_amount
from cityos.commerce.shapes import pick
from cityos.platform.wire_schema import (
    ANY,
    BOOLEAN,
    INTEGER,
    JSON,
    NULL,
    NUMBER,
    STRING,
    TIME,
    array,
    columns,
    nullable,
    record,
)

ADDRESS_FIELDS = (
    "id", "customer_id", "company", "first_name", "last_name", "address_1", "address_2", "city",
    "country_code", "province", "postal_code", "phone", "metadata", "created_at", "updated_at",
)  # fmt: skip
ITEM_FIELDS = (
    "id", "title", "subtitle", "thumbnail", "variant_id", "product_id", "product_title",
    "product_description", "product_subtitle", "product_type", "product_type_id", "product_collection",
    "product_handle", "variant_sku", "variant_barcode", "variant_title", "variant_option_values",
    "requires_shipping", "is_giftcard", "is_discountable", "is_tax_inclusive", "is_custom_price",
    "metadata", "created_at", "updated_at",
)  # fmt: skip
QUANTITIES = (
    "fulfilled_quantity", "delivered_quantity", "shipped_quantity", "return_requested_quantity",
    "return_received_quantity", "written_off_quantity",
)  # fmt: skip


def with_raw(values: dict[str, Decimal]) -> dict[str, Any]:
    """Amounts as numbers, each followed by its exact ``raw_`` twin, as Medusa's totals are."""
    out: dict[str, Any] = dict(values)
    out.update({f"raw_{name}": raw_amount(value) for name, value in values.items()})
    return out


def address(row: OrderAddress | None) -> dict[str, Any] | None:
    return None if row is None else {**pick(row, ADDRESS_FIELDS), "deleted_at": None}


def _line_totals(totals: LineTotals) -> dict[str, Decimal]:
    values = {name: getattr(totals, name) for name in LINE_TOTAL_NAMES}
    values["original_subtotal"] = totals.subtotal
    return values


def _variant(item: OrderLineItem) -> dict[str, Any] | None:
    variant = item.variant
    if variant is None:
        return None
    product = variant.product
    return {
        **pick(variant, LINE_VARIANT_FIELDS),
        "deleted_at": None,
        "product": {
            **pick(product, LINE_PRODUCT_FIELDS),
            "type": None,
            "collection": None,
            "deleted_at": None,
        },
    }


def item(order: Order, row: OrderLineItem) -> dict[str, Any]:
    totals = item_totals(row, order.currency_code)
    per_unit = totals.total / row.quantity if row.quantity else ZERO
    shipped = {name: getattr(row, name) for name in QUANTITIES} | {"return_dismissed_quantity": 0}
    return {
        **pick(row, ITEM_FIELDS),
        "deleted_at": None,
        "tax_lines": priced_entries(row.tax_lines),
        "adjustments": priced_entries(row.adjustments),
        "compare_at_unit_price": row.compare_at_unit_price,
        "raw_compare_at_unit_price": raw_amount(row.compare_at_unit_price)
        if row.compare_at_unit_price
        else None,
        "unit_price": row.unit_price,
        "raw_unit_price": raw_amount(row.unit_price),
        "quantity": row.quantity,
        "raw_quantity": raw_amount(Decimal(row.quantity)),
        "line_item_metadata": row.metadata,
        "detail": {
            "id": f"orditem_{row.id.removeprefix('ordli_')}",
            "version": 1,
            "metadata": row.metadata,
            "order_id": order.id,
            "item_id": row.id,
            "unit_price": None,
            "compare_at_unit_price": None,
            "raw_unit_price": None,
            "raw_compare_at_unit_price": None,
            "quantity": row.quantity,
            "raw_quantity": raw_amount(Decimal(row.quantity)),
            **shipped,
            **{f"raw_{name}": raw_amount(Decimal(value)) for name, value in shipped.items()},
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "deleted_at": None,
        },
        **with_raw(
            {
                **_line_totals(totals),
                "refundable_total_per_unit": per_unit,
                "refundable_total": per_unit * (row.quantity - row.return_received_quantity),
                "fulfilled_total": per_unit * row.fulfilled_quantity,
                "shipped_total": per_unit * row.shipped_quantity,
                "return_requested_total": per_unit * row.return_requested_quantity,
                "return_received_total": per_unit * row.return_received_quantity,
                "return_dismissed_total": ZERO,
                "write_off_total": per_unit * row.written_off_quantity,
            }
        ),
        "variant": _variant(row),
    }


def shipping_method(order: Order, row: OrderShippingMethod) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "is_tax_inclusive": row.is_tax_inclusive,
        "is_custom_amount": False,
        "shipping_option_id": row.shipping_option_id,
        "data": row.data,
        "metadata": row.metadata,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "deleted_at": None,
        "tax_lines": priced_entries(row.tax_lines),
        "adjustments": priced_entries(row.adjustments),
        "amount": row.amount,
        "raw_amount": raw_amount(row.amount),
        "order_id": order.id,
        "detail": {
            "id": f"ordspmv_{row.id.removeprefix('ordsm_')}",
            "version": 1,
            "order_id": order.id,
            "return_id": None,
            "exchange_id": None,
            "claim_id": None,
            "shipping_method_id": row.id,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "deleted_at": None,
        },
        **with_raw(_line_totals(shipping_totals(row, order.currency_code))),
    }


def payment_collection(row: PaymentCollection) -> dict[str, Any]:
    amounts = {
        "amount": row.amount,
        "authorized_amount": row.authorized_amount,
        "captured_amount": row.captured_amount,
        "refunded_amount": row.refunded_amount,
    }
    return {
        "id": row.id,
        "currency_code": row.currency_code,
        "completed_at": row.completed_at,
        "status": row.status,
        "metadata": row.metadata,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "deleted_at": None,
        **with_raw(amounts),
        "payments": [
            {
                "id": p.id,
                "amount": p.amount,
                "currency_code": p.currency_code,
                "provider_id": p.provider_id,
                "captured_at": p.captured_at,
                "canceled_at": p.canceled_at,
                "captures": [
                    {"id": c.id, "amount": c.amount, "created_at": c.created_at} for c in p.captures.all()
                ],
                "refunds": [
                    {"id": r.id, "amount": r.amount, "note": r.note, "created_at": r.created_at}
                    for r in p.refunds.all()
                ],
            }
            for p in row.payments.all()
        ],
    }


PAYMENT_STATUSES = ("not_paid", "canceled", "refunded", "partially_refunded", "captured",
                    "partially_captured", "authorized")  # fmt: skip
FULFILLMENT_STATUSES = ("canceled", "not_fulfilled", "partially_delivered", "delivered", "partially_shipped",
                        "shipped", "partially_fulfilled", "fulfilled")  # fmt: skip


def payment_status(collections: list[PaymentCollection]) -> str:
    if not collections:
        return "not_paid"
    amount = sum((c.amount for c in collections), ZERO)
    captured = sum((c.captured_amount for c in collections), ZERO)
    refunded = sum((c.refunded_amount for c in collections), ZERO)
    if all(c.status == PaymentCollection.Status.CANCELED for c in collections):
        return "canceled"
    if refunded and refunded >= captured:
        return "refunded"
    if refunded:
        return "partially_refunded"
    if captured >= amount and captured:
        return "captured"
    if captured:
        return "partially_captured"
    if all(c.status == PaymentCollection.Status.AUTHORIZED for c in collections):
        return "authorized"
    return "not_paid"


def fulfillment_status(order: Order, items: list[OrderLineItem]) -> str:
    if order.status == Order.Status.CANCELED:
        return "canceled"
    ordered = sum(i.quantity for i in items)
    for name, partial, whole in (
        ("delivered_quantity", "partially_delivered", "delivered"),
        ("shipped_quantity", "partially_shipped", "shipped"),
        ("fulfilled_quantity", "partially_fulfilled", "fulfilled"),
    ):
        done = sum(getattr(i, name) for i in items)
        if done:
            return whole if done >= ordered else partial
    return "not_fulfilled"


def fulfillments(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "location_id": f.location_id,
            "provider_id": f.provider_id,
            "items": f.items,
            "labels": f.labels,
            "packed_at": f.packed_at,
            "shipped_at": f.shipped_at,
            "delivered_at": f.delivered_at,
            "canceled_at": f.canceled_at,
            "created_at": f.created_at,
            "updated_at": f.updated_at,
        }
        for f in order.fulfillments.all()
    ]


def order_queryset(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """Everything an order answer reads, in a fixed number of queries."""
    return queryset.select_related("shipping_address", "billing_address").prefetch_related(
        Prefetch("items", queryset=OrderLineItem.objects.select_related("variant__product")),
        "shipping_methods",
        Prefetch(
            "payment_collections",
            queryset=PaymentCollection.objects.prefetch_related("payments__captures", "payments__refunds"),
        ),
        "fulfillments",
    )


def render_order(order: Order) -> dict[str, Any]:
    items = list(order.items.all())
    methods = list(order.shipping_methods.all())
    collections = list(order.payment_collections.all())
    totals = totals_of(items, methods, order.currency_code)
    paid = sum((c.captured_amount for c in collections), ZERO)
    refunded = sum((c.refunded_amount for c in collections), ZERO)
    total = totals["total"]
    summary = with_raw(
        {
            "paid_total": paid,
            "refunded_total": refunded,
            "accounting_total": total,
            "credit_line_total": ZERO,
            "transaction_total": paid - refunded,
            "pending_difference": total - paid + refunded,
            "current_order_total": total,
            "original_order_total": total,
        }
    )
    return {
        "id": order.id,
        "status": order.status,
        "summary": summary,
        "currency_code": order.currency_code,
        "display_id": order.display_id,
        "custom_display_id": None,
        "region_id": order.region_id,
        "customer_id": order.customer_id,
        "sales_channel_id": order.sales_channel_id,
        "email": order.email,
        **totals,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "canceled_at": order.canceled_at,
        "metadata": order.metadata,
        "version": 1,
        "credit_lines": [],
        "items": [item(order, row) for row in items],
        "shipping_address": address(order.shipping_address),
        "billing_address": address(order.billing_address),
        "shipping_methods": [shipping_method(order, row) for row in methods],
        "payment_collections": [payment_collection(c) for c in collections],
        "fulfillments": fulfillments(order),
        "payment_status": payment_status(collections),
        "fulfillment_status": fulfillment_status(order, items),
    }


def amounts(*names: str) -> dict[str, JSON]:
    """Amounts as ``with_raw`` answers them: each a number, followed by its exact ``raw_`` twin."""
    return {**dict.fromkeys(names, NUMBER), **{f"raw_{name}": RAW_AMOUNT for name in names}}


ITEM_AMOUNTS = (
    *LINE_TOTAL_NAMES, "original_subtotal", "refundable_total_per_unit", "refundable_total",
    "fulfilled_total", "shipped_total", "return_requested_total", "return_received_total",
    "return_dismissed_total", "write_off_total",
)  # fmt: skip
SUMMARY_AMOUNTS = (
    "paid_total", "refunded_total", "accounting_total", "credit_line_total", "transaction_total",
    "pending_difference", "current_order_total", "original_order_total",
)  # fmt: skip


def _item_schema() -> JSON:
    shipped = (*QUANTITIES, "return_dismissed_quantity")
    detail = record(
        id=STRING, version=INTEGER, metadata=ANY, order_id=STRING, item_id=STRING, unit_price=NULL,
        compare_at_unit_price=NULL, raw_unit_price=NULL, raw_compare_at_unit_price=NULL,
        quantity=INTEGER, raw_quantity=RAW_AMOUNT, **dict.fromkeys(shipped, INTEGER),
        **{f"raw_{name}": RAW_AMOUNT for name in shipped}, created_at=TIME, updated_at=TIME, deleted_at=NULL,
    )  # fmt: skip
    product = record(columns(Product, LINE_PRODUCT_FIELDS), type=NULL, collection=NULL, deleted_at=NULL)
    variant = record(columns(ProductVariant, LINE_VARIANT_FIELDS), deleted_at=NULL, product=product)
    return record(
        {
            **columns(OrderLineItem, (*ITEM_FIELDS, "compare_at_unit_price", "unit_price", "quantity")),
            **amounts(*ITEM_AMOUNTS),
        },
        deleted_at=NULL, tax_lines=ENTRIES, adjustments=ENTRIES,
        raw_compare_at_unit_price=nullable(RAW_AMOUNT), raw_unit_price=RAW_AMOUNT, raw_quantity=RAW_AMOUNT,
        line_item_metadata=ANY, detail=detail, variant=nullable(variant),
    )  # fmt: skip


def _shipping_method_schema() -> JSON:
    detail = record(
        id=STRING, version=INTEGER, order_id=STRING, return_id=NULL, exchange_id=NULL, claim_id=NULL,
        shipping_method_id=STRING, created_at=TIME, updated_at=TIME, deleted_at=NULL,
    )  # fmt: skip
    own = ("id", "name", "description", "is_tax_inclusive", "shipping_option_id", "data", "metadata",
           "created_at", "updated_at", "amount")  # fmt: skip
    return record(
        {**columns(OrderShippingMethod, own), **amounts(*LINE_TOTAL_NAMES, "original_subtotal")},
        is_custom_amount=BOOLEAN, deleted_at=NULL, tax_lines=ENTRIES, adjustments=ENTRIES,
        raw_amount=RAW_AMOUNT, order_id=STRING, detail=detail,
    )  # fmt: skip


def _payment_collection_schema() -> JSON:
    capture = record(columns(Capture, ("id", "amount", "created_at")))
    refund = record(columns(Refund, ("id", "amount", "note", "created_at")))
    payment = record(
        columns(Payment, ("id", "amount", "currency_code", "provider_id", "captured_at", "canceled_at")),
        captures=array(capture), refunds=array(refund),
    )  # fmt: skip
    own = ("id", "currency_code", "completed_at", "status", "metadata", "created_at", "updated_at")
    return record(
        {**columns(PaymentCollection, own), **amounts("amount", *PAID_AMOUNTS)},
        deleted_at=NULL, payments=array(payment),
    )  # fmt: skip


def order_schema() -> JSON:
    """What ``render_order`` answers; ``tests/commerce/test_answer_schemas.py`` holds the two together."""
    address = nullable(record(columns(OrderAddress, ADDRESS_FIELDS), deleted_at=NULL))
    fulfillment = record(
        columns(
            apps.get_model("fulfillment", "Fulfillment"),
            ("id", "location_id", "provider_id", "items", "labels", "packed_at", "shipped_at", "delivered_at",
             "canceled_at", "created_at", "updated_at"),
        )
    )  # fmt: skip
    own = ("id", "status", "currency_code", "display_id", "region_id", "customer_id", "sales_channel_id",
           "email", "created_at", "updated_at", "canceled_at", "metadata")  # fmt: skip
    return record(
        {**columns(Order, own), **document_totals_schema()},
        summary=record(amounts(*SUMMARY_AMOUNTS)), custom_display_id=NULL, version=INTEGER,
        credit_lines=array(ANY), items=array(_item_schema()), shipping_address=address,
        billing_address=address, shipping_methods=array(_shipping_method_schema()),
        payment_collections=array(_payment_collection_schema()), fulfillments=array(fulfillment),
        payment_status={"type": "string", "enum": PAYMENT_STATUSES},
        fulfillment_status={"type": "string", "enum": FULFILLMENT_STATUSES},
    )  # fmt: skip


ORDER = component("Order", order_schema)
