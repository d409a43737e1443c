"""What one completion of a cart carries from step to step."""

from __future__ import annotations

from dataclasses import dataclass, field

from cityos.commerce.carts.models import Cart
from cityos.commerce.orders.models import Order
from cityos.commerce.payments.models import Payment, PaymentSession
from cityos.commerce.promotions.services import Usage


@dataclass
class Checkout:
    """The locked cart and what the steps have done so far; each step fills in its own part."""

    cart: Cart
    session: PaymentSession | None = None
    line_ids: dict[str, str] = field(default_factory=dict)  # cart line id -> the order line id stock holds
    usage: Usage | None = None
    payment: Payment | None = None
    orders: list[Order] = field(default_factory=list)
