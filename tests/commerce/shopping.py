"""A buyer driving the Store API as ``@medusajs/js-sdk`` does, and the steps to a cart ready to pay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.commerce.factories import Shop

CONTRACTS = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "medusa"


def contract(name: str) -> dict[str, Any]:
    """A call recorded from a real Medusa 2.21: its response body."""
    path = CONTRACTS / name
    if not path.exists():
        pytest.skip(f"recorded contract {path} is not beside the checkout")
    return json.loads(path.read_text())["response_body"]


ADDRESS = {
    "first_name": "Erika",
    "last_name": "Mustermann",
    "address_1": "Hauptstrasse 1",
    "city": "Berlin",
    "country_code": "de",
    "postal_code": "10115",
    "phone": "+49301234567",
}


class Buyer:
    """The calls the js-sdk makes, with its headers: publishable key always, JWT once signed in."""

    def __init__(self, client: Client, shop: Shop) -> None:
        self.client, self.shop, self.token = client, shop, ""

    def headers(self) -> dict[str, str]:
        headers = dict(self.shop.headers)
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return headers

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
        send = getattr(self.client, method)
        if body is None:
            response = send(path, **self.headers())
        else:
            response = send(path, json.dumps(body), content_type="application/json", **self.headers())
        assert response.status_code == status, response.content
        return response.json()


def variant_id(shop: Shop, title: str = "S") -> str:
    return shop.product.variants.get(title=title).id


def cart_ready_to_pay(buyer: Buyer, quantity: int = 2) -> str:
    cart = buyer.call("post", "/store/carts", {"region_id": buyer.shop.region.id})["cart"]
    buyer.call(
        "post",
        f"/store/carts/{cart['id']}/line-items",
        {"variant_id": variant_id(buyer.shop), "quantity": quantity},
    )
    buyer.call(
        "post",
        f"/store/carts/{cart['id']}",
        {"email": "erika@example.com", "shipping_address": ADDRESS, "billing_address": ADDRESS},
    )
    options = buyer.call("get", f"/store/shipping-options?cart_id={cart['id']}")["shipping_options"]
    buyer.call("post", f"/store/carts/{cart['id']}/shipping-methods", {"option_id": options[0]["id"]})
    collection = buyer.call("post", "/store/payment-collections", {"cart_id": cart["id"]})[
        "payment_collection"
    ]
    buyer.call(
        "post",
        f"/store/payment-collections/{collection['id']}/payment-sessions",
        {"provider_id": "pp_system_default"},
    )
    return cart["id"]
