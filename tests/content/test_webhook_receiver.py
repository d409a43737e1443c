import json

import pytest

from cityos.platform.events import signing
from cityos.platform.events.models import InboxMessage

pytestmark = pytest.mark.django_db
SECRET = signing.new_secret()
BODY = json.dumps(
    {"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z", "data": {"id": "prod_1"}}
).encode()


def signed(secret: str) -> dict[str, str]:
    return {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signing.headers(secret, "evt_7", BODY).items()
    }


@pytest.mark.parametrize("path", ["/api/webhooks/commerce", "/api/webhooks/medusa"])
def test_a_signed_event_is_stored_and_a_forgery_refused(client, settings, path):
    settings.CITYOS_SYNC_SECRET = SECRET
    assert (
        client.post(path, BODY, content_type="application/json", **signed(signing.new_secret())).status_code
        == 401
    )
    assert not InboxMessage.objects.exists()
    response = client.post(path, BODY, content_type="application/json", **signed(SECRET))
    assert response.json() == {"received": True, "duplicate": False}
    assert InboxMessage.objects.get().name == "product.updated"


def test_without_a_configured_secret_nothing_is_accepted(client, settings):
    settings.CITYOS_SYNC_SECRET = ""
    assert (
        client.post(
            "/api/webhooks/commerce", BODY, content_type="application/json", **signed(SECRET)
        ).status_code
        == 401
    )


def envelope_headers(body: bytes, message_id: str = "evt_8") -> dict[str, str]:
    return {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signing.headers(SECRET, message_id, body).items()
    }


@pytest.mark.parametrize(
    ("payload", "message_id"),
    [
        ({"type": "product.updated", "data": {"id": "prod_1"}}, "evt_8"),
        ({"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z"}, "evt_8"),
        ({"type": "product.updated", "timestamp": "yesterday", "data": {}}, "evt_8"),
        ({"type": "product.updated", "timestamp": "2026-11-22T00:00:00", "data": {}}, "evt_8"),
        ({"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z", "data": []}, "evt_8"),
        ({"type": "<script>", "timestamp": "2026-11-22T00:00:00Z", "data": {}}, "evt_8"),
        ({"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z", "data": {}}, "e" * 5000),
        ({"type": "product.updated", "timestamp": "2026-11-22T00:00:00Z", "data": {}}, "evt 8/../x"),
    ],
)
def test_a_signed_but_malformed_envelope_is_a_400_and_never_stored(client, settings, payload, message_id):
    settings.CITYOS_SYNC_SECRET = SECRET
    body = json.dumps(payload).encode()
    response = client.post(
        "/api/webhooks/commerce", body, content_type="application/json", **envelope_headers(body, message_id)
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]
    assert not InboxMessage.objects.exists()


def test_the_stored_timestamp_is_one_spelling_in_utc(client, settings):
    settings.CITYOS_SYNC_SECRET = SECRET
    body = json.dumps(
        {"type": "product.updated", "timestamp": "2026-11-22T01:00:00+01:00", "data": {"id": "prod_1"}}
    ).encode()
    client.post("/api/webhooks/commerce", body, content_type="application/json", **envelope_headers(body))
    assert InboxMessage.objects.get().payload["timestamp"] == "2026-11-22T00:00:00.000000Z"
