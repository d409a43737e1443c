"""Medusa's process-payment workflow: a provider reports that a session was authorized, captured or
failed (``POST /hooks/payment/:provider``).

An authorized session whose cart is still open completes the cart, since the buyer paid off-site and
may never come back; a captured one is also captured. Checkout locks the cart before anything is
written, as a buyer's checkout does, and a repeated notice finds the work done.
"""

from __future__ import annotations

from cityos.commerce.auth import StoreContext
from cityos.commerce.checkout.completion import complete_cart
from cityos.commerce.payments import services as payments
from cityos.commerce.payments.providers import WebhookAction
from cityos.platform.middleware import joins_request


@joins_request
def process_payment_notice(provider_id: str, payload: bytes, headers: dict[str, str]) -> WebhookAction:
    action, session = payments.read_notice(provider_id, payload, headers)
    if session is None:
        return action
    if action.action == "failed":
        payments.mark_failed(session)
        return action
    cart = session.payment_collection.cart
    if cart is not None and cart.completed_at is None:
        complete_cart(StoreContext(tenant=cart.tenant, sales_channel_ids=(cart.sales_channel_id,)), cart.id)
    payment = payments.live_payment(session)
    if action.action == "captured" and payment is not None and payment.captured_at is None:
        payments.capture(payment, action.amount, actor_id=provider_id)
    return action
