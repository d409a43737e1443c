import pytest

from cityos.commerce.catalog.models import Product
from cityos.commerce.inventory.models import InventoryItem
from cityos.platform.events.models import OutboxEvent
from tests.commerce.factories import make_shop

pytestmark = pytest.mark.django_db

SHIRT = {
    "title": "Harbour Shirt",
    "status": "published",
    "options": [{"title": "Size", "values": ["S", "M", "L"]}],
    "variants": [
        {
            "title": size,
            "sku": f"HARBOUR-{size}",
            "options": {"Size": size},
            "prices": [
                {"amount": 30, "currency_code": "eur"},
                {"amount": 27.5, "currency_code": "eur", "min_quantity": 10},
            ],
        }
        for size in ("S", "M", "L")
    ],
}


def test_without_credentials_is_unauthorized(client):
    response = client.get("/admin/products")
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}


def test_create_product_answers_it_with_variants_prices_and_default_channel(admin, shop):
    response = admin.post("/admin/products", SHIRT)
    assert response.status_code == 200, response.content
    product = response.json()["product"]
    assert product["id"].startswith("prod_")
    assert product["handle"] == "harbour-shirt"
    assert [v["sku"] for v in product["variants"]] == ["HARBOUR-S", "HARBOUR-M", "HARBOUR-L"]
    prices = product["variants"][0]["prices"]
    assert {(p["amount"], p["min_quantity"]) for p in prices} == {(30, None), (27.5, 10)}
    assert [c["id"] for c in product["sales_channels"]] == [shop.tenant.stores.get().default_sales_channel_id]
    assert InventoryItem.objects.filter(sku="HARBOUR-S").exists()
    assert OutboxEvent.objects.filter(name="product.created", entity_id=product["id"]).count() == 1


def test_created_product_is_visible_in_the_store(admin, client, shop):
    product = admin.post("/admin/products", SHIRT).json()["product"]
    response = client.get(f"/store/products/{product['id']}", **shop.headers)
    assert response.status_code == 200


def test_unknown_field_is_refused_and_nothing_is_written(admin):
    response = admin.post("/admin/products", {**SHIRT, "colour": "red"})
    assert response.status_code == 400
    assert response.json() == {"type": "invalid_data", "message": "Unrecognized fields: 'colour'"}
    assert not Product.objects.filter(title="Harbour Shirt").exists()


def test_missing_title_is_invalid_data(admin):
    response = admin.post("/admin/products", {"status": "draft"})
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_data"
    assert "title" in response.json()["message"]


def test_duplicate_handle_is_422(admin, shop):
    response = admin.post("/admin/products", {"title": "Again", "handle": shop.product.handle})
    assert response.status_code == 422
    assert response.json()["type"] == "duplicate_error"


def test_duplicate_sku_rolls_back_the_whole_product(admin):
    body = {**SHIRT, "variants": [{**SHIRT["variants"][0]}, {**SHIRT["variants"][1], "sku": "HARBOUR-S"}]}
    response = admin.post("/admin/products", body)
    assert response.status_code == 422
    assert not Product.objects.filter(title="Harbour Shirt").exists()
    assert (
        not OutboxEvent.objects.filter(name="product.created")
        .exclude(entity_id__in=Product.objects.values("id"))
        .exists()
    )


def test_unknown_option_value_rolls_back(admin):
    body = {**SHIRT, "variants": [{**SHIRT["variants"][0], "options": {"Size": "XXL"}}]}
    response = admin.post("/admin/products", body)
    assert response.status_code == 400
    assert not Product.objects.filter(title="Harbour Shirt").exists()


def test_update_is_post_and_changes_only_what_was_sent(admin, shop):
    response = admin.post(f"/admin/products/{shop.product.id}", {"subtitle": "Now with pockets"})
    assert response.status_code == 200
    product = response.json()["product"]
    assert product["subtitle"] == "Now with pockets"
    assert product["title"] == "Trail Shirt"
    assert OutboxEvent.objects.filter(name="product.updated", entity_id=shop.product.id).exists()


def test_patch_updates_as_the_seed_calls_it(admin, shop):
    response = admin.patch(f"/admin/products/{shop.product.id}", {"title": "Patched"})
    assert response.json()["product"]["title"] == "Patched"


def test_delete_answers_medusa_shape(admin, shop):
    response = admin.delete(f"/admin/products/{shop.product.id}")
    assert response.json() == {"id": shop.product.id, "object": "product", "deleted": True}
    assert admin.get(f"/admin/products/{shop.product.id}").status_code == 404
    assert OutboxEvent.objects.filter(name="product.deleted", entity_id=shop.product.id).exists()


def test_missing_product_is_404_with_medusa_message(admin):
    response = admin.get("/admin/products/prod_missing")
    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "message": "Product with id: prod_missing was not found"}


def test_another_tenants_product_is_not_found(admin):
    other = make_shop("globex")
    assert admin.get(f"/admin/products/{other.product.id}").status_code == 404
    assert admin.post(f"/admin/products/{other.product.id}", {"title": "Mine"}).status_code == 404
    assert admin.delete(f"/admin/products/{other.product.id}").status_code == 404
    assert other.product.id not in {p["id"] for p in admin.get("/admin/products").json()["products"]}


def test_another_tenants_collection_cannot_be_linked(admin):
    other = admin_collection_of_other_tenant()
    response = admin.post("/admin/products", {"title": "Linked", "collection_id": other})
    assert response.status_code == 404
    assert not Product.objects.filter(title="Linked").exists()


def admin_collection_of_other_tenant() -> str:
    from cityos.commerce.catalog import services

    return services.create_collection(tenant=make_shop("globex").tenant, title="Theirs").id


def test_variant_routes(admin, shop):
    product_id = shop.product.id
    admin.post(f"/admin/products/{product_id}", {"options": [{"title": "Size", "values": ["L"]}]})
    created = admin.post(
        f"/admin/products/{product_id}/variants",
        {
            "title": "L",
            "sku": "acme-SHIRT-L",
            "options": {"Size": "L"},
            "prices": [{"amount": 24, "currency_code": "eur"}],
        },
    )
    assert created.status_code == 200, created.content
    variant = next(v for v in created.json()["product"]["variants"] if v["sku"] == "acme-SHIRT-L")
    updated = admin.post(
        f"/admin/products/{product_id}/variants/{variant['id']}",
        {"prices": [{"amount": 26, "currency_code": "eur"}]},
    ).json()["product"]
    prices = next(v for v in updated["variants"] if v["id"] == variant["id"])["prices"]
    assert [p["amount"] for p in prices] == [26]
    removed = admin.delete(f"/admin/products/{product_id}/variants/{variant['id']}").json()
    assert removed["deleted"] is True
    assert removed["object"] == "variant"
    assert variant["id"] not in {v["id"] for v in removed["parent"]["variants"]}


def test_batch_is_all_or_nothing(admin, shop):
    response = admin.post(
        "/admin/products/batch",
        {
            "create": [SHIRT],
            "update": [{"id": shop.product.id, "title": "Renamed"}],
            "delete": ["prod_missing"],
        },
    )
    assert response.status_code == 404
    assert not Product.objects.filter(title="Harbour Shirt").exists()
    assert Product.objects.get(id=shop.product.id).title == "Trail Shirt"


def test_batch_answers_created_updated_deleted(admin, shop):
    response = admin.post(
        "/admin/products/batch",
        {"create": [SHIRT], "update": [{"id": shop.product.id, "title": "Renamed"}], "delete": []},
    )
    body = response.json()
    assert body["created"][0]["title"] == "Harbour Shirt"
    assert body["updated"][0]["title"] == "Renamed"
    assert body["deleted"] == {"ids": [], "object": "product", "deleted": True}


def test_list_filters_by_status_and_q(admin, shop):
    admin.post("/admin/products", {"title": "Draft Hat"})
    drafts = admin.get("/admin/products?status=draft").json()
    assert [p["title"] for p in drafts["products"]] == ["Draft Hat"]
    found = admin.get("/admin/products?q=trail").json()
    assert found["count"] == 1
