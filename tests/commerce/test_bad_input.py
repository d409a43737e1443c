"""Input a hostile tester sent that once answered 500: each answers its 4xx in Medusa's shape and changes
nothing."""

from __future__ import annotations

import json

import pytest

from cityos.commerce.catalog.models import Product, ProductCategory
from cityos.commerce.regions.models import Region
from cityos.platform.events.models import OutboxEvent

pytestmark = pytest.mark.django_db


def raw_post(admin, path: str, body: str):
    return admin.client.post(path, body, content_type="application/json", **admin.headers)


def assert_refused(response, status: int, kind: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == kind
    assert body["message"]


def test_lone_surrogates_are_refused(admin):
    before = Product.objects.count()
    assert_refused(raw_post(admin, "/admin/products", '{"title": "\\ud800x"}'), 400, "invalid_data")
    assert_refused(
        raw_post(admin, "/admin/shipping-profiles", '{"name": "P", "type": "d", "metadata": {"\\udab1": 1}}'),
        400,
        "invalid_data",
    )
    assert Product.objects.count() == before


def test_integers_wider_than_64_bits_are_read_as_javascript_reads_them(admin):
    response = raw_post(
        admin, "/admin/products", '{"title": "Wide", "metadata": {"n": 123456789012345678901234567890}}'
    )
    assert response.status_code == 200, response.content
    assert response.json()["product"]["metadata"]["n"] == pytest.approx(1.2345678901234568e29)


@pytest.mark.parametrize("rank", ["99999999999999999999", "9223372036854775808"])
def test_a_rank_no_column_holds_is_a_400(admin, rank):
    before = ProductCategory.objects.count()
    assert_refused(
        raw_post(admin, "/admin/product-categories", f'{{"name": "C", "rank": {rank}}}'), 400, "invalid_data"
    )
    assert ProductCategory.objects.count() == before


@pytest.mark.parametrize("param", ["limit", "offset"])
@pytest.mark.parametrize("path", ["/admin/products", "/admin/regions", "/admin/orders"])
def test_paging_beyond_64_bits_is_a_400(admin, path, param):
    assert_refused(admin.get(f"{path}?{param}=99999999999999999999999"), 400, "invalid_data")


@pytest.mark.parametrize("code", ["æ°7", "xyz", None, "EURO"])
def test_a_region_needs_an_iso_currency(admin, code):
    before = Region.objects.count()
    assert_refused(admin.post("/admin/regions", {"name": "Odd", "currency_code": code}), 400, "invalid_data")
    assert Region.objects.count() == before


def test_an_upper_case_currency_is_stored_as_medusa_stores_it(admin):
    assert (
        admin.post("/admin/regions", {"name": "US", "currency_code": "USD"}).json()["region"]["currency_code"]
        == "usd"
    )


def test_deleting_a_region_a_cart_uses_is_a_conflict(admin, shop):
    cart = admin.client.post(
        "/store/carts", {"region_id": shop.region.id}, content_type="application/json", **shop.headers
    )
    assert cart.status_code == 200
    events = OutboxEvent.objects.count()
    assert_refused(admin.delete(f"/admin/regions/{shop.region.id}"), 409, "conflict")
    assert Region.objects.filter(pk=shop.region.id).exists()
    assert OutboxEvent.objects.count() == events


@pytest.mark.parametrize(
    "body",
    [
        {"title": "N", "discountable": None},
        {"title": "N", "is_giftcard": None},
        {"title": "N", "tags": None},
        {"title": "N", "options": None},
        {"title": "N", "variants": None},
        {"title": "N", "images": None},
        {"title": "N", "sales_channels": None},
    ],
)
def test_null_for_a_field_medusa_only_lets_leave_out_is_a_400(admin, body):
    before = Product.objects.count()
    assert_refused(admin.post("/admin/products", body), 400, "invalid_data")
    assert Product.objects.count() == before


@pytest.mark.parametrize("body", [{"currency_code": None}, {"name": None}, {"countries": None}])
def test_null_in_a_region_update_is_a_400(admin, shop, body):
    assert_refused(admin.post(f"/admin/regions/{shop.region.id}", body), 400, "invalid_data")
    assert Region.objects.get(pk=shop.region.id).currency_code == "eur"


def test_a_body_beyond_the_size_limit_answers_the_json_shape(admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = raw_post(admin, "/admin/products", json.dumps({"title": "x" * 2000}))
    assert_refused(response, 413, "invalid_data")


def test_a_promotion_needs_an_iso_currency(admin):
    body = {"code": "TEN", "method_type": "fixed", "value": 10, "currency_code": "eur"}
    assert admin.post("/admin/promotions", body).status_code == 200
    refused = admin.post("/admin/promotions", {**body, "code": "ELEVEN", "currency_code": "æ°7"})
    assert_refused(refused, 400, "invalid_data")
    assert "currency_code" in refused.json()["message"]
