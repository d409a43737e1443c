"""``POST /store/carts/:id/complete`` as Medusa's complete-cart workflow: named steps, each calling one
module's services, each undone by its compensation when a later step fails.

The cart is locked first (a concurrent second call answers 409; a later one returns the order
already placed). Then: refresh the cart, validate it, take the promotions' uses, hold stock for the
order lines, authorize the payment, write the orders, and run the after-placement steps. A declined
payment compensates the holds and uses and answers ``{type: "cart", cart, error}``; any other
failure compensates (voiding the authorization) and is raised, and the request rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import OperationalError, connection

from cityos.commerce.auth import StoreContext
from cityos.commerce.carts import services as carts
from cityos.commerce.checkout import extensions
from cityos.commerce.checkout.context import Checkout
from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.inventory import services as inventory
from cityos.commerce.orders.models import Order
from cityos.commerce.orders.services import place_order
from cityos.commerce.orders.shapes import order_queryset
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.services import PaymentDeclined
from cityos.commerce.promotions import services as promotions
from cityos.platform.ids import prefixed_id
from cityos.platform.middleware import joins_request
from cityos.platform.workflows import Step, run_steps

BUSY = "Cart is already being completed by another request"


@dataclass(frozen=True)
class Placed:
    order: Order | None = None
    declined: str | None = None  # the payment error, when the answer is the cart


def _lock(ctx: StoreContext, cart_id: str) -> Checkout:
    """The cart, locked at once or 409. The failed lock is the transaction's first write-path statement
    and the 409 rolls the request back, so no savepoint is needed to recover from it."""
    nowait = connection.features.has_select_for_update_nowait
    try:
        return Checkout(cart=carts.lock(ctx, cart_id, nowait=nowait))
    except OperationalError:
        raise MedusaError(ErrorType.CONFLICT, BUSY) from None


def refresh_cart(checkout: Checkout) -> None:
    """Prices, taxes and promotions as they are now; a code used up since it was applied is refused."""
    carts.refresh(checkout.cart, checkout=True)


def validate(checkout: Checkout) -> None:
    checkout.session = payments.newest_session(getattr(checkout.cart, "payment_collection", None))
    for validator in extensions.VALIDATORS:
        validator(checkout)
    # The order lines' ids are chosen now, so that stock is held for them and not for the cart lines.
    checkout.line_ids = {item.id: prefixed_id("ordli") for item in carts.lines_of(checkout.cart)}


def register_promotion_usage(checkout: Checkout) -> None:
    cart = checkout.cart
    adjustments = [a for line in (*carts.lines_of(cart), *carts.methods_of(cart)) for a in line.adjustments]
    checkout.usage = promotions.register_usage(promotions.spent_by_promotion(adjustments), cart.customer_id)


def give_back_promotion_usage(checkout: Checkout, _result: None) -> None:
    if checkout.usage is not None:
        promotions.give_back_usage(checkout.usage)


def reserve_inventory(checkout: Checkout) -> None:
    cart = checkout.cart
    lines = [
        (checkout.line_ids[i.id], i.variant_id, i.quantity) for i in carts.lines_of(cart) if i.variant_id
    ]
    inventory.reserve(lines, cart.sales_channel_id)


def release_inventory(checkout: Checkout, _result: None) -> None:
    inventory.release(list(checkout.line_ids.values()))


def authorize_payment(checkout: Checkout) -> None:
    assert checkout.session is not None  # a validator saw to it
    checkout.payment = payments.authorize(checkout.session)


def void_authorization(checkout: Checkout, _result: None) -> None:
    if checkout.payment is not None:
        payments.cancel_authorization(checkout.payment)


def create_orders(checkout: Checkout) -> None:
    cart, payment = checkout.cart, checkout.payment
    assert payment is not None
    collection = payment.payment_collection
    codes = checkout.usage.codes if checkout.usage else ()
    for part in extensions.split_into_orders(checkout):
        checkout.orders.append(place_order(cart, part, checkout.line_ids, collection, payment, codes))
    payments.attach_order(collection, checkout.orders[0].id)
    carts.mark_completed(cart)


PLACING: tuple[Step[Checkout], ...] = (
    Step("refresh-cart", refresh_cart),
    Step("validate", validate),
    Step("register-promotion-usage", register_promotion_usage, give_back_promotion_usage),
    Step("reserve-inventory", reserve_inventory, release_inventory),
    Step("authorize-payment", authorize_payment, void_authorization, in_database=False),
    Step("create-orders", create_orders),
)


def complete_cart_steps() -> tuple[Step[Checkout], ...]:
    """Checkout's own steps, then the after-placement steps other modules declare."""
    return (*PLACING, *extensions.AFTER_PLACEMENT)


@joins_request
def complete_cart(ctx: StoreContext, cart_id: str) -> Placed:
    checkout = _lock(ctx, cart_id)
    if checkout.cart.completed_at is not None:
        return Placed(order=order_queryset(Order.objects.filter(cart_id=cart_id)).get())
    try:
        run_steps("complete-cart", complete_cart_steps(), checkout)
    except PaymentDeclined as declined:
        return Placed(declined=declined.message)
    return Placed(order=checkout.orders[0])
