"""``GET /api/sync/status`` (and the seed's ``/api/admin/sync/status``) and ``retry-failed`` in content."""

from __future__ import annotations

from cityos.platform.events.models import InboxMessage


def test_status_shows_both_directions_to_a_signed_in_user(integration) -> None:
    InboxMessage.objects.create(
        id="msg_1",
        name="product.created",
        payload={"timestamp": "2026-01-01T00:00:00Z", "data": {}},
        error="Boom",
    )
    for path in ("/api/sync/status", "/api/admin/sync/status"):
        status = integration.get(path).json()
        assert set(status) == {"medusa_to_payload", "payload_to_medusa"}
        assert status["medusa_to_payload"]["failed_count"] == 1
        assert status["medusa_to_payload"]["status"] == "error"
    retried = integration.post("/api/admin/sync/retry-failed", {}).json()
    assert retried["inbox_retried"] == 1


def test_status_is_refused_to_anonymous_callers(client, db) -> None:
    assert client.get("/api/sync/status").status_code == 403
    assert client.post("/api/admin/sync/retry-failed").status_code == 403
