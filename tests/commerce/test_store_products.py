import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityos.commerce.catalog import services as catalog
from cityos.commerce.tenants import services as tenants
from tests.commerce.factories import make_shop
from tests.commerce.shopping import contract

pytestmark = pytest.mark.django_db


def test_missing_publishable_key_is_not_allowed(client):
    response = client.get("/store/products")
    assert response.status_code == 400
    assert response.json() == {
        "type": "not_allowed",
        "message": "Publishable API key required in the request header: x-publishable-api-key. "
        "You can manage your keys in settings in the dashboard.",
    }


def test_revoked_key_is_not_allowed(client):
    shop = make_shop()
    tenants.revoke_api_key(shop.tenant.api_keys.get(type="publishable"))
    response = client.get("/store/products", **shop.headers)
    assert response.status_code == 400
    assert response.json()["type"] == "not_allowed"


def test_list_has_medusa_keys(client):
    shop = make_shop()
    body = client.get(
        f"/store/products?limit=12&region_id={shop.region.id}&fields=*variants.calculated_price",
        **shop.headers,
    ).json()
    recorded = contract("01-list-products.json")
    assert body.keys() == recorded.keys()
    product, peer = body["products"][0], recorded["products"][0]
    assert product.keys() == peer.keys()
    assert product["variants"][0].keys() == peer["variants"][0].keys()
    assert product["variants"][0]["calculated_price"].keys() == peer["variants"][0]["calculated_price"].keys()
    assert product["variants"][0]["options"][0].keys() == peer["variants"][0]["options"][0].keys()
    assert product["options"][0].keys() == peer["options"][0].keys()


def test_retrieve_has_medusa_keys(client):
    shop = make_shop()
    body = client.get(
        f"/store/products/{shop.product.id}?region_id={shop.region.id}&fields=*variants.calculated_price",
        **shop.headers,
    ).json()
    assert body["product"].keys() == contract("03-retrieve-product-by-id.json")["product"].keys()


def test_calculated_price_in_region_currency(client):
    shop = make_shop()
    body = client.get(
        f"/store/products/{shop.product.id}?region_id={shop.region.id}&fields=*variants.calculated_price",
        **shop.headers,
    ).json()
    small = next(v for v in body["product"]["variants"] if v["title"] == "S")
    assert small["calculated_price"]["calculated_amount"] == 20
    assert small["calculated_price"]["raw_calculated_amount"] == {"value": "20", "precision": 20}
    assert small["calculated_price"]["currency_code"] == "eur"


def test_calculated_price_needs_a_pricing_context(client):
    shop = make_shop()
    response = client.get("/store/products?fields=*variants.calculated_price", **shop.headers)
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_data"


def test_inventory_quantity_on_request(client):
    shop = make_shop(stock=7)
    body = client.get("/store/products?fields=+variants.inventory_quantity", **shop.headers).json()
    assert {v["inventory_quantity"] for v in body["products"][0]["variants"]} == {7}


def test_plus_sent_as_space_still_adds(client):
    shop = make_shop(stock=3)
    body = client.get("/store/products?fields= variants.inventory_quantity", **shop.headers).json()
    assert body["products"][0]["variants"][0]["inventory_quantity"] == 3
    assert "title" in body["products"][0]


def test_bare_field_replaces_defaults(client):
    shop = make_shop()
    body = client.get("/store/products?fields=title", **shop.headers).json()
    assert body["products"][0] == {"id": shop.product.id, "title": "Trail Shirt"}


def test_draft_products_are_hidden(client):
    shop = make_shop()
    catalog.create_product(tenant=shop.tenant, data={"title": "Secret", "status": "draft"})
    assert client.get("/store/products", **shop.headers).json()["count"] == 1


def test_other_tenants_product_answers_404(client):
    acme, globex = make_shop("acme"), make_shop("globex")
    response = client.get(f"/store/products/{globex.product.id}", **acme.headers)
    assert response.status_code == 404
    assert response.json() == {
        "type": "not_found",
        "message": f"Product with id: {globex.product.id} was not found",
    }


def test_filters_by_handle_and_q(client):
    shop = make_shop()
    assert client.get("/store/products?handle=trail-shirt", **shop.headers).json()["count"] == 1
    assert client.get("/store/products?handle[]=nope", **shop.headers).json()["count"] == 0
    assert client.get("/store/products?q=trail", **shop.headers).json()["count"] == 1


@pytest.mark.parametrize("query", ["limit=x", "offset=-1", "order=password"])
def test_bad_list_parameters_are_invalid_data(client, query):
    shop = make_shop()
    response = client.get(f"/store/products?{query}", **shop.headers)
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_data"


def test_queries_do_not_grow_with_page_size(client, settings):
    settings.STORE_CACHE_SECONDS = 0  # the uncached path is what must stay constant
    shop = make_shop()
    channel = shop.tenant.sales_channels.get()
    fields = "*variants.calculated_price,+variants.inventory_quantity"
    url = f"/store/products?limit=50&region_id={shop.region.id}&fields={fields}"

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **shop.headers).status_code == 200
        return len(queries)

    few = count_queries()
    for n in range(6):
        catalog.create_product(
            tenant=shop.tenant,
            sales_channels=[channel],
            data={
                "title": f"Extra {n}",
                "status": "published",
                "options": [{"title": "Size", "values": ["S"]}],
                "variants": [
                    {
                        "title": "S",
                        "options": {"Size": "S"},
                        "prices": [{"amount": 5, "currency_code": "eur"}],
                    }
                ],
            },
        )
    assert count_queries() == few


def test_location_shared_by_two_channels_of_the_key_counts_once(client):
    shop = make_shop(stock=4)
    key = shop.tenant.api_keys.get(type="publishable")
    second = tenants.create_sales_channel(tenant=shop.tenant, name="Second shop")
    key.sales_channels.add(second)
    shop.tenant.stock_locations.get().sales_channels.add(second)
    body = client.get("/store/products?fields=+variants.inventory_quantity", **shop.headers).json()
    assert {v["inventory_quantity"] for v in body["products"][0]["variants"]} == {4}
