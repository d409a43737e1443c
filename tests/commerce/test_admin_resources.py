"""The plain Admin resources: each answers Medusa's five routes, in its tenant only, with strict bodies."""

import pytest

from cityos.platform.events.models import OutboxEvent
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import make_shop, secret_key_headers

pytestmark = pytest.mark.django_db

# path, singular, plural, create body, update body, event prefix
RESOURCES = [
    (
        "/admin/collections",
        "collection",
        "collections",
        {"title": "Summer"},
        {"title": "Winter"},
        "product_collection",
    ),
    (
        "/admin/product-categories",
        "product_category",
        "product_categories",
        {"name": "Hats"},
        {"rank": 3},
        "product_category",
    ),
    (
        "/admin/product-tags",
        "product_tag",
        "product_tags",
        {"value": "eco"},
        {"value": "green"},
        "product_tag",
    ),
    (
        "/admin/product-types",
        "product_type",
        "product_types",
        {"value": "Shirt"},
        {"value": "Top"},
        "product_type",
    ),
    (
        "/admin/regions",
        "region",
        "regions",
        {"name": "UK", "currency_code": "gbp", "countries": ["gb"]},
        {"name": "Britain"},
        "region",
    ),
    (
        "/admin/sales-channels",
        "sales_channel",
        "sales_channels",
        {"name": "Kiosk"},
        {"is_disabled": True},
        "sales_channel",
    ),
    (
        "/admin/stock-locations",
        "stock_location",
        "stock_locations",
        {"name": "Depot"},
        {"name": "Depot 2"},
        "stock_location",
    ),
    (
        "/admin/inventory-items",
        "inventory_item",
        "inventory_items",
        {"sku": "BOX-1", "title": "Box"},
        {"title": "Big box"},
        "inventory_item",
    ),
    (
        "/admin/price-lists",
        "price_list",
        "price_lists",
        {"title": "Sale"},
        {"status": "active"},
        "price_list",
    ),
    ("/admin/stores", "store", "stores", {"name": "Second shop"}, {"name": "Renamed shop"}, "store"),
]
IDS = [resource[1] for resource in RESOURCES]


@pytest.mark.parametrize(("path", "singular", "plural", "create", "update", "event"), RESOURCES, ids=IDS)
def test_lifecycle(admin: AdminClient, path, singular, plural, create, update, event):
    created = admin.post(path, create)
    assert created.status_code == 200, created.content
    record = created.json()[singular]
    assert OutboxEvent.objects.filter(name=f"{event}.created", entity_id=record["id"]).exists()
    listed = admin.get(path).json()
    assert record["id"] in {row["id"] for row in listed[plural]}
    assert {"count", "offset", "limit"} <= listed.keys()
    assert admin.get(f"{path}/{record['id']}").json()[singular]["id"] == record["id"]
    changed = admin.post(f"{path}/{record['id']}", update)
    assert changed.status_code == 200, changed.content
    for key, value in update.items():
        assert changed.json()[singular][key] == value
    assert OutboxEvent.objects.filter(name=f"{event}.updated", entity_id=record["id"]).exists()
    removed = admin.delete(f"{path}/{record['id']}").json()
    assert removed == {"id": record["id"], "object": singular, "deleted": True}
    assert admin.get(f"{path}/{record['id']}").status_code == 404
    assert OutboxEvent.objects.filter(name=f"{event}.deleted", entity_id=record["id"]).exists()


@pytest.mark.parametrize(("path", "singular", "plural", "create", "update", "event"), RESOURCES, ids=IDS)
def test_unknown_fields_are_refused(admin: AdminClient, path, singular, plural, create, update, event):
    events = OutboxEvent.objects.count()
    response = admin.post(path, {**create, "bogus": 1})
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Unrecognized fields: 'bogus'"}
    assert OutboxEvent.objects.count() == events


@pytest.mark.parametrize(("path", "singular", "plural", "create", "update", "event"), RESOURCES, ids=IDS)
def test_another_tenants_record_is_not_found(
    client, admin: AdminClient, path, singular, plural, create, update, event
):
    other = AdminClient(client, secret_key_headers(make_shop("globex").tenant))
    theirs = other.post(path, create).json()[singular]["id"]
    assert admin.get(f"{path}/{theirs}").status_code == 404
    assert admin.post(f"{path}/{theirs}", update).status_code == 404
    assert admin.delete(f"{path}/{theirs}").status_code == 404
    assert theirs not in {row["id"] for row in admin.get(f"{path}?limit=1000").json()[plural]}
    assert other.get(f"{path}/{theirs}").status_code == 200
