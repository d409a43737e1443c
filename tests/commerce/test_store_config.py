"""A store's configuration is cached per process, and any write to it, by whatever path, shows at once."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cityos.commerce import store_config
from cityos.commerce.catalog import services as catalog
from cityos.commerce.customers.models import Customer, CustomerGroup
from cityos.commerce.fulfillment.models import ShippingOption, ShippingOptionPrice
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.pricing.models import Price
from cityos.commerce.regions.models import RegionCountry, TaxRate
from cityos.platform.models import ChangeStamp
from tests.commerce.factories import Shop

pytestmark = pytest.mark.django_db
ADDRESS = {"first_name": "Erika", "last_name": "M", "address_1": "Hauptstrasse 1", "city": "Berlin"}


def post(client: Client, shop: Shop, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json.dumps(body), content_type="application/json", **shop.headers)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def cart_id(client: Client, shop: Shop) -> str:
    cart = post(client, shop, "/store/carts", {"region_id": shop.region.id})["cart"]
    variant = shop.product.variants.get(title="S")
    post(client, shop, f"/store/carts/{cart['id']}/line-items", {"variant_id": variant.id, "quantity": 1})
    address = {**ADDRESS, "country_code": "de"}
    post(client, shop, f"/store/carts/{cart['id']}", {"shipping_address": address})
    return cart["id"]


def options(client: Client, shop: Shop, cart_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/store/shipping-options?cart_id={cart_id}", **shop.headers)
    assert response.status_code == 200, response.content
    return response.json()["shipping_options"]


def reads_of(queries: CaptureQueriesContext, table: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_a_repeated_store_request_reads_no_configuration(client, shop, cart_id):
    options(client, shop, cart_id)
    with CaptureQueriesContext(connection) as queries:
        answer = options(client, shop, cart_id)
    assert [option["name"] for option in answer] == ["Standard Shipping"]
    for table in ("shipping_option", "shipping_option_price", "tax_rate", "region_country"):
        assert reads_of(queries, table) == []


def test_an_option_renamed_by_a_bulk_update_shows_at_once(client, shop, cart_id):
    options(client, shop, cart_id)
    ShippingOption.objects.filter(tenant=shop.tenant).update(name="Express")
    assert [option["name"] for option in options(client, shop, cart_id)] == ["Express"]


def test_a_price_changed_outside_the_services_shows_at_once(client, shop, cart_id):
    options(client, shop, cart_id)
    ShippingOptionPrice.objects.filter(shipping_option__tenant=shop.tenant).update(amount=Decimal("7"))
    assert [option["amount"] for option in options(client, shop, cart_id)] == [7]


def test_a_location_unlinked_from_the_sales_channel_stops_serving_at_once(client, shop, cart_id):
    options(client, shop, cart_id)
    StockLocation.objects.get(tenant=shop.tenant).sales_channels.clear()
    assert options(client, shop, cart_id) == []


def test_a_tax_rate_changed_outside_the_services_shows_at_once(client, shop, cart_id):
    before = post(client, shop, f"/store/carts/{cart_id}", {})["cart"]
    assert before["tax_total"] == 4  # 20% of 20
    TaxRate.objects.filter(region=shop.region).update(rate=Decimal("10"))
    assert post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["tax_total"] == 2


def test_a_country_removed_from_the_region_shows_at_once(client, shop, cart_id):
    post(client, shop, f"/store/carts/{cart_id}", {})
    RegionCountry.objects.filter(region=shop.region, iso_2="fr").delete()
    region = post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["region"]
    assert [country["iso_2"] for country in region["countries"]] == ["de"]


def test_a_rolled_back_change_leaves_a_token_no_later_change_repeats(shop):
    stamp = ChangeStamp.objects.filter(name=store_config.STAMP)
    with transaction.atomic():
        TaxRate.objects.update(name="changing")
        abandoned = stamp.get().token
        transaction.set_rollback(True)
    TaxRate.objects.update(name="changed")
    assert stamp.get().token != abandoned


def test_outside_a_store_request_nothing_is_cached(shop):
    loads = []
    for _ in range(2):
        store_config.cached(("probe", shop.tenant.id), lambda: loads.append(1))
    assert loads == [1, 1]


def test_every_cached_table_has_the_stamps_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'cityos_stamp_store_on_change'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master"
                " WHERE type = 'trigger' AND name LIKE 'cityos_stamp_store_%'"
            )
        tables = [row[0].strip('"') for row in cursor.fetchall()]
    per_table = 1 if connection.vendor == "postgresql" else 3  # SQLite: one trigger per kind of write
    assert sorted(tables) == sorted(store_config.TABLES * per_table)


def test_a_price_changed_outside_the_services_reprices_the_cart_at_once(client, shop, cart_id):
    assert post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["items"][0]["unit_price"] == 20
    Price.objects.filter(price_set__variant__product=shop.product, amount=Decimal("20")).update(
        amount=Decimal("21")
    )
    assert post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["items"][0]["unit_price"] == 21


def test_a_category_linked_outside_the_services_shows_at_once(client, shop, cart_id):
    post(client, shop, f"/store/carts/{cart_id}", {})
    category = catalog.create_category(tenant=shop.tenant, name="Shirts")
    shop.product.categories.add(category)
    item = post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["items"][0]
    assert item["product"]["categories"] == [{"id": category.id}]


def test_a_customer_added_to_a_group_outside_the_services_shows_at_once(client, shop, cart_id):
    post(client, shop, f"/store/carts/{cart_id}", {"email": "erika@example.com"})
    group = CustomerGroup.objects.create(tenant=shop.tenant, name="VIP")
    Customer.objects.get(tenant=shop.tenant, email="erika@example.com").groups.add(group)
    customer = post(client, shop, f"/store/carts/{cart_id}", {})["cart"]["customer"]
    assert customer["groups"] == [{"id": group.id}]
