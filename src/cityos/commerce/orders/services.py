"""Every change to an order goes through here: placing it, then fulfill, ship, deliver, complete,
cancel and returns.

Each operation on a placed order locks its row first, so two staff members acting on one order
queue, and emits Medusa's event (``order.fulfillment_created``, ``order.canceled``, …) in the same
transaction. Placing is a step of checkout (``commerce/checkout``), which decides what to place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cityos.commerce.carts.models import (
    ADDRESS_FIELDS,
    Cart,
    LineFields,
    LineItem,
    ShippingFields,
    ShippingMethod,
)
from cityos.commerce.carts.totals import item_totals, totals_of
from cityos.commerce.errors import ErrorType, MedusaError, invalid, not_found
from cityos.commerce.fulfillment.models import Fulfillment
from cityos.commerce.inventory import services as inventory
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.money import round_money
from cityos.commerce.orders.models import (
    DisplayIdCounter,
    Order,
    OrderAddress,
    OrderLineItem,
    OrderShippingMethod,
    Return,
)
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.models import Payment, PaymentCollection
from cityos.platform.events.outbox import emit
from cityos.platform.ids import prefixed_id
from cityos.platform.prepared import increment_counter, insert_rows, remember, written_columns


@dataclass(frozen=True)
class OrderPart:
    """Lines and shipping methods of one cart that are placed together as one order."""

    items: Sequence[LineItem]
    methods: Sequence[ShippingMethod]


def _next_display_id(tenant_id: str) -> int:
    """Per-tenant order numbers under the counter's row lock, held until commit: numbers never repeat or
    skip. The order's own insert carries it, so it is taken just before the order's rows are written."""
    number = increment_counter(DisplayIdCounter, tenant_id, "last_display_id")
    if number is None:
        DisplayIdCounter.objects.get_or_create(tenant_id=tenant_id)
        return _next_display_id(tenant_id)
    return number


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


LINE_COLUMNS = {base: written_columns(base) for base in (LineFields, ShippingFields)}


def _copied(source: Any, base: type[Any], order_line_id: str, owner: str) -> dict[str, Any]:
    """The shared columns of a cart line, with its tax lines and adjustments re-keyed to the order line."""
    values = {name: getattr(source, name) for name in LINE_COLUMNS[base]}
    values["id"] = order_line_id
    prefix = order_line_id.partition("_")[0]
    for kind, tag in (("tax_lines", "txl"), ("adjustments", "adj")):
        values[kind] = [
            {**entry, "id": prefixed_id(f"{prefix}{tag}"), owner: values["id"]}
            for entry in getattr(source, kind)
        ]
    return values


def place_order(
    cart: Cart,
    part: OrderPart,
    line_ids: dict[str, str],
    collection: PaymentCollection,
    payment: Payment,
    codes: Sequence[str],
) -> Order:
    """Write the order of ``part``: its lines (with the ids stock was held for), methods and addresses.
    It comes back with what its answer shows, unread."""
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
        promotion_codes=list(codes),
        total=totals_of(part.items, part.methods, cart.currency_code)["total"],
        metadata=cart.metadata,
    )
    insert_rows([order])
    lines = [
        OrderLineItem(order=order, variant=i.variant, **_copied(i, LineFields, line_ids[i.id], "item_id"))
        for i in part.items
    ]
    shipping = [
        OrderShippingMethod(
            order=order, **_copied(m, ShippingFields, prefixed_id("ordsm"), "shipping_method_id")
        )
        for m in part.methods
    ]
    insert_rows(lines)
    insert_rows(shipping)
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


def announce_placed(order: Order) -> None:
    """``order.placed``, Medusa's event for a new order (subscribers: content, webhooks)."""
    _announce(order, "placed")


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update(of=("self",)).get(pk=order.pk)


def _announce(order: Order, event: str, **data: Any) -> None:
    emit(f"order.{event}", entity_id=order.id, tenant_id=order.tenant_id, data={"id": order.id, **data})


def _open(order: Order) -> Order:
    order = _locked(order)
    if order.status == Order.Status.CANCELED:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Order with id {order.id} has been canceled.")
    return order


def _quantities(order: Order, wanted: Sequence[dict[str, Any]], room: str) -> dict[OrderLineItem, int]:
    """Order lines and quantities a body names; each must fit in what is left of ``room`` for it."""
    lines = {line.id: line for line in order.items.all()}
    chosen: dict[OrderLineItem, int] = {}
    for entry in wanted:
        line = lines.get(entry["id"])
        if line is None:
            raise not_found("Order line item", entry["id"])
        quantity = int(entry["quantity"])
        left = line.quantity - getattr(line, room)
        if quantity <= 0 or quantity > left:
            raise invalid(f"Quantity {quantity} of item {line.id} is more than the {left} left to process")
        chosen[line] = chosen.get(line, 0) + quantity
    if not chosen:
        raise invalid("Invalid request: items must name at least one line")
    return chosen


@transaction.atomic
def create_fulfillment(order: Order, items: Sequence[dict[str, Any]], location_id: str | None) -> Fulfillment:
    """Pack lines: their reserved units leave stock at the location they were reserved at."""
    order = _open(order)
    chosen = _quantities(order, items, "fulfilled_quantity")
    location = inventory.consume({line.id: qty for line, qty in chosen.items()})
    location_id = location_id or location
    if location_id is None:
        first = StockLocation.objects.filter(tenant_id=order.tenant_id).order_by("created_at").first()
        location_id = first.id if first else None
    if location_id is None:
        raise invalid("Invalid request: location_id is required, the tenant has no stock location")
    for line, quantity in chosen.items():
        line.fulfilled_quantity += quantity
        line.save(update_fields=["fulfilled_quantity", "updated_at"])
    fulfillment = Fulfillment.objects.create(
        order=order,
        location_id=location_id,
        items=[{"line_item_id": line.id, "quantity": qty} for line, qty in chosen.items()],
        packed_at=timezone.now(),
    )
    _announce(order, "fulfillment_created", fulfillment_id=fulfillment.id)
    return fulfillment


def _fulfillment(order: Order, fulfillment_id: str) -> Fulfillment:
    fulfillment = order.fulfillments.filter(id=fulfillment_id, canceled_at__isnull=True).first()
    if fulfillment is None:
        raise not_found("Fulfillment", fulfillment_id)
    return fulfillment


@transaction.atomic
def ship(order: Order, fulfillment_id: str, labels: Sequence[dict[str, Any]]) -> Fulfillment:
    order = _open(order)
    fulfillment = _fulfillment(order, fulfillment_id)
    if fulfillment.shipped_at is not None:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Fulfillment has already been shipped")
    fulfillment.shipped_at, fulfillment.labels = timezone.now(), list(labels)
    fulfillment.save(update_fields=["shipped_at", "labels", "updated_at"])
    _move(order, fulfillment, "shipped_quantity")
    _announce(order, "shipment_created", fulfillment_id=fulfillment.id)
    return fulfillment


@transaction.atomic
def mark_delivered(order: Order, fulfillment_id: str) -> Fulfillment:
    order = _open(order)
    fulfillment = _fulfillment(order, fulfillment_id)
    if fulfillment.delivered_at is not None:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Fulfillment has already been delivered")
    fulfillment.delivered_at = timezone.now()
    fulfillment.shipped_at = fulfillment.shipped_at or fulfillment.delivered_at
    fulfillment.save(update_fields=["delivered_at", "shipped_at", "updated_at"])
    _move(order, fulfillment, "delivered_quantity")
    _announce(order, "fulfillment_delivered", fulfillment_id=fulfillment.id)
    return fulfillment


def _move(order: Order, fulfillment: Fulfillment, field: str) -> None:
    lines = {line.id: line for line in order.items.all()}
    for entry in fulfillment.items:
        line = lines[entry["line_item_id"]]
        setattr(line, field, getattr(line, field) + entry["quantity"])
        line.save(update_fields=[field, "updated_at"])


def _payments(order: Order) -> list[Payment]:
    return list(Payment.objects.filter(payment_collection__order=order).order_by("created_at"))


@transaction.atomic
def cancel(order: Order) -> Order:
    """Release what is still reserved, void authorizations and refund what was captured."""
    order = _open(order)
    if any(f.canceled_at is None and f.shipped_at for f in order.fulfillments.all()):
        raise MedusaError(
            ErrorType.NOT_ALLOWED, "All fulfillments must be canceled before canceling an order"
        )
    inventory.release([line.id for line in order.items.all()])
    for payment in _payments(order):
        if payment.captures.exists():
            captured = sum((c.amount for c in payment.captures.all()), Decimal(0))
            refunded = sum((r.amount for r in payment.refunds.all()), Decimal(0))
            if captured > refunded:
                payments.refund(payment, captured - refunded, "Order canceled", "system")
        else:
            payments.cancel(payment)
    order.status, order.canceled_at = Order.Status.CANCELED, timezone.now()
    order.save(update_fields=["status", "canceled_at", "updated_at"])
    _announce(order, "canceled")
    return order


@transaction.atomic
def complete(order: Order) -> Order:
    order = _open(order)
    order.status = Order.Status.COMPLETED
    order.save(update_fields=["status", "updated_at"])
    _announce(order, "completed")
    return order


@transaction.atomic
def request_return(
    order: Order, items: Sequence[dict[str, Any]], location_id: str | None, note: str | None
) -> Return:
    order = _open(order)
    chosen = _quantities(order, items, "return_requested_quantity")
    for line, quantity in chosen.items():
        if line.return_requested_quantity + quantity > line.fulfilled_quantity:
            raise invalid(f"Item {line.id} has only {line.fulfilled_quantity} fulfilled units to return")
        line.return_requested_quantity += quantity
        line.save(update_fields=["return_requested_quantity", "updated_at"])
    location = None
    if location_id:
        location = StockLocation.objects.filter(tenant_id=order.tenant_id, id=location_id).first()
        if location is None:
            raise not_found("Stock location", location_id)
    refund = sum(
        (item_totals(line, order.currency_code).total / line.quantity * qty for line, qty in chosen.items()),
        Decimal(0),
    )
    returned = Return.objects.create(
        order=order,
        location=location,
        items=[{"item_id": line.id, "quantity": qty} for line, qty in chosen.items()],
        refund_amount=round_money(refund, order.currency_code),
        note=note,
    )
    _announce(order, "return_requested", return_id=returned.id)
    return returned


@transaction.atomic
def receive_return(returned: Return, *, refund: bool) -> Return:
    """Returned units go back into stock at the return's location; the refund is optional."""
    order = _locked(returned.order)
    returned = Return.objects.select_for_update().get(pk=returned.pk)
    if returned.status != Return.Status.REQUESTED:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Return {returned.id} is {returned.status}")
    lines = {line.id: line for line in order.items.all()}
    restock: dict[str, int] = {}
    for entry in returned.items:
        line = lines[entry["item_id"]]
        line.return_received_quantity += entry["quantity"]
        line.save(update_fields=["return_received_quantity", "updated_at"])
        if line.variant_id:
            restock[line.variant_id] = restock.get(line.variant_id, 0) + entry["quantity"]
    if returned.location is not None:
        inventory.restock(restock, returned.location)
    if refund and returned.refund_amount:
        payment = next((p for p in _payments(order) if p.captures.exists()), None)
        if payment is None:
            raise MedusaError(
                ErrorType.NOT_ALLOWED, "Nothing was captured on this order, so nothing can be refunded"
            )
        payments.refund(payment, returned.refund_amount, f"Return {returned.id}", "system")
    returned.status, returned.received_at = Return.Status.RECEIVED, timezone.now()
    returned.save(update_fields=["status", "received_at", "updated_at"])
    _announce(order, "return_received", return_id=returned.id)
    return returned
