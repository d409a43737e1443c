"""Tenants, stores and categories mirrored from commerce, and what content adds to them."""

from __future__ import annotations

from typing import Any

import pytest

from cityos.content.catalog.models import Category
from cityos.content.sync import apply_mirror
from cityos.content.tenants.models import Store, Tenant
from cityos.platform.events.models import OutboxEvent
from tests.content.conftest import Api

pytestmark = pytest.mark.django_db
T1, T2, T3 = "2026-11-22T10:00:00.000001Z", "2026-11-22T10:00:00.000002Z", "2026-11-22T10:00:00.000003Z"
TENANT = {"id": "ten_1", "tenant": "acme", "slug": "acme", "name": "Acme Ltd", "status": "active",
          "default_currency_code": "eur"}  # fmt: skip
STORE = {"id": "store_1", "tenant": "acme", "name": "Acme", "handle": "acme", "sales_channel_id": "sc_1",
         "publishable_keys": ["pk_1"], "region_ids": ["reg_1"], "default_region_id": None}  # fmt: skip
APPAREL = {"id": "pcat_1", "tenant": "acme", "handle": "apparel", "name": "Apparel", "parent_id": None,
           "rank": 0, "is_active": True, "is_internal": False}  # fmt: skip
SHIRTS = {**APPAREL, "id": "pcat_2", "handle": "shirts", "name": "Shirts", "parent_id": "pcat_1", "rank": 1}


def test_a_tenant_met_by_slug_is_adopted_and_mirrored(tenants: dict[str, Tenant]) -> None:
    assert apply_mirror("tenant.created", T1, TENANT) == "applied"
    tenant = Tenant.objects.get(slug="acme")
    assert (tenant.pk, tenant.medusa_id, tenant.name) == (tenants["acme"].pk, "ten_1", "Acme Ltd")
    assert apply_mirror("tenant.updated", T2, TENANT) == "unchanged"


def test_a_tenant_event_taking_another_tenants_slug_is_ignored(tenants: dict[str, Tenant]) -> None:
    apply_mirror("tenant.created", T1, TENANT)
    assert apply_mirror("tenant.updated", T2, {**TENANT, "id": "ten_2", "slug": "acme"}) == "ignored"


def test_stores_and_categories_arrive_and_announce_nothing_commerce_hears(tenants: dict[str, Tenant]) -> None:
    from cityos.platform.events.delivery import matches
    from cityos.platform.events.models import Subscription
    from cityos.sync_contract import subscriptions

    OutboxEvent.objects.all().delete()
    arrivals = [("tenant.created", TENANT), ("store.created", STORE)]
    arrivals += [("product_category.created", SHIRTS), ("product_category.created", APPAREL)]
    for name, snapshot in arrivals:
        assert apply_mirror(name, T1, snapshot) == "applied"
    store = Store.objects.get(medusa_id="store_1")
    assert (store.tenant.slug, store.publishable_keys) == ("acme", ["pk_1"])
    assert Category.objects.get(medusa_id="pcat_2").live
    commerce = Subscription(events=subscriptions("content"))
    assert not any(matches(commerce, name) for name in OutboxEvent.objects.values_list("name", flat=True))


def test_a_deleted_category_is_unpublished_and_keeps_its_description(tenants: dict[str, Tenant]) -> None:
    apply_mirror("product_category.created", T1, APPAREL)
    Category.objects.filter(medusa_id="pcat_1").update(description="<p>Kept</p>")
    assert apply_mirror("product_category.deleted", T2, {"id": "pcat_1", "tenant": "acme"}) == "applied"
    category = Category.objects.get()
    assert (category.live, category.description) == (False, "<p>Kept</p>")
    assert category.deleted_in_commerce_at is not None


def test_another_tenants_store_event_is_ignored(tenants: dict[str, Tenant]) -> None:
    apply_mirror("store.created", T1, STORE)
    assert apply_mirror("store.updated", T2, {**STORE, "tenant": "globex", "name": "Stolen"}) == "ignored"
    assert Store.objects.get().name == "Acme"


def test_categories_list_with_the_parent_populated(tenants: dict[str, Tenant], anonymous: Api) -> None:
    apply_mirror("product_category.created", T1, APPAREL)
    apply_mirror("product_category.created", T1, SHIRTS)
    docs = anonymous.get("/api/categories?where[handle][equals]=shirts&depth=1").json()["docs"]
    assert docs[0]["parent"]["handle"] == "apparel"
    flat = anonymous.get("/api/categories?where[handle][equals]=shirts&depth=0").json()["docs"]
    assert flat[0]["parent"] == Category.objects.get(medusa_id="pcat_1").pk


def test_a_products_categories_are_populated_in_one_query_per_level(
    tenants: dict[str, Tenant], anonymous: Api, django_assert_max_num_queries: Any
) -> None:
    from tests.content.test_sync_apply import SNAPSHOT

    apply_mirror("product_category.created", T1, APPAREL)
    for number in range(5):
        snapshot = {
            **SNAPSHOT,
            "id": f"prod_{number}",
            "handle": f"p{number}",
            "categories": [{"id": "pcat_1"}],
        }
        apply_mirror("product.created", T1, snapshot)
    with django_assert_max_num_queries(8):
        docs = anonymous.get("/api/products?depth=2&limit=5").json()["docs"]
    assert {doc["categories"][0]["name"] for doc in docs} == {"Apparel"}


def test_an_editor_brands_their_store_but_cannot_create_or_take_its_commerce_fields(
    tenants: dict[str, Tenant], editor: Api
) -> None:
    apply_mirror("store.created", T1, STORE)
    store = Store.objects.get()
    changed = editor.patch(f"/api/stores/{store.pk}", {"branding": {"logo": "/l.png"}, "name": "Mine",
                                                        "domains": ["shop.acme.test"]})  # fmt: skip
    assert changed.status_code == 200
    doc = changed.json()["doc"]
    assert (doc["branding"], doc["name"], doc["domains"][0]["domain"]) == (
        {"logo": "/l.png"},
        "Acme",
        "shop.acme.test",
    )
    assert (
        editor.post("/api/stores", {"medusa_id": "store_9", "name": "X", "tenant": "acme"}).status_code == 403
    )
    event = OutboxEvent.objects.filter(name="store.updated").order_by("-id").first()
    assert event.data["editorial"] == {"branding": {"logo": "/l.png"}, "domains": ["shop.acme.test"]}


def test_a_store_domain_another_tenant_holds_is_refused(tenants: dict[str, Tenant], editor: Api) -> None:
    from cityos.content.tenants.models import TenantDomain

    TenantDomain.objects.create(tenant=tenants["globex"], domain="globex.test")
    apply_mirror("store.created", T1, STORE)
    answer = editor.patch(f"/api/stores/{Store.objects.get().pk}", {"domains": ["globex.test"]})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["data"]["errors"][0]["path"] == "domains"
    assert not Store.objects.get().domains.exists()


def test_editors_may_not_create_or_delete_categories(tenants: dict[str, Tenant], editor: Api) -> None:
    apply_mirror("product_category.created", T1, APPAREL)
    pk = Category.objects.get().pk
    assert (
        editor.post("/api/categories", {"medusa_id": "pcat_9", "name": "X", "tenant": "acme"}).status_code
        == 403
    )
    assert editor.delete(f"/api/categories/{pk}").status_code == 403
    changed = editor.patch(
        f"/api/categories/{pk}", {"description": "**Warm**", "seo": {"meta_title": "Warm"}}
    )
    assert changed.status_code == 200
    event = OutboxEvent.objects.filter(name="category.published").order_by("-id").first()
    assert event.data["medusa_id"] == "pcat_1"
    assert event.data["editorial"]["seo"]["meta_title"] == "Warm"
    assert "<strong>Warm</strong>" in event.data["editorial"]["description"]


def test_a_store_deleted_in_commerce_is_hidden_from_visitors_and_kept_for_editors(
    tenants: dict[str, Tenant], anonymous: Api, editor: Api
) -> None:
    apply_mirror("store.created", T1, STORE)
    apply_mirror("store.deleted", T2, {"id": "store_1", "tenant": "acme"})
    assert anonymous.get("/api/stores").json()["totalDocs"] == 0
    assert editor.get("/api/stores").json()["totalDocs"] == 1
