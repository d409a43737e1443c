import pytest

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.demo import load
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.tenants.tokens import digest

pytestmark = pytest.mark.django_db

WANTED = {
    "admin": {"email": "admin@example.com", "password": "a-long-password"},
    "secret_api_key": "sk_" + "ab" * 32,
    "customer_password": "customer-password",
}


def test_demo_makes_two_tenants_with_stores_and_keys():
    made = load(WANTED)
    assert [t["slug"] for t in made["tenants"]] == ["acme", "globex"]
    for tenant in made["tenants"]:
        assert tenant["publishable_key"].startswith("pk_")
        assert tenant["store_id"].startswith("store_")
        assert tenant["id"].startswith("ten_")


def test_demo_is_idempotent():
    first = load(WANTED)
    second = load(WANTED)
    assert first == second
    assert Tenant.objects.count() == 2
    assert ApiKey.objects.filter(type="secret").count() == 1


def test_secret_key_is_stored_only_as_digest():
    load(WANTED)
    key = ApiKey.objects.get(type="secret")
    assert key.token == digest(WANTED["secret_api_key"])
    assert key.tenant.slug == "acme"
    assert WANTED["secret_api_key"] not in key.redacted


def test_demo_catalog_is_visible_in_the_store(client):
    made = load(WANTED)
    tenant = made["tenants"][0]
    body = client.get(
        f"/store/products?region_id={tenant['region_id']}&fields=*variants.calculated_price",
        HTTP_X_PUBLISHABLE_API_KEY=tenant["publishable_key"],
    ).json()
    assert body["count"] == 50
    assert all(v["calculated_price"]["currency_code"] == "eur" for v in body["products"][0]["variants"])


def test_demo_tenants_can_check_out_with_the_code_and_the_customer(client):
    made = load(WANTED)
    tenant = made["tenants"][0]
    headers = {"HTTP_X_PUBLISHABLE_API_KEY": tenant["publishable_key"]}
    credentials = {"email": tenant["customer"]["email"], "password": WANTED["customer_password"]}
    signed_in = client.post(
        "/auth/customer/emailpass", credentials, content_type="application/json", **headers
    )
    assert signed_in.status_code == 200
    cart = client.post("/store/carts", {}, content_type="application/json", **headers).json()["cart"]
    variant = ProductVariant.objects.filter(tenant_id=tenant["id"]).first()
    body = {"variant_id": variant.id, "quantity": 1}
    client.post(f"/store/carts/{cart['id']}/line-items", body, content_type="application/json", **headers)
    codes = {"promo_codes": [tenant["promo_code"]]}
    answer = client.post(
        f"/store/carts/{cart['id']}/promotions", codes, content_type="application/json", **headers
    )
    assert answer.json()["cart"]["discount_total"] > 0
    options = client.get(f"/store/shipping-options?cart_id={cart['id']}", **headers).json()[
        "shipping_options"
    ]
    assert {o["name"] for o in options} == {"Standard Shipping", "Express Shipping"}
