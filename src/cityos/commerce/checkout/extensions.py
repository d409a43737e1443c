"""Where other modules plug into checkout, declared here in the order they run, not hidden in signals.

- ``VALIDATORS`` run before anything is held or charged; one raising a ``MedusaError`` refuses the
  completion with its 4xx (B2B approvals and spending limits will be validators).
- ``split_into_orders`` decides which lines and shipping methods become which order (a marketplace
  cart becomes one order per vendor); today a cart is one order.
- ``AFTER_PLACEMENT`` steps run once the orders are written, inside the same transaction, each with
  its compensation should a later one fail (commissions and subscriptions will be such steps).
"""

from __future__ import annotations

from collections.abc import Callable

from cityos.commerce.carts import services as carts
from cityos.commerce.checkout.context import Checkout
from cityos.commerce.errors import invalid
from cityos.commerce.orders import services as orders
from cityos.commerce.orders.services import OrderPart
from cityos.platform.workflows import Step

Validator = Callable[[Checkout], None]


def cart_is_complete(checkout: Checkout) -> None:
    carts.check_completable(checkout.cart)


def payment_session_chosen(checkout: Checkout) -> None:
    if checkout.session is None:
        raise invalid("Payment sessions are required to complete cart")


VALIDATORS: tuple[Validator, ...] = (cart_is_complete, payment_session_chosen)


def split_into_orders(checkout: Checkout) -> list[OrderPart]:
    """One order holding every line and shipping method of the cart."""
    cart = checkout.cart
    return [OrderPart(items=carts.lines_of(cart), methods=carts.methods_of(cart))]


def announce_orders(checkout: Checkout) -> None:
    for order in checkout.orders:
        orders.announce_placed(order)


AFTER_PLACEMENT: tuple[Step[Checkout], ...] = (Step("emit-order-placed", announce_orders),)
