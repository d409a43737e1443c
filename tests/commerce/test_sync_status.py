"""``GET /admin/sync/status`` in the seed's shape, and ``POST /admin/sync/retry-failed``."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from cityos.commerce.catalog import services as catalog
from cityos.commerce.resync import resend_products
from cityos.platform.events.delivery import subscribe
from cityos.platform.events.models import Delivery, InboxMessage, OutboxEvent
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import Shop, make_shop

SEED_KEYS = {"last_sync", "status", "synced_count", "failed_count"}


def test_status_answers_the_seeds_shape_for_both_directions(shop: Shop, admin: AdminClient) -> None:
    subscribe("http://content.test/api/webhooks/commerce", events=["product.*"], description="cityos:content")
    catalog.create_product(tenant=shop.tenant, data={"title": "Scarf"})
    delivery = Delivery.objects.get()
    delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, timezone.now()
    delivery.save()
    InboxMessage.objects.create(id="msg_1", name="product.published", payload={"timestamp": "x", "data": {}})

    status = admin.get("/admin/sync/status").json()
    assert status["medusa_to_payload"].keys() >= SEED_KEYS
    assert status["payload_to_medusa"].keys() >= SEED_KEYS
    out = status["medusa_to_payload"]
    assert (out["status"], out["synced_count"], out["failed_count"], out["dead_count"]) == (
        "success",
        1,
        0,
        0,
    )
    assert out["lag_p50_ms"] is not None
    assert status["payload_to_medusa"]["pending_count"] == 1


def test_retry_failed_reschedules_dead_deliveries(shop: Shop, admin: AdminClient) -> None:
    subscribe("http://content.test/api/webhooks/commerce", events=["product.*"], description="cityos:content")
    catalog.create_product(tenant=shop.tenant, data={"title": "Scarf"})
    Delivery.objects.update(status=Delivery.Status.DEAD, attempts=12)
    assert admin.get("/admin/sync/status").json()["medusa_to_payload"]["status"] == "error"
    answer = admin.post("/admin/sync/retry-failed", {}).json()
    assert answer["deliveries_rescheduled"] == 1
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_status_needs_an_admin(client: Client, db: None) -> None:
    assert client.get("/admin/sync/status").status_code == 401


def test_to_cms_resends_the_acting_tenants_products_with_snapshots(shop: Shop, admin: AdminClient) -> None:
    make_shop("globex")
    OutboxEvent.objects.all().delete()
    answer = admin.post("/admin/sync/to-cms", {"entity": "products"}).json()
    assert answer == {"entity": "products", "queued": 1}
    event = OutboxEvent.objects.get(name="product.batch")
    assert event.data["tenant"] == "acme"
    assert [(p["id"], p["title"]) for p in event.data["products"]] == [(shop.product.id, "Trail Shirt")]
    assert admin.post("/admin/sync/to-payload", {"ids": ["prod_unknown"]}).json()["queued"] == 0


def test_from_cms_asks_content_over_the_signed_channel(shop: Shop, admin: AdminClient) -> None:
    admin.post("/admin/sync/from-cms", {"entity": "products", "ids": [shop.product.id]})
    event = OutboxEvent.objects.get(name="sync.requested")
    assert event.data == {"tenant": "acme", "entity": "products", "ids": [shop.product.id]}


def test_resending_is_resumable_after_a_cursor(shop: Shop) -> None:
    for number in range(3):
        catalog.create_product(tenant=shop.tenant, data={"title": f"Extra {number}"})
    batches = list(resend_products(batch=2))
    assert [sent for sent, _ in batches] == [2, 2]
    rest = list(resend_products(after=batches[0][1], batch=10))
    assert rest == [(2, batches[1][1])]
