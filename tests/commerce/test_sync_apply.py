"""Content's editorial fields applied in commerce: newest wins, once, own tenant only, no echo."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cityos.commerce.catalog.models import Product
from cityos.commerce.sync import apply_editorial, apply_editorial_batch
from cityos.platform.events.delivery import matches
from cityos.platform.events.models import OutboxEvent, Subscription
from cityos.sync_contract import subscriptions
from tests.commerce.factories import Shop, make_shop

EDITORIAL = {
    "description": "<p>Soft <b>merino</b>.</p>",
    "title_override": None,
    "thumbnail": "https://cdn.example/shirt.jpg",
    "images": [],
    "seo": {"meta_title": "Trail Shirt", "meta_description": "A shirt for trails", "keywords": "shirt"},
}


def published(shop: Shop, **editorial: Any) -> dict[str, Any]:
    return {
        "id": 7,
        "tenant": shop.tenant.slug,
        "medusa_id": shop.product.id,
        "editorial": {**EDITORIAL, **editorial},
    }


def cms_product(client: Client, shop: Shop) -> Any:
    path = f"/store/products/{shop.product.id}?fields=*cms_product"
    return client.get(path, **shop.headers).json()["product"]["cms_product"]


def test_published_editorial_fields_show_in_the_store(client: Client, shop: Shop) -> None:
    assert apply_editorial("product.published", "2026-11-22T10:00:00Z", published(shop)) == "applied"
    shown = cms_product(client, shop)
    assert shown["description"] == EDITORIAL["description"]
    assert shown["seo"]["meta_title"] == "Trail Shirt"
    assert OutboxEvent.objects.filter(name="product.synced", entity_id=shop.product.id).count() == 1

    assert apply_editorial("product.unpublished", "2026-11-22T11:00:00Z", published(shop)) == "applied"
    assert cms_product(client, shop) is None


def test_an_older_or_repeated_event_changes_nothing(shop: Shop) -> None:
    apply_editorial("product.published", "2026-11-22T10:00:00Z", published(shop, title_override="New"))
    assert apply_editorial("product.published", "2026-11-22T09:00:00Z", published(shop)) == "stale"
    assert apply_editorial("product.published", "2026-11-22T10:00:00Z", published(shop)) == "stale"
    again = published(shop, title_override="New")
    assert apply_editorial("product.published", "2026-11-22T12:00:00Z", again) == "unchanged"
    product = Product.objects.get(pk=shop.product.pk)
    assert product.metadata["cms"]["title_override"] == "New"
    assert product.metadata["cms"]["version"] == "2026-11-22T12:00:00Z"
    assert OutboxEvent.objects.filter(name="product.synced").count() == 1


def test_another_tenants_event_never_writes_this_product(shop: Shop) -> None:
    other = make_shop("globex")
    forged = {**published(shop), "tenant": other.tenant.slug}
    assert apply_editorial("product.published", "2026-11-22T10:00:00Z", forged) == "ignored"
    assert Product.objects.get(pk=shop.product.pk).metadata in (None, {})


def test_content_is_not_subscribed_to_what_an_applied_change_announces(db: None) -> None:
    to_content = Subscription(url="http://content/api/webhooks/commerce", events=subscriptions("commerce"))
    assert not matches(to_content, "product.synced")
    assert matches(to_content, "product.updated")


def test_category_tenant_and_store_editorial_fields_land_in_their_metadata(shop: Shop) -> None:
    from cityos.commerce.catalog import services as catalog
    from cityos.commerce.catalog.models import ProductCategory
    from cityos.commerce.tenants.models import Store, Tenant

    category = catalog.create_category(tenant=shop.tenant, name="Shirts")
    store = Store.objects.get(tenant=shop.tenant)
    slug, when = shop.tenant.slug, "2026-11-22T10:00:00Z"
    events = [
        ("category.published", category.id, {"description": "<p>Tees</p>", "image": None, "seo": {}}),
        ("tenant.updated", shop.tenant.id, {"theme": {"primary": "#123456"}, "domains": ["acme.test"]}),
        ("store.updated", store.id, {"branding": {"logo": "/logo.png"}, "domains": []}),
    ]
    for name, medusa_id, editorial in events:
        data = {"id": 3, "tenant": slug, "medusa_id": medusa_id, "editorial": editorial}
        assert apply_editorial(name, when, data) == "applied"
    assert ProductCategory.objects.get(pk=category.pk).metadata["cms"]["description"] == "<p>Tees</p>"
    assert Tenant.objects.get(pk=shop.tenant.pk).metadata["cms"]["theme"] == {"primary": "#123456"}
    assert Store.objects.get(pk=store.pk).metadata["cms"]["branding"] == {"logo": "/logo.png"}
    assert {e.name for e in OutboxEvent.objects.filter(name__endswith=".synced")} == {
        "product_category.synced", "tenant.synced", "store.synced"
    }  # fmt: skip


def test_a_tenant_event_naming_another_tenants_slug_is_ignored(shop: Shop) -> None:
    other = make_shop("globex")
    data = {"id": 3, "tenant": "globex", "medusa_id": shop.tenant.id, "editorial": {"theme": {}}}
    assert apply_editorial("tenant.updated", "2026-11-22T10:00:00Z", data) == "ignored"
    assert other.tenant.metadata is None


def test_a_reconciliation_batch_repairs_drift_and_then_changes_nothing(shop: Shop) -> None:
    entry = {"entity": "product", "action": "published", "id": 7, "medusa_id": shop.product.id,
             "editorial": EDITORIAL}  # fmt: skip
    batch = {"tenant": shop.tenant.slug, "entries": [entry, {**entry, "entity": "page"}]}
    assert apply_editorial_batch("editorial.batch", "2026-11-22T10:00:00Z", batch) == "applied"
    metadata = Product.objects.get(pk=shop.product.pk).metadata
    metadata["cms"]["seo"] = {"meta_title": "Drifted"}  # a change made in this database directly
    Product.objects.filter(pk=shop.product.pk).update(metadata=metadata)
    assert apply_editorial_batch("editorial.batch", "2026-11-22T11:00:00Z", batch) == "applied"
    assert Product.objects.get(pk=shop.product.pk).metadata["cms"]["seo"] == EDITORIAL["seo"]
    synced = OutboxEvent.objects.filter(name="product.synced").count()
    assert apply_editorial_batch("editorial.batch", "2026-11-22T12:00:00Z", batch) == "unchanged"
    assert OutboxEvent.objects.filter(name="product.synced").count() == synced
