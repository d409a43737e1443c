"""Checkout: ``POST /store/carts/:id/complete`` turns a cart into an order, all or nothing.

The steps, as Medusa's complete-cart workflow: lock the cart (a concurrent second call answers
409; a later one returns the order already placed), validate it, count promotion uses and reserve
stock under row locks taken in primary-key order, authorize the payment, then write the order. A
declined payment rolls the reservations back and answers ``{type: "cart", cart, error}``; a
failure after the payment was authorized cancels the authorization (compensation) and re-raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from cityos.commerce.auth import StoreContext
from cityos.commerce.carts import services as carts
from cityos.commerce.carts.models import ADDRESS_FIELDS, Cart, LineFields, ShippingFields
from cityos.commerce.carts.totals import totals_of
from cityos.commerce.errors import ErrorType, MedusaError, invalid
from cityos.commerce.inventory import services as inventory
from cityos.commerce.money import ZERO
from cityos.commerce.orders.models import (
    DisplayIdCounter,
    Order,
    OrderAddress,
    OrderLineItem,
    OrderShippingMethod,
)
from cityos.commerce.orders.shapes import order_queryset
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.models import Payment, PaymentSession
from cityos.commerce.promotions.models import Promotion, PromotionUsage
from cityos.platform.events.outbox import emit
from cityos.platform.ids import prefixed_id
from cityos.platform.middleware import joins_request
from cityos.platform.prepared import PreparedModels, hot_cursor, insert_rows, remember, update_columns

BUSY = "Cart is already being completed by another request"


@dataclass(frozen=True)
class Placed:
    order: Order | None = None
    declined: str | None = None  # the payment error, when the answer is the cart


class _Declined(Exception):
    """Raised inside the reservation savepoint so that a declined payment rolls the holds back."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lock(ctx: StoreContext, cart_id: str) -> Cart:
    """The cart, locked at once or 409. The failed lock is the transaction's first write-path statement
    and the 409 rolls the request back, so no savepoint is needed to recover from it."""
    nowait = connection.features.has_select_for_update_nowait
    try:
        return carts.lock(ctx, cart_id, nowait=nowait)
    except OperationalError:
        raise MedusaError(ErrorType.CONFLICT, BUSY) from None


def _validate(cart: Cart, session: PaymentSession | None) -> None:
    items = list(cart.items.all())
    if not items:
        raise invalid("The cart has no items")
    if not cart.email:
        raise invalid("The cart needs an email before it can be completed")
    if any(i.requires_shipping for i in items) and not cart.shipping_methods.exists():
        raise invalid("No shipping method selected but the cart contains items that require shipping.")
    if session is None:
        raise invalid("Payment sessions are required to complete cart")


NEWEST_SESSION = PreparedModels(
    lambda collection_ids: PaymentSession.objects.filter(payment_collection_id__in=collection_ids).order_by(
        "-created_at"
    )[:1]
)


def _session(cart: Cart) -> PaymentSession | None:
    collection = getattr(cart, "payment_collection", None)  # read with the cart's lock
    if collection is None:
        return None
    session = NEWEST_SESSION.first([collection.id])
    if session is not None:
        PaymentSession.payment_collection.field.set_cached_value(session, collection)
    return session


def _count_promotion_uses(cart: Cart) -> list[str]:
    """Take one use of each applied promotion under its row lock; a limit reached meanwhile refuses."""
    applied = {a["promotion_id"] for line in cart.items.all() for a in line.adjustments}
    applied |= {a["promotion_id"] for m in cart.shipping_methods.all() for a in m.adjustments}
    if not applied:
        return []
    promotions = list(Promotion.objects.select_for_update().filter(id__in=applied).order_by("pk"))
    for promotion in promotions:
        if promotion.usage_limit is not None and promotion.usage_count >= promotion.usage_limit:
            raise MedusaError(
                ErrorType.NOT_ALLOWED, f"Promotion {promotion.code} has reached its usage limit"
            )
        if cart.customer_id is None:
            continue
        usage, _ = PromotionUsage.objects.select_for_update().get_or_create(
            promotion=promotion, customer_id=cart.customer_id
        )
        if promotion.per_customer_limit is not None and usage.count >= promotion.per_customer_limit:
            raise MedusaError(ErrorType.NOT_ALLOWED, f"Promotion {promotion.code} has been used too often")
        PromotionUsage.objects.filter(pk=usage.pk).update(count=F("count") + 1)
    Promotion.objects.filter(id__in=[p.id for p in promotions]).update(usage_count=F("usage_count") + 1)
    return [p.code for p in promotions]


def _spend_campaign_budgets(cart: Cart) -> None:
    spent: dict[str, Decimal] = {}
    for line in [*cart.items.all(), *cart.shipping_methods.all()]:
        for adjustment in line.adjustments:
            promotion_id = adjustment["promotion_id"]
            spent[promotion_id] = spent.get(promotion_id, ZERO) + Decimal(str(adjustment["amount"]))
    if not spent:
        return
    for promotion in Promotion.objects.filter(id__in=spent, campaign__isnull=False).select_related(
        "campaign"
    ):
        campaign = promotion.campaign
        used = Decimal(1) if campaign.budget_type == "usage" else spent[promotion.id]
        type(campaign).objects.filter(pk=campaign.pk).update(budget_used=F("budget_used") + used)


def _next_display_id(tenant_id: str) -> int:
    """Per-tenant order numbers under the counter's row lock, held until commit: numbers never repeat or
    skip. The order's own insert carries it, so it is taken just before the order's rows are written."""
    counter = DisplayIdCounter._meta
    quote = connection.ops.quote_name
    column, table = quote(counter.get_field("last_display_id").column), quote(counter.db_table)
    increment = (
        f"UPDATE {table} SET {column} = {column} + 1 WHERE {quote(counter.pk.column)} = %s RETURNING {column}"
    )
    with hot_cursor(connections[DEFAULT_DB_ALIAS]) as cursor:
        cursor.execute(increment, [tenant_id])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    DisplayIdCounter.objects.get_or_create(tenant_id=tenant_id)
    return _next_display_id(tenant_id)


def _copy_addresses(cart: Cart) -> tuple[OrderAddress | None, OrderAddress | None]:
    """The order's own copies of the cart's shipping and billing addresses, written in one insert."""
    copies = [
        None
        if address is None
        else OrderAddress(
            customer_id=address.customer_id,
            metadata=address.metadata,
            **{name: getattr(address, name) for name in ADDRESS_FIELDS},
        )
        for address in (cart.shipping_address, cart.billing_address)
    ]
    insert_rows([copy for copy in copies if copy is not None])
    return copies[0], copies[1]


def _copied(source: Any, base: type, order_line_id: str, owner: str) -> dict[str, Any]:
    """The shared columns of a cart line, with its tax lines and adjustments re-keyed to the order line."""
    columns = [f.attname for f in base._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    values = {name: getattr(source, name) for name in columns}
    values["id"] = order_line_id
    prefix = order_line_id.partition("_")[0]
    for kind, tag in (("tax_lines", "txl"), ("adjustments", "adj")):
        values[kind] = [
            {**entry, "id": prefixed_id(f"{prefix}{tag}"), owner: values["id"]}
            for entry in getattr(source, kind)
        ]
    return values


def _write_order(cart: Cart, payment: Payment, codes: list[str], line_ids: dict[str, str]) -> Order:
    """The order, its lines, methods and addresses; it comes back with what its answer shows, unread."""
    items = list(cart.items.all())
    methods = list(cart.shipping_methods.all())
    shipping_address, billing_address = _copy_addresses(cart)
    order = Order(
        tenant_id=cart.tenant_id,
        display_id=_next_display_id(cart.tenant_id),
        cart_id=cart.id,
        region_id=cart.region_id,
        currency_code=cart.currency_code,
        email=cart.email,
        customer_id=cart.customer_id,
        sales_channel_id=cart.sales_channel_id,
        shipping_address=shipping_address,
        billing_address=billing_address,
        promotion_codes=codes,
        total=totals_of(items, methods, cart.currency_code)["total"],
        metadata=cart.metadata,
    )
    insert_rows([order])
    lines = [
        OrderLineItem(order=order, variant=i.variant, **_copied(i, LineFields, line_ids[i.id], "item_id"))
        for i in items
    ]
    shipping = [
        OrderShippingMethod(
            order=order, **_copied(m, ShippingFields, prefixed_id("ordsm"), "shipping_method_id")
        )
        for m in methods
    ]
    insert_rows(lines)
    insert_rows(shipping)
    collection = payment.payment_collection
    collection.order = order
    update_columns([collection], ["order"])
    cart.completed_at = cart.updated_at = timezone.now()
    update_columns([cart], ["completed_at", "updated_at"])
    emit("order.placed", entity_id=order.id, tenant_id=order.tenant_id, data={"id": order.id})
    for row, relation, rows in (
        (payment, "captures", []),
        (payment, "refunds", []),
        (collection, "payments", [payment]),
        (order, "items", lines),
        (order, "shipping_methods", shipping),
        (order, "payment_collections", [collection]),
        (order, "fulfillments", []),
    ):
        remember(row, relation, rows)
    return order


@joins_request
def complete_cart(ctx: StoreContext, cart_id: str) -> Placed:
    cart = _lock(ctx, cart_id)
    if cart.completed_at is not None:
        return Placed(order=order_queryset(Order.objects.filter(cart_id=cart.id)).get())
    carts.refresh(cart, checkout=True)
    session = _session(cart)
    _validate(cart, session)
    assert session is not None
    # The order lines' ids are chosen now, so that stock is held for them and not for the cart lines.
    line_ids = {item.id: prefixed_id("ordli") for item in cart.items.all()}
    try:
        with transaction.atomic():
            codes = _count_promotion_uses(cart)
            _spend_campaign_budgets(cart)
            inventory.reserve(
                [(line_ids[i.id], i.variant_id, i.quantity) for i in cart.items.all() if i.variant_id],
                cart.sales_channel_id,
            )
            payment = payments.authorize(session)
            if payment is None:
                raise _Declined(f"Payment authorization failed ({session.status})")
    except _Declined as declined:
        PaymentSession.objects.filter(pk=session.pk).update(status=session.status, data=session.data)
        return Placed(declined=declined.message)
    try:
        return Placed(order=_write_order(cart, payment, codes, line_ids))
    except BaseException:
        payments.cancel_authorization(payment)
        raise
