"""Staff work on placed orders through the Admin API: capture, fulfill, ship, deliver, return, cancel."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from cityos.commerce.inventory.models import InventoryLevel
from cityos.commerce.orders.summaries import send_day
from cityos.platform.events.models import OutboxEvent
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import Shop, make_shop, secret_key_headers
from tests.commerce.shopping import Buyer, cart_ready_to_pay, variant_id


def place(client: Client, shop: Shop, quantity: int = 2) -> dict[str, Any]:
    buyer = Buyer(client, shop)
    return buyer.call("post", f"/store/carts/{cart_ready_to_pay(buyer, quantity)}/complete")["order"]


def level(shop: Shop) -> tuple[int, int]:
    row = InventoryLevel.objects.get(inventory_item__variant_links__variant_id=variant_id(shop))
    return row.stocked_quantity, row.reserved_quantity


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content
    return response.json()


def test_an_order_goes_from_placed_to_returned(client: Client, shop: Shop, admin: AdminClient) -> None:
    order = place(client, shop)
    listed = ok(admin.get(f"/admin/orders?q={order['display_id']}"))
    assert [o["id"] for o in listed["orders"]] == [order["id"]]

    payment_id = order["payment_collections"][0]["payments"][0]["id"]
    ok(admin.post(f"/admin/payments/{payment_id}/capture", {}))
    line = order["items"][0]["id"]
    fulfilled = ok(
        admin.post(f"/admin/orders/{order['id']}/fulfillments", {"items": [{"id": line, "quantity": 2}]})
    )
    assert fulfilled["order"]["fulfillment_status"] == "fulfilled"
    assert level(shop) == (8, 0)

    fulfillment = fulfilled["order"]["fulfillments"][0]["id"]
    labels = {"labels": [{"tracking_number": "DHL123"}]}
    shipped = ok(admin.post(f"/admin/orders/{order['id']}/fulfillments/{fulfillment}/shipments", labels))
    assert shipped["order"]["fulfillment_status"] == "shipped"
    delivered = ok(
        admin.post(f"/admin/orders/{order['id']}/fulfillments/{fulfillment}/mark-as-delivered", {})
    )
    assert delivered["order"]["fulfillment_status"] == "delivered"
    assert delivered["order"]["payment_status"] == "captured"

    location = fulfilled["order"]["fulfillments"][0]["location_id"]
    body = {"order_id": order["id"], "items": [{"id": line, "quantity": 1}], "location_id": location}
    requested = ok(admin.post("/admin/returns", body))
    received = ok(admin.post(f"/admin/returns/{requested['return']['id']}/receive", {"refund": True}))
    assert received["return"]["status"] == "received"
    assert received["order"]["payment_status"] == "partially_refunded"
    assert received["order"]["summary"]["refunded_total"] == 24  # one shirt of 20.00 with 20 % VAT
    assert level(shop) == (9, 0)
    names = set(OutboxEvent.objects.filter(entity_id=order["id"]).values_list("name", flat=True))
    assert {
        "order.placed",
        "order.fulfillment_created",
        "order.shipment_created",
        "order.return_received",
    } <= names


def test_canceling_releases_stock_and_voids_the_payment(
    client: Client, shop: Shop, admin: AdminClient
) -> None:
    order = place(client, shop)
    assert level(shop) == (10, 2)
    canceled = ok(admin.post(f"/admin/orders/{order['id']}/cancel", {}))["order"]
    assert (canceled["status"], canceled["payment_status"]) == ("canceled", "canceled")
    assert level(shop) == (10, 0)
    again = admin.post(f"/admin/orders/{order['id']}/cancel", {})
    assert again.status_code == 400


def test_over_fulfilling_or_capturing_is_refused(client: Client, shop: Shop, admin: AdminClient) -> None:
    order = place(client, shop)
    line = order["items"][0]["id"]
    response = admin.post(
        f"/admin/orders/{order['id']}/fulfillments", {"items": [{"id": line, "quantity": 3}]}
    )
    assert response.status_code == 400
    payment_id = order["payment_collections"][0]["payments"][0]["id"]
    assert admin.post(f"/admin/payments/{payment_id}/capture", {"amount": 1000}).status_code == 400
    assert level(shop) == (10, 2)


def test_another_tenants_order_is_not_found(client: Client, shop: Shop, admin: AdminClient) -> None:
    order = place(client, shop)
    other = AdminClient(client, secret_key_headers(make_shop("globex").tenant))
    assert other.get(f"/admin/orders/{order['id']}").status_code == 404
    assert other.post(f"/admin/orders/{order['id']}/cancel", {}).status_code == 404


def test_promotions_and_shipping_options_are_managed_through_the_api(shop: Shop, admin: AdminClient) -> None:
    body = {
        "code": "WELCOME",
        "method_type": "fixed",
        "value": 5,
        "currency_code": "eur",
        "rules": [{"attribute": "currency_code", "operator": "eq", "values": ["eur"]}],
    }
    promotion = ok(admin.post("/admin/promotions", body))["promotion"]
    assert promotion["code"] == "WELCOME"
    assert admin.post("/admin/promotions", body).status_code == 422
    too_wide = {**body, "code": "BIG", "value": "1" + "0" * 30}
    assert admin.post("/admin/promotions", too_wide).status_code == 400
    bad_rule = {
        **body,
        "code": "X",
        "rules": [{"attribute": "subtotal", "operator": "between", "values": []}],
    }
    assert admin.post("/admin/promotions", bad_rule).status_code == 400

    zone = ok(admin.get("/admin/shipping-options"))["shipping_options"][0]["service_zone_id"]
    option = {"name": "Express", "service_zone_id": zone, "prices": [{"currency_code": "eur", "amount": 12}]}
    created = ok(admin.post("/admin/shipping-options", option))["shipping_option"]
    assert created["prices"][0]["amount"] == 12
    free_over_100 = [
        {"currency_code": "eur", "amount": 4.9, "max_item_total": 100},
        {"currency_code": "eur", "amount": 0, "min_item_total": 100},
    ]
    updated = ok(admin.post(f"/admin/shipping-options/{created['id']}", {"prices": free_over_100}))
    assert len(updated["shipping_option"]["prices"]) == 2


def test_a_days_orders_are_summarized_for_content(client: Client, shop: Shop, admin: AdminClient) -> None:
    kept = place(client, shop)
    canceled = place(client, shop)
    ok(admin.post(f"/admin/orders/{canceled['id']}/cancel", {}))
    assert send_day(timezone.now().date()) == 1
    event = OutboxEvent.objects.get(name="order_summary.daily")
    assert event.data == {
        "tenant": shop.tenant.slug,
        "date": timezone.now().date().isoformat(),
        "orders_count": 1,
        "revenue": str(kept["total"]),
        "currency_code": "eur",
    }
