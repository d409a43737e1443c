"""``GET /api/sync/status`` (and the seed's ``/api/admin/sync/status``) and ``retry-failed`` in content."""

from __future__ import annotations

from cityos.content.sync import apply_mirror, apply_sync_request
from cityos.platform.events.models import InboxMessage, OutboxEvent


def test_status_shows_both_directions_to_a_signed_in_user(integration) -> None:
    InboxMessage.objects.create(
        id="msg_1",
        name="product.created",
        payload={"timestamp": "2026-01-01T00:00:00Z", "data": {}},
        error="Boom",
    )
    for path in ("/api/sync/status", "/api/admin/sync/status"):
        status = integration.get(path).json()
        assert set(status) == {"medusa_to_payload", "payload_to_medusa", "jobs"}
        assert status["medusa_to_payload"]["failed_count"] == 1
        assert status["medusa_to_payload"]["status"] == "error"
    retried = integration.post("/api/admin/sync/retry-failed", {}).json()
    assert retried["inbox_retried"] == 1


def test_status_is_refused_to_anonymous_callers(client, db) -> None:
    assert client.get("/api/sync/status").status_code == 403
    assert client.post("/api/admin/sync/retry-failed").status_code == 403


def test_trigger_reannounces_published_products_to_commerce(integration, tenants) -> None:
    apply_mirror(
        "product.created", "2026-11-22T10:00:00Z", {"id": "prod_1", "tenant": "acme", "title": "Shirt"}
    )
    OutboxEvent.objects.all().delete()
    assert integration.post("/api/sync/trigger", {"collection": "products"}).json()["queued"] == 1
    event = OutboxEvent.objects.get(name="editorial.batch")
    [entry] = event.data["entries"]
    assert (entry["medusa_id"], entry["entity"], entry["action"], event.data["tenant"]) == (
        "prod_1", "product", "published", "acme"
    )  # fmt: skip
    assert "seo" in entry["editorial"]
    refused = integration.post("/api/sync/trigger", {"collection": "pages"})
    assert refused.status_code == 400
    for ids in (["abc"], "1", [True]):
        assert (
            integration.post("/api/sync/trigger", {"collection": "products", "ids": ids}).status_code == 400
        )


def test_commerces_request_is_answered_with_the_tenants_products(tenants) -> None:
    apply_mirror(
        "product.created", "2026-11-22T10:00:00Z", {"id": "prod_1", "tenant": "acme", "title": "Shirt"}
    )
    apply_mirror(
        "product.created", "2026-11-22T10:00:00Z", {"id": "prod_2", "tenant": "globex", "title": "Hat"}
    )
    OutboxEvent.objects.all().delete()
    apply_sync_request(
        "sync.requested", "2026-11-22T11:00:00Z", {"tenant": "acme", "entity": "products", "ids": None}
    )
    [event] = OutboxEvent.objects.filter(name="editorial.batch")
    assert [entry["medusa_id"] for entry in event.data["entries"]] == ["prod_1"]
