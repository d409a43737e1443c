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
