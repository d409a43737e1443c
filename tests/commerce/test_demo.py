import pytest

from cityos.commerce.demo import load
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.tenants.tokens import digest

pytestmark = pytest.mark.django_db

WANTED = {
    "admin": {"email": "admin@example.com", "password": "a-long-password"},
    "secret_api_key": "sk_" + "ab" * 32,
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
