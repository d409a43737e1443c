"""Admin rules beyond plain CRUD: keys, tenants, categories, regions, stock and price lists."""

import pytest

from cityos.commerce.tenants import services as tenants
from cityos.commerce.users.models import User
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import bearer, make_shop

pytestmark = pytest.mark.django_db


def test_secret_key_token_is_shown_once(admin: AdminClient, client):
    created = admin.post("/admin/api-keys", {"title": "CI", "type": "secret"}).json()["api_key"]
    assert created["token"].startswith("sk_")
    again = admin.get(f"/admin/api-keys/{created['id']}").json()["api_key"]
    assert again["token"] == ""
    assert client.get("/admin/products", HTTP_AUTHORIZATION=f"Basic {created['token']}").status_code == 200


def test_a_key_must_be_revoked_before_deletion_and_then_stops_working(admin: AdminClient, client):
    created = admin.post("/admin/api-keys", {"title": "CI", "type": "secret"}).json()["api_key"]
    refused = admin.delete(f"/admin/api-keys/{created['id']}")
    assert refused.status_code == 400
    assert refused.json()["type"] == "not_allowed"
    revoked = admin.post(f"/admin/api-keys/{created['id']}/revoke", {}).json()["api_key"]
    assert revoked["revoked_at"] is not None
    assert client.get("/admin/products", HTTP_AUTHORIZATION=f"Basic {created['token']}").status_code == 401
    assert admin.delete(f"/admin/api-keys/{created['id']}").json()["deleted"] is True


def test_publishable_key_channels_can_be_linked(admin: AdminClient, client, shop):
    channel = admin.post("/admin/sales-channels", {"name": "Kiosk"}).json()["sales_channel"]
    key = admin.post("/admin/api-keys", {"title": "Kiosk", "type": "publishable"}).json()["api_key"]
    linked = admin.post(f"/admin/api-keys/{key['id']}/sales-channels", {"add": [channel["id"]]}).json()
    assert [c["id"] for c in linked["api_key"]["sales_channels"]] == [channel["id"]]
    # The product is only in the default channel, so the kiosk key sees none.
    assert client.get("/store/products", HTTP_X_PUBLISHABLE_API_KEY=key["token"]).json()["count"] == 0


def test_a_staff_member_in_two_tenants_must_name_one(client, shop):
    other = make_shop("globex")
    user = User.objects.create_user(email="staff@example.com", password="pw-123456")
    tenants.add_member(tenant=shop.tenant, user=user)
    tenants.add_member(tenant=other.tenant, user=user)
    ambiguous = client.get("/admin/products", **bearer(user))
    assert ambiguous.status_code == 400
    assert ambiguous.json()["type"] == "invalid_data"
    chosen = client.get("/admin/products", HTTP_X_TENANT_ID="globex", **bearer(user)).json()
    assert [p["id"] for p in chosen["products"]] == [other.product.id]
    stranger = make_shop("initech")
    assert (
        client.get("/admin/products", HTTP_X_TENANT_ID=stranger.tenant.id, **bearer(user)).status_code == 404
    )


def test_tenants_list_what_the_caller_may_act_in(admin: AdminClient, shop):
    make_shop("globex")
    listed = admin.get("/admin/tenants").json()
    assert [t["slug"] for t in listed["tenants"]] == ["acme"]
    assert listed["count"] == 1


def test_only_a_superuser_creates_tenants(admin: AdminClient, client):
    assert admin.post("/admin/tenants", {"slug": "newco", "name": "NewCo"}).status_code == 403
    root = User.objects.create_superuser(email="root@example.com", password="pw-123456")
    created = client.post(
        "/admin/tenants", {"slug": "newco", "name": "NewCo", "default_currency_code": "USD"},
        content_type="application/json", **bearer(root),
    )  # fmt: skip
    assert created.status_code == 200, created.content
    assert created.json()["tenant"]["default_currency_code"] == "usd"
    duplicate = client.post(
        "/admin/tenants", {"slug": "newco", "name": "Again"}, content_type="application/json", **bearer(root)
    )
    assert duplicate.status_code == 422


def test_tenant_patch_changes_name_but_not_status_for_a_tenant_key(admin: AdminClient, shop):
    renamed = admin.patch(f"/admin/tenants/{shop.tenant.id}", {"name": "Acme Ltd"})
    assert renamed.json()["tenant"]["name"] == "Acme Ltd"
    assert admin.patch(f"/admin/tenants/{shop.tenant.id}", {"status": "suspended"}).status_code == 403
    other = make_shop("globex")
    assert admin.patch(f"/admin/tenants/{other.tenant.id}", {"name": "Mine"}).status_code == 404


def test_category_moves_carry_their_subtree_and_cannot_loop(admin: AdminClient):
    root = admin.post("/admin/product-categories", {"name": "Clothing"}).json()["product_category"]
    child = admin.post(
        "/admin/product-categories", {"name": "Shirts", "parent_category_id": root["id"]}
    ).json()["product_category"]
    assert child["parent_category_id"] == root["id"]
    loop = admin.post(f"/admin/product-categories/{root['id']}", {"parent_category_id": child["id"]})
    assert loop.status_code == 400
    refused = admin.delete(f"/admin/product-categories/{root['id']}")
    assert refused.status_code == 400
    assert refused.json()["type"] == "not_allowed"


def test_a_country_sells_in_one_region(admin: AdminClient, shop):
    taken = admin.post("/admin/regions", {"name": "Again", "currency_code": "eur", "countries": ["de"]})
    assert taken.status_code == 400
    assert "de" in taken.json()["message"]
    unknown = admin.post("/admin/regions", {"name": "Nowhere", "currency_code": "eur", "countries": ["zz"]})
    assert unknown.status_code == 400


def test_levels_set_what_the_store_sees(admin: AdminClient, client, shop):
    variant = shop.product.variants.get(title="S")
    item = variant.inventory_links.get().inventory_item
    location = item.levels.get().location
    changed = admin.post(
        f"/admin/inventory-items/{item.id}/location-levels/{location.id}", {"stocked_quantity": 3}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["inventory_item"]["stocked_quantity"] == 3
    store = client.get(
        f"/store/products/{shop.product.id}?fields=+variants.inventory_quantity", **shop.headers
    ).json()["product"]
    assert {v["title"]: v["inventory_quantity"] for v in store["variants"]}["S"] == 3
    again = admin.post(f"/admin/inventory-items/{item.id}/location-levels", {"location_id": location.id})
    assert again.status_code == 422
    negative = admin.post(
        f"/admin/inventory-items/{item.id}/location-levels/{location.id}", {"stocked_quantity": -1}
    )
    assert negative.status_code == 400


def test_an_active_sale_list_lowers_the_calculated_price(admin: AdminClient, client, shop):
    variant = shop.product.variants.get(title="S")
    created = admin.post(
        "/admin/price-lists",
        {
            "title": "Spring sale", "type": "sale", "status": "active",
            "prices": [{"variant_id": variant.id, "currency_code": "eur", "amount": 15}],
        },
    )  # fmt: skip
    assert created.status_code == 200, created.content
    price_list = created.json()["price_list"]
    assert price_list["prices"][0]["variant_id"] == variant.id
    url = f"/store/products/{shop.product.id}?region_id={shop.region.id}&fields=*variants.calculated_price"
    prices = {
        v["title"]: v["calculated_price"]
        for v in client.get(url, **shop.headers).json()["product"]["variants"]
    }
    assert prices["S"]["calculated_amount"] == 15
    assert prices["S"]["original_amount"] == 20
    batch = admin.post(
        f"/admin/price-lists/{price_list['id']}/prices/batch",
        {
            "update": [
                {
                    "id": price_list["prices"][0]["id"],
                    "variant_id": variant.id,
                    "currency_code": "eur",
                    "amount": 12,
                }
            ]
        },
    ).json()
    assert batch["updated"][0]["amount"] == 12
    assert batch["updated"][0]["id"] == price_list["prices"][0]["id"]


def test_a_price_list_cannot_price_another_tenants_variant(admin: AdminClient):
    other = make_shop("globex").product.variants.first()
    response = admin.post(
        "/admin/price-lists",
        {"title": "Steal", "prices": [{"variant_id": other.id, "currency_code": "eur", "amount": 1}]},
    )
    assert response.status_code == 404
    assert admin.get("/admin/price-lists").json()["count"] == 0


def test_levels_batch_creates_in_one_go_and_checks_the_tenant(admin: AdminClient, shop):
    location = admin.post("/admin/stock-locations", {"name": "Annex"}).json()["stock_location"]
    items = [v.inventory_links.get().inventory_item_id for v in shop.product.variants.all()]
    rows = [
        {"inventory_item_id": item, "location_id": location["id"], "stocked_quantity": 7} for item in items
    ]
    created = admin.post("/admin/inventory-items/location-levels/batch", {"create": rows})
    assert created.status_code == 200, created.content
    assert [level["stocked_quantity"] for level in created.json()["created"]] == [7, 7]
    assert admin.post("/admin/inventory-items/location-levels/batch", {"create": rows[:1]}).status_code == 422
    foreign = make_shop("globex").product.variants.first().inventory_links.get().inventory_item_id
    refused = admin.post(
        "/admin/inventory-items/location-levels/batch",
        {"create": [{"inventory_item_id": foreign, "location_id": location["id"], "stocked_quantity": 1}]},
    )
    assert refused.status_code == 404
