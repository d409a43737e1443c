"""Queries are honoured or refused, never half-answered: ``sales_channel_id`` filters where Medusa's does,
every ``fields`` form selects what Medusa selects, and an unknown filter is a 400 naming it."""

from __future__ import annotations

import re

import pytest

from cityos.commerce.api import api
from cityos.commerce.catalog import services as catalog
from cityos.commerce.tenants import services as tenants
from cityos.commerce.users.models import User
from tests.commerce.factories import bearer, make_shop

pytestmark = pytest.mark.django_db


def test_explicit_fields_with_a_plus_field_keep_the_plus_field(client):
    shop = make_shop(stock=6)
    query = "fields=id,title,variants.id,+variants.inventory_quantity"
    product = client.get(f"/store/products?{query}", **shop.headers).json()["products"][0]
    assert set(product) == {"id", "title", "variants"}
    assert {variant["inventory_quantity"] for variant in product["variants"]} == {6}


def test_a_minus_field_takes_from_explicit_fields_too(client):
    shop = make_shop()
    product = client.get("/store/products?fields=id,title,handle,-handle", **shop.headers).json()["products"][
        0
    ]
    assert set(product) == {"id", "title"}


def test_store_products_filter_by_sales_channel_within_the_key(client):
    shop = make_shop()
    key = shop.tenant.api_keys.get(type="publishable")
    kiosk = tenants.create_sales_channel(tenant=shop.tenant, name="Kiosk")
    key.sales_channels.add(kiosk)
    catalog.create_product(
        tenant=shop.tenant, sales_channels=[kiosk], data={"title": "Kiosk Mug", "status": "published"}
    )
    listed = client.get(f"/store/products?sales_channel_id={kiosk.id}", **shop.headers).json()
    assert [p["title"] for p in listed["products"]] == ["Kiosk Mug"]
    assert client.get("/store/products", **shop.headers).json()["count"] == 2


def test_admin_orders_filter_by_sales_channel(admin):
    assert admin.get("/admin/orders?sales_channel_id=sc_nothing").json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["/store/products?colour=red", "/store/products?title=Shirt", "/store/products?created_at[gt]=1"]
)
def test_an_unknown_store_filter_is_a_400_naming_it(client, path):
    shop = make_shop()
    response = client.get(path, **shop.headers)
    assert response.status_code == 400
    name = path.split("?", 1)[1].split("=", 1)[0].split("[", 1)[0]
    assert response.json() == {
        "type": "invalid_data",
        "message": f"Invalid request: Unrecognized fields: '{name}'",
    }


@pytest.mark.parametrize(
    "path", ["/admin/orders?colour=red", "/admin/products?colour=red", "/admin/regions?colour=red"]
)
def test_an_unknown_admin_filter_is_a_400_naming_it(admin, path):
    response = admin.get(path)
    assert response.status_code == 400
    assert "'colour'" in response.json()["message"]


def test_a_unicode_digit_order_search_is_not_a_500(admin):
    assert admin.get("/admin/orders?q=³").status_code == 200


def get_routes() -> list[str]:
    """Every GET route of commerce's spec, path parameters filled with an id no row has."""
    spec = api.get_openapi_schema()
    return sorted(
        re.sub(r"\{[^}]+\}", "nothing", path) for path, ops in spec["paths"].items() if "get" in ops
    )


@pytest.mark.parametrize("path", get_routes())
def test_every_get_route_refuses_a_parameter_it_does_not_read(client, admin, shop, path):
    """Lists and single records alike: ``?colour=red`` is a 400 naming it, never silently ignored."""
    headers = admin.headers if path.startswith("/admin") else shop.headers
    if path.startswith("/admin/webhook-subscriptions"):  # the platform's, not a tenant's
        headers = bearer(User.objects.create_superuser(email="root@example.com", password="pw-123456"))
    response = client.get(f"{path}?colour=red", **headers)
    assert response.status_code == 400, (path, response.content)
    assert "'colour'" in response.json()["message"]
