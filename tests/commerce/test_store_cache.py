"""Store answers are reused only while nothing of their tenant changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityos.commerce.catalog import services as catalog
from cityos.commerce.inventory import services as inventory
from cityos.commerce.tenants import services as tenants
from tests.commerce.factories import make_shop

pytestmark = pytest.mark.django_db


def url_of(shop) -> str:
    return f"/store/products/{shop.product.id}?region_id={shop.region.id}&fields=+variants.inventory_quantity"


def test_a_repeated_request_costs_one_query(client, shop):
    first = client.get(url_of(shop), **shop.headers)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url_of(shop), **shop.headers)
    assert again.json() == first.json()
    assert len(queries) == 1


def test_a_fresh_answer_reads_the_publishable_key_once(client, shop):
    """One query resolves the key's tenant, channels, answer version and configuration stamp."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url_of(shop), **shop.headers).status_code == 200
    reading_the_key = [q["sql"] for q in queries if '"api_key"' in q["sql"] or "`api_key`" in q["sql"]]
    assert len(reading_the_key) == 1, reading_the_key


def test_a_product_change_shows_at_once(client, shop):
    client.get(url_of(shop), **shop.headers)
    catalog.update_product(shop.product, {"title": "Renamed"})
    assert client.get(url_of(shop), **shop.headers).json()["product"]["title"] == "Renamed"


def test_a_stock_change_shows_at_once(client, shop):
    client.get(url_of(shop), **shop.headers)
    variant = shop.product.variants.get(title="S")
    location = variant.inventory_links.get().inventory_item.levels.get().location
    inventory.stock_variant(variant=variant, location=location, quantity=2)
    variants = client.get(url_of(shop), **shop.headers).json()["product"]["variants"]
    assert {v["title"]: v["inventory_quantity"] for v in variants}["S"] == 2


def test_a_revoked_key_is_refused_at_once(client, shop):
    client.get(url_of(shop), **shop.headers)
    tenants.revoke_api_key(shop.tenant.api_keys.get(type="publishable"))
    assert client.get(url_of(shop), **shop.headers).status_code == 400


def test_another_tenants_change_does_not_evict(client, shop):
    client.get(url_of(shop), **shop.headers)
    make_shop("globex")
    with CaptureQueriesContext(connection) as queries:
        client.get(url_of(shop), **shop.headers)
    assert len(queries) == 1


def test_errors_are_not_cached(client, shop):
    missing = f"/store/products/prod_missing?region_id={shop.region.id}"
    assert client.get(missing, **shop.headers).status_code == 404
    assert client.get(missing, **shop.headers).status_code == 404
