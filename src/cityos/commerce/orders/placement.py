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

from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from cityos.commerce.auth import StoreContext
from cityos.commerce.carts import services as carts
from cityos.commerce.carts.models import ADDRESS_FIELDS, Cart, CartAddress, LineFields, ShippingFields
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
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.models import Payment, PaymentCollection, PaymentSession
from cityos.commerce.promotions.models import Promotion, PromotionUsage
from cityos.platform.events.outbox import emit
from cityos.platform.ids import prefixed_id

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
    nowait = connection.features.has_select_for_update_nowait
    try:
        with transaction.atomic():
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


def _session(cart: Cart) -> PaymentSession | None:
    collection = PaymentCollection.objects.filter(cart=cart).first()
    if collection is None:
        return None
    return collection.payment_sessions.select_related("payment_collection").order_by("-created_at").first()


def _count_promotion_uses(cart: Cart) -> list[str]:
    """Take one use of each applied promotion under its row lock; a limit reached meanwhile refuses."""
    applied = {a["promotion_id"] for line in cart.items.all() for a in line.adjustments}
    applied |= {a["promotion_id"] for m in cart.shipping_methods.all() for a in m.adjustments}
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
    for promotion in Promotion.objects.filter(id__in=spent, campaign__isnull=False).select_related(
        "campaign"
    ):
        campaign = promotion.campaign
        used = Decimal(1) if campaign.budget_type == "usage" else spent[promotion.id]
        type(campaign).objects.filter(pk=campaign.pk).update(budget_used=F("budget_used") + used)


def _next_display_id(tenant_id: str) -> int:
    """Per-tenant order numbers under the counter's row lock, taken last to keep the lock short."""
    if not DisplayIdCounter.objects.filter(tenant_id=tenant_id).update(
        last_display_id=F("last_display_id") + 1
    ):
        DisplayIdCounter.objects.get_or_create(tenant_id=tenant_id)
        DisplayIdCounter.objects.filter(tenant_id=tenant_id).update(last_display_id=F("last_display_id") + 1)
    return DisplayIdCounter.objects.get(tenant_id=tenant_id).last_display_id


def _copy_address(address: CartAddress | None) -> OrderAddress | None:
    if address is None:
        return None
    values = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    return OrderAddress.objects.create(customer_id=address.customer_id, metadata=address.metadata, **values)


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
    items = list(cart.items.all())
    methods = list(cart.shipping_methods.all())
    order = Order.objects.create(
        tenant_id=cart.tenant_id,
        display_id=0,
        cart_id=cart.id,
        region_id=cart.region_id,
        currency_code=cart.currency_code,
        email=cart.email,
        customer_id=cart.customer_id,
        sales_channel_id=cart.sales_channel_id,
        shipping_address=_copy_address(cart.shipping_address),
        billing_address=_copy_address(cart.billing_address),
        promotion_codes=codes,
        total=totals_of(items, methods, cart.currency_code)["total"],
        metadata=cart.metadata,
    )
    OrderLineItem.objects.bulk_create(
        OrderLineItem(order=order, **_copied(i, LineFields, line_ids[i.id], "item_id")) for i in items
    )
    OrderShippingMethod.objects.bulk_create(
        OrderShippingMethod(
            order=order, **_copied(m, ShippingFields, prefixed_id("ordsm"), "shipping_method_id")
        )
        for m in methods
    )
    PaymentCollection.objects.filter(pk=payment.payment_collection_id).update(order=order)
    cart.completed_at = timezone.now()
    cart.save(update_fields=["completed_at", "updated_at"])
    order.display_id = _next_display_id(cart.tenant_id)
    order.save(update_fields=["display_id"])
    emit("order.placed", entity_id=order.id, tenant_id=order.tenant_id, data={"id": order.id})
    return order


@transaction.atomic
def complete_cart(ctx: StoreContext, cart_id: str) -> Placed:
    cart = _lock(ctx, cart_id)
    if cart.completed_at is not None:
        return Placed(order=Order.objects.get(cart_id=cart.id))
    carts.refresh(cart, strict=True)
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
