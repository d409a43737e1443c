import json

import pytest

from cityos.platform.events import signing
from cityos.platform.events.models import InboxMessage

pytestmark = pytest.mark.django_db
SECRET = signing.new_secret()
BODY = json.dumps(
    {"type": "product.published", "timestamp": "2026-11-22T00:00:00Z", "data": {"id": 1}}
).encode()


def signed(secret: str, message_id: str = "evt_1") -> dict[str, str]:
    return {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signing.headers(secret, message_id, BODY).items()
    }


@pytest.fixture(autouse=True)
def sync_secret(settings):
    settings.CITYOS_SYNC_SECRET = SECRET


@pytest.mark.parametrize("path", ["/admin/webhooks/cms", "/admin/webhooks/payload"])
def test_a_signed_event_is_stored_once(client, path):
    first = client.post(path, BODY, content_type="application/json", **signed(SECRET))
    assert first.json() == {"received": True, "duplicate": False}
    again = client.post(path, BODY, content_type="application/json", **signed(SECRET))
    assert again.json() == {"received": True, "duplicate": True}
    assert InboxMessage.objects.count() == 1


def test_a_forged_event_is_refused_and_not_stored(client):
    response = client.post(
        "/admin/webhooks/cms", BODY, content_type="application/json", **signed(signing.new_secret())
    )
    assert response.status_code == 401
    assert response.json()["type"] == "unauthorized"
    assert not InboxMessage.objects.exists()
