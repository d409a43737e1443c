"""``GET /admin/sync/status`` in the seed's shape, and ``POST /admin/sync/retry-failed``."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from cityos.commerce.catalog import services as catalog
from cityos.platform.events.delivery import subscribe
from cityos.platform.events.models import Delivery, InboxMessage
from tests.commerce.conftest import AdminClient
from tests.commerce.factories import Shop

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
