"""Bad input to carts and checkout: a 4xx in Medusa's shape, and the cart exactly as it was."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cityos.commerce.inventory.models import InventoryLevel
from cityos.commerce.orders.models import Order
from cityos.commerce.promotions import services as promotions
from tests.commerce.factories import Shop, make_shop
from tests.commerce.shopping import Buyer, cart_ready_to_pay, variant_id

PROVIDERS = [
    "cityos.commerce.payments.providers.SystemProvider",
    "tests.commerce.payment_providers.DecliningProvider",
]


def new_cart(buyer: Buyer, quantity: int = 1) -> dict[str, Any]:
    cart = buyer.call("post", "/store/carts", {"region_id": buyer.shop.region.id})["cart"]
    body = {"variant_id": variant_id(buyer.shop), "quantity": quantity}
    return buyer.call("post", f"/store/carts/{cart['id']}/line-items", body)["cart"]


def unchanged(buyer: Buyer, before: dict[str, Any]) -> bool:
    after = buyer.call("get", f"/store/carts/{before['id']}")["cart"]
    return (after["items"], after["total"], after["promotions"]) == (
        before["items"],
        before["total"],
        before["promotions"],
    )


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"variant_id": "variant_unknown", "quantity": 1}, 404, "not_found"),
        ({"quantity": 0}, 400, "invalid_data"),
        ({"quantity": -3}, 400, "invalid_data"),
        ({"quantity": 11}, 400, "not_allowed"),
        ({"quantity": 1, "price": 0}, 400, "invalid_data"),
    ],
)
def test_bad_line_items_leave_the_cart_unchanged(
    buyer: Buyer, shop: Shop, body: dict[str, Any], status: int, kind: str
) -> None:
    cart = new_cart(buyer)
    body = {"variant_id": variant_id(shop), **body}
    error = buyer.call("post", f"/store/carts/{cart['id']}/line-items", body, status=status)
    assert error["type"] == kind
    assert unchanged(buyer, cart)


def test_another_tenants_cart_is_not_found(buyer: Buyer, client: Client) -> None:
    cart = new_cart(buyer)
    other = Buyer(client, make_shop("globex"))
    error = other.call("get", f"/store/carts/{cart['id']}", status=404)
    assert error == {"type": "not_found", "message": f"Cart with id: {cart['id']} was not found"}
    body = {"variant_id": variant_id(other.shop), "quantity": 1}
    other.call("post", f"/store/carts/{cart['id']}/line-items", body, status=404)
    assert unchanged(buyer, cart)


def test_another_tenants_variant_cannot_be_added(buyer: Buyer) -> None:
    cart = new_cart(buyer)
    foreign = make_shop("globex")
    body = {"variant_id": variant_id(foreign), "quantity": 1}
    buyer.call("post", f"/store/carts/{cart['id']}/line-items", body, status=404)
    assert unchanged(buyer, cart)


def test_a_percentage_code_discounts_the_items(buyer: Buyer, shop: Shop) -> None:
    promotions.create_promotion(
        shop.tenant, {"code": "SAVE10", "method_type": "percentage", "value": Decimal(10)}
    )
    cart = new_cart(buyer, quantity=2)
    cart = buyer.call("post", f"/store/carts/{cart['id']}/promotions", {"promo_codes": ["SAVE10"]})["cart"]
    assert (cart["discount_total"], cart["total"]) == (4, 36)
    assert cart["items"][0]["adjustments"][0]["code"] == "SAVE10"
    assert [p["code"] for p in cart["promotions"]] == ["SAVE10"]
    cart = buyer.call("delete", f"/store/carts/{cart['id']}/promotions", {"promo_codes": ["SAVE10"]})["cart"]
    assert (cart["discount_total"], cart["promotions"]) == (0, [])


@pytest.mark.parametrize(
    "promotion",
    [
        {"code": "OLD", "ends_at": timezone.now() - timedelta(days=1)},
        {"code": "SOON", "starts_at": timezone.now() + timedelta(days=1)},
        {"code": "USEDUP", "usage_limit": 5, "usage_count": 5},
        {"code": "BIGSPEND", "rules": [{"attribute": "subtotal", "operator": "gte", "values": ["1000"]}]},
        {"code": "DRAFT", "status": "draft"},
    ],
)
def test_a_code_that_cannot_apply_is_refused(buyer: Buyer, shop: Shop, promotion: dict[str, Any]) -> None:
    promotions.create_promotion(shop.tenant, {"method_type": "fixed", "value": Decimal(5), **promotion})
    cart = new_cart(buyer)
    body = {"promo_codes": [promotion["code"]]}
    error = buyer.call("post", f"/store/carts/{cart['id']}/promotions", body, status=400)
    assert error["type"] == "invalid_data"
    assert promotion["code"] in error["message"]
    buyer.call("post", f"/store/carts/{cart['id']}/promotions", {"promo_codes": ["NOPE"]}, status=400)
    assert unchanged(buyer, cart)


def test_a_fixed_amount_across_lines_splits_to_the_cent(buyer: Buyer, shop: Shop) -> None:
    promotions.create_promotion(
        shop.tenant, {"code": "TEN", "method_type": "fixed", "value": Decimal(10), "currency_code": "eur"}
    )
    cart = new_cart(buyer)
    body = {"variant_id": variant_id(shop, "M"), "quantity": 1}
    buyer.call("post", f"/store/carts/{cart['id']}/line-items", body)
    cart = buyer.call("post", f"/store/carts/{cart['id']}/promotions", {"promo_codes": ["TEN"]})["cart"]
    shares = [Decimal(str(i["adjustments"][0]["amount"])) for i in cart["items"]]
    assert sum(shares) == 10
    assert cart["total"] == 20 + 22 - 10


def test_usage_limit_is_counted_at_checkout(buyer: Buyer, shop: Shop) -> None:
    promotions.create_promotion(
        shop.tenant, {"code": "ONCE", "method_type": "percentage", "value": Decimal(50), "usage_limit": 1}
    )
    first, second = cart_ready_to_pay(buyer), cart_ready_to_pay(buyer)
    for cart_id in (first, second):
        cart = buyer.call("post", f"/store/carts/{cart_id}/promotions", {"promo_codes": ["ONCE"]})["cart"]
        assert cart["discount_total"] == 24  # 50 % of 40.00, and the 20 % VAT on it
        pay_again(buyer, cart, "pp_system_default")
    buyer.call("post", f"/store/carts/{first}/complete")
    error = buyer.call("post", f"/store/carts/{second}/complete", status=400)
    assert error["message"] == "The promotion code ONCE cannot be applied (usage_limit)"
    assert Order.objects.count() == 1
    # Any change to the cart drops the used-up code; the total changed, so the buyer pays again.
    cart = buyer.call("post", f"/store/carts/{second}", {})["cart"]
    assert (cart["promotions"], cart["discount_total"], cart["payment_collection"]["payment_sessions"]) == (
        [],
        0,
        [],
    )


def pay_again(buyer: Buyer, cart: dict[str, Any], provider_id: str) -> None:
    path = f"/store/payment-collections/{cart['payment_collection']['id']}/payment-sessions"
    buyer.call("post", path, {"provider_id": provider_id})


def test_a_declined_payment_answers_the_cart_and_holds_no_stock(
    buyer: Buyer, shop: Shop, settings: Any
) -> None:
    settings.CITYOS_PAYMENT_PROVIDERS = PROVIDERS
    cart_id = cart_ready_to_pay(buyer)
    cart = buyer.call("get", f"/store/carts/{cart_id}")["cart"]
    pay_again(buyer, cart, "pp_declining_default")
    answer = buyer.call("post", f"/store/carts/{cart_id}/complete")
    assert answer["type"] == "cart"
    assert answer["error"]["type"] == "payment_authorization_error"
    assert answer["cart"]["payment_collection"]["payment_sessions"][0]["status"] == "error"
    assert not Order.objects.exists()
    assert set(InventoryLevel.objects.values_list("reserved_quantity", flat=True)) == {0}

    pay_again(buyer, cart, "pp_system_default")
    assert buyer.call("post", f"/store/carts/{cart_id}/complete")["type"] == "order"


def test_an_unknown_payment_provider_is_not_found(buyer: Buyer) -> None:
    cart_id = cart_ready_to_pay(buyer)
    cart = buyer.call("get", f"/store/carts/{cart_id}")["cart"]
    path = f"/store/payment-collections/{cart['payment_collection']['id']}/payment-sessions"
    assert buyer.call("post", path, {"provider_id": "pp_nobody"}, status=404)["type"] == "not_found"


def test_checkout_without_shipping_or_payment_is_refused(buyer: Buyer) -> None:
    cart = new_cart(buyer)
    buyer.call("post", f"/store/carts/{cart['id']}", {"email": "a@example.com"})
    error = buyer.call("post", f"/store/carts/{cart['id']}/complete", status=400)
    assert "shipping method" in error["message"]
    assert not Order.objects.exists()


def test_a_shipping_address_outside_the_region_is_refused(buyer: Buyer) -> None:
    cart = new_cart(buyer)
    body = {"shipping_address": {"country_code": "us", "city": "Austin"}}
    error = buyer.call("post", f"/store/carts/{cart['id']}", body, status=400)
    assert "not within region" in error["message"]
    assert buyer.call("get", f"/store/carts/{cart['id']}")["cart"]["shipping_address"] is None
