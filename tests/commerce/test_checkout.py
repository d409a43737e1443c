"""The storefront flow as ``@medusajs/js-sdk`` drives it, from cart to placed order, with Medusa's shapes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cityos.commerce.carts.models import Cart
from cityos.commerce.catalog import services as catalog
from cityos.commerce.inventory.models import InventoryLevel
from cityos.commerce.orders.models import Order
from cityos.platform.events.models import OutboxEvent
from tests.commerce.factories import Shop
from tests.commerce.shopping import Buyer, cart_ready_to_pay, contract, variant_id


def missing_keys(recorded: Any, ours: Any, path: str = "") -> list[str]:
    """Keys the recorded Medusa answer has that ours lacks, walking objects and first list items."""
    if isinstance(recorded, dict) and isinstance(ours, dict):
        found = [f"{path}.{k}" for k in recorded if k not in ours]
        for key in recorded.keys() & ours.keys():
            found += missing_keys(recorded[key], ours[key], f"{path}.{key}")
        return found
    if isinstance(recorded, list) and isinstance(ours, list) and recorded and ours:
        return missing_keys(recorded[0], ours[0], f"{path}[]")
    return []


def test_guest_checkout_places_an_order_with_medusas_shapes(buyer: Buyer, shop: Shop) -> None:
    cart_id = cart_ready_to_pay(buyer)
    cart = buyer.call("get", f"/store/carts/{cart_id}")["cart"]
    assert not missing_keys(contract("13-retrieve-cart.json")["cart"], cart)
    # 2 x 20.00 EUR + 4.90 shipping, 20 % German VAT on both.
    assert (cart["item_subtotal"], cart["item_tax_total"], cart["item_total"]) == (40, 8, 48)
    assert (cart["shipping_total"], cart["tax_total"], cart["total"]) == (5.88, 8.98, 53.88)
    assert cart["customer"]["email"] == "erika@example.com"

    placed = buyer.call("post", f"/store/carts/{cart_id}/complete")
    assert placed["type"] == "order"
    order = placed["order"]
    assert not missing_keys(contract("14-complete-cart.json")["order"], order)
    assert (order["display_id"], order["total"], order["payment_status"]) == (1, 53.88, "authorized")
    assert order["summary"]["pending_difference"] == 53.88

    again = buyer.call("get", f"/store/orders/{order['id']}")["order"]
    assert not missing_keys(contract("15-retrieve-order.json")["order"], again)
    assert again["items"][0]["quantity"] == 2
    level = InventoryLevel.objects.get(inventory_item__variant_links__variant_id=variant_id(shop))
    assert (level.stocked_quantity, level.reserved_quantity) == (10, 2)
    assert OutboxEvent.objects.filter(name="order.placed", entity_id=order["id"]).exists()


def test_the_placed_order_answer_is_the_order_as_read_back(buyer: Buyer) -> None:
    """Checkout answers from what it wrote, without reading it again; the answer must not differ."""
    cart_id = cart_ready_to_pay(buyer)
    placed = buyer.call("post", f"/store/carts/{cart_id}/complete")["order"]
    assert placed == buyer.call("get", f"/store/orders/{placed['id']}")["order"]
    assert placed == buyer.call("post", f"/store/carts/{cart_id}/complete")["order"]


def test_completing_twice_returns_the_same_order(buyer: Buyer) -> None:
    cart_id = cart_ready_to_pay(buyer)
    first = buyer.call("post", f"/store/carts/{cart_id}/complete")["order"]
    second = buyer.call("post", f"/store/carts/{cart_id}/complete")["order"]
    assert first["id"] == second["id"]
    assert Order.objects.count() == 1


def test_a_completed_cart_refuses_changes(buyer: Buyer, shop: Shop) -> None:
    cart_id = cart_ready_to_pay(buyer)
    order = buyer.call("post", f"/store/carts/{cart_id}/complete")["order"]
    collection = order["payment_collections"][0]["id"]
    session = {"provider_id": "pp_system_default"}
    refused = buyer.call(
        "post", f"/store/payment-collections/{collection}/payment-sessions", session, status=400
    )
    assert refused["type"] == "not_allowed"
    assert buyer.call("get", f"/store/orders/{order['id']}")["order"]["payment_status"] == "authorized"
    error = buyer.call(
        "post",
        f"/store/carts/{cart_id}/line-items",
        {"variant_id": variant_id(shop), "quantity": 1},
        status=400,
    )
    assert error["type"] == "not_allowed"


def test_shipping_options_and_payment_providers_answer_medusas_shapes(buyer: Buyer) -> None:
    cart_id = cart_ready_to_pay(buyer)
    options = buyer.call("get", f"/store/shipping-options?cart_id={cart_id}")
    assert not missing_keys(contract("08-list-shipping-options.json"), options)
    providers = buyer.call("get", f"/store/payment-providers?region_id={buyer.shop.region.id}")
    assert {"id": "pp_system_default", "is_enabled": True} in providers["payment_providers"]


def test_registered_customer_flow_and_order_privacy(client: Client, buyer: Buyer, shop: Shop) -> None:
    credentials = {"email": "max@example.com", "password": "correct horse"}
    buyer.token = buyer.call("post", "/auth/customer/emailpass/register", credentials)["token"]
    customer = buyer.call("post", "/store/customers", {"email": "max@example.com", "first_name": "Max"})[
        "customer"
    ]
    buyer.token = buyer.call("post", "/auth/customer/emailpass", credentials)["token"]
    assert buyer.call("get", "/store/customers/me")["customer"]["id"] == customer["id"]

    cart = buyer.call("post", "/store/carts", {})["cart"]
    assert cart["customer_id"] == customer["id"]
    order = buyer.call("post", f"/store/carts/{cart_ready_to_pay(buyer)}/complete")["order"]
    assert buyer.call("get", "/store/orders")["count"] == 1

    stranger = Buyer(client, shop)
    error = stranger.call("get", f"/store/orders/{order['id']}", status=404)
    assert error["type"] == "not_found"


def test_registering_an_email_twice_is_refused(buyer: Buyer) -> None:
    credentials = {"email": "max@example.com", "password": "pw"}
    buyer.call("post", "/auth/customer/emailpass/register", credentials)
    error = buyer.call("post", "/auth/customer/emailpass/register", credentials, status=401)
    assert error["message"] == "Identity with email already exists"
    assert buyer.call("post", "/auth/customer/emailpass", {**credentials, "password": "no"}, status=401)


def test_quantity_tier_reprices_the_line(buyer: Buyer, shop: Shop) -> None:
    cart = buyer.call("post", "/store/carts", {"region_id": shop.region.id})["cart"]
    body = {"variant_id": variant_id(shop), "quantity": 10}
    item = buyer.call("post", f"/store/carts/{cart['id']}/line-items", body)["cart"]["items"][0]
    assert Decimal(str(item["unit_price"])) == Decimal("18.50")


def test_a_line_shows_its_products_category_and_tag_ids(buyer: Buyer, shop: Shop) -> None:
    tags = [catalog.create_tag(tenant=shop.tenant, value=value) for value in ("cotton", "summer")]
    category = catalog.create_category(tenant=shop.tenant, name="Shirts")
    catalog.update_product(
        shop.product, {"tags": [{"id": tag.id} for tag in tags], "categories": [{"id": category.id}]}
    )
    cart = buyer.call("post", "/store/carts", {"region_id": shop.region.id})["cart"]
    body = {"variant_id": variant_id(shop), "quantity": 1}
    product = buyer.call("post", f"/store/carts/{cart['id']}/line-items", body)["cart"]["items"][0]["product"]
    assert product["categories"] == [{"id": category.id}]
    assert product["tags"] == [{"id": tag.id} for tag in sorted(tags, key=lambda tag: tag.id)]


def test_a_line_change_leaves_the_cart_row_alone_and_an_email_change_writes_it(
    buyer: Buyer, shop: Shop
) -> None:
    cart = buyer.call("post", "/store/carts", {"region_id": shop.region.id})["cart"]

    def cart_writes(path: str, body: dict[str, Any]) -> int:
        with CaptureQueriesContext(connection) as queries:
            buyer.call("post", path, body)
        return sum(q["sql"].startswith('UPDATE "cart" ') for q in queries.captured_queries)

    line = {"variant_id": variant_id(shop), "quantity": 1}
    assert cart_writes(f"/store/carts/{cart['id']}/line-items", line) == 0
    assert cart_writes(f"/store/carts/{cart['id']}", {"email": "erika@example.com"}) == 1
    assert Cart.objects.get(id=cart["id"]).email == "erika@example.com"
