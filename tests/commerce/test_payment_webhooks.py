"""``POST /hooks/payment/:provider``: an off-site payment reported by its provider places the order."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cityos.commerce.orders.models import Order
from cityos.commerce.payments.models import Capture, PaymentSession
from tests.commerce.factories import Shop
from tests.commerce.payment_providers import OffsiteProvider
from tests.commerce.shopping import Buyer, cart_ready_to_pay

PROVIDERS = [
    "cityos.commerce.payments.providers.SystemProvider",
    "tests.commerce.payment_providers.OffsiteProvider",
]


@pytest.fixture
def offsite_session(client: Client, shop: Shop, settings: Any) -> tuple[str, str]:
    """A cart ready to complete whose session is the off-site provider's: (cart id, session id)."""
    settings.CITYOS_PAYMENT_PROVIDERS = PROVIDERS
    buyer = Buyer(client, shop)
    cart_id = cart_ready_to_pay(buyer)
    collection = buyer.call("get", f"/store/carts/{cart_id}")["cart"]["payment_collection"]
    path = f"/store/payment-collections/{collection['id']}/payment-sessions"
    answer = buyer.call("post", path, {"provider_id": "pp_offsite_default"})
    return cart_id, answer["payment_collection"]["payment_sessions"][0]["id"]


def notify(client: Client, event: dict[str, Any], *, signed: bool = True) -> Any:
    payload = json.dumps(event).encode()
    headers = {"HTTP_X_OFFSITE_SIGNATURE": OffsiteProvider.sign(payload) if signed else "forged"}
    return client.post("/hooks/payment/offsite_default", payload, content_type="application/json", **headers)


def test_a_captured_payment_places_the_order_once(client: Client, offsite_session: tuple[str, str]) -> None:
    cart_id, session_id = offsite_session
    for _ in range(2):  # providers retry; the second notice finds the work done
        assert notify(client, {"type": "captured", "session_id": session_id}).status_code == 200
    order = Order.objects.get(cart_id=cart_id)
    collection = order.payment_collections.get()
    assert collection.captured_amount == order.total
    assert Capture.objects.count() == 1


def test_an_authorized_payment_places_the_order_uncaptured(
    client: Client, offsite_session: tuple[str, str]
) -> None:
    cart_id, session_id = offsite_session
    assert notify(client, {"type": "authorized", "session_id": session_id}).status_code == 200
    assert Order.objects.get(cart_id=cart_id).payment_collections.get().captured_amount == 0


def test_an_unsigned_notice_changes_nothing(client: Client, offsite_session: tuple[str, str]) -> None:
    _cart_id, session_id = offsite_session
    assert notify(client, {"type": "captured", "session_id": session_id}, signed=False).status_code == 200
    assert not Order.objects.exists()


def test_a_failed_payment_marks_the_session(client: Client, offsite_session: tuple[str, str]) -> None:
    _cart_id, session_id = offsite_session
    assert notify(client, {"type": "failed", "session_id": session_id}).status_code == 200
    assert PaymentSession.objects.get(id=session_id).status == PaymentSession.Status.ERROR
    assert not Order.objects.exists()


def test_an_unknown_provider_is_not_found(client: Client, db: None) -> None:
    answer = client.post("/hooks/payment/nobody_default", b"{}", content_type="application/json")
    assert (answer.status_code, answer.json()["type"]) == (404, "not_found")
