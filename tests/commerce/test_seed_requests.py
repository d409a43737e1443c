"""The seeds' own Store requests, sent as the seeds write them: seed 000's ``tenant_id`` on the
product list, seed 002's ``fields=…,*payload_product`` on a product page."""

from __future__ import annotations

import pytest
from django.test import Client

from cityos.commerce.sync import apply_editorial
from tests.commerce.factories import Shop, make_shop

pytestmark = pytest.mark.django_db

SEED_002_FIELDS = "*variants.calculated_price,+variants.inventory_quantity,+metadata,*payload_product"


def listed(client: Client, shop: Shop, query: str) -> list[str]:
    response = client.get(f"/store/products?{query}", **shop.headers)
    assert response.status_code == 200, response.content
    return [product["id"] for product in response.json()["products"]]


def test_the_list_honours_the_keys_own_tenant_by_id_or_slug(client: Client, shop: Shop) -> None:
    assert listed(client, shop, f"tenant_id={shop.tenant.id}&limit=20") == [shop.product.id]
    assert listed(client, shop, f"tenant_id={shop.tenant.slug}&limit=20") == [shop.product.id]


def test_another_tenant_gives_an_empty_list_never_its_rows(client: Client, shop: Shop) -> None:
    other = make_shop("globex")
    assert listed(client, shop, f"tenant_id={other.tenant.id}&limit=20") == []
    assert listed(client, shop, "tenant_id=tenant-123&limit=20") == []
    path = f"/store/products/{shop.product.id}?tenant_id={other.tenant.id}"
    assert client.get(path, **shop.headers).status_code == 404


def test_payload_product_answers_what_cms_product_does(client: Client, shop: Shop) -> None:
    editorial = {"description": "<p>Soft.</p>", "title_override": "Trail Tee", "thumbnail": None,
                 "images": [], "seo": {"meta_title": "Tee"}}  # fmt: skip
    data = {"id": 7, "tenant": shop.tenant.slug, "medusa_id": shop.product.id, "editorial": editorial}
    assert apply_editorial("product.published", "2026-12-01T10:00:00Z", data) == "applied"
    path = f"/store/products/{shop.product.id}?region_id={shop.region.id}&fields={SEED_002_FIELDS}"
    product = client.get(path, **shop.headers).json()["product"]
    assert product["payload_product"]["title_override"] == "Trail Tee"
    assert product["payload_product"]["description"] == "<p>Soft.</p>"
    assert "metadata" in product
    assert "cms_product" not in product


def test_unknown_parameters_are_refused_by_name(client: Client, shop: Shop) -> None:
    response = client.get("/store/products?tenantid=x", **shop.headers)
    assert response.status_code == 400
    assert "tenantid" in response.json()["message"]
