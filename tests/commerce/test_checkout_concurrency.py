"""Checkouts racing for the last units: exactly the stock is sold, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from cityos.commerce.inventory.models import InventoryLevel
from cityos.commerce.orders.models import Order
from tests.commerce.factories import make_shop
from tests.commerce.test_checkout import Buyer, cart_ready_to_pay

pytestmark = pytest.mark.django_db(transaction=True)
BUYERS = 64
STOCK = 10


def race(calls: list[tuple[Buyer, str]]) -> list[tuple[int, dict]]:
    """Every buyer completes at the same moment, each on its own thread and database connection."""
    start = threading.Barrier(len(calls))

    def complete(call: tuple[Buyer, str]) -> tuple[int, dict]:
        buyer, cart_id = call
        client = Client()
        try:
            start.wait()
            response = client.post(f"/store/carts/{cart_id}/complete", **buyer.headers())
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(complete, calls))


def test_sixty_four_buyers_for_ten_units_place_exactly_ten_orders() -> None:
    shop = make_shop(stock=STOCK)
    buyer = Buyer(Client(), shop)
    carts = [cart_ready_to_pay(buyer, quantity=1) for _ in range(BUYERS)]
    results = race([(buyer, cart_id) for cart_id in carts])

    outcomes = Counter(
        "order" if status == 200 else body.get("code", body.get("type")) for status, body in results
    )
    assert outcomes == {"order": STOCK, "insufficient_inventory": BUYERS - STOCK}
    assert Order.objects.count() == STOCK
    assert sorted(Order.objects.values_list("display_id", flat=True)) == list(range(1, STOCK + 1))
    variant = shop.product.variants.get(title="S")
    level = InventoryLevel.objects.get(inventory_item__variant_links__variant=variant)
    assert (level.stocked_quantity, level.reserved_quantity) == (STOCK, STOCK)


def test_the_same_cart_completed_concurrently_yields_one_order() -> None:
    shop = make_shop()
    buyer = Buyer(Client(), shop)
    cart_id = cart_ready_to_pay(buyer)
    results = race([(buyer, cart_id)] * 4)
    placed = {body["order"]["id"] for status, body in results if status == 200}
    assert len(placed) == 1
    # PostgreSQL answers a second call that arrives while the first holds the cart with 409;
    # SQLite serializes writers, so a later call finds the order and returns it.
    assert all(status in (200, 409) for status, _ in results)
    assert Order.objects.count() == 1
