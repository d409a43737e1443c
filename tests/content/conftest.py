from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from cityos.content.tenants.models import Tenant, TenantMembership
from cityos.content.users.models import User, api_key_digest

INTEGRATION_KEY = "integration-key-for-tests"
CONTRACTS = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "payload"


def recorded(name: str) -> dict[str, Any]:
    path = CONTRACTS / name
    if not path.exists():
        pytest.skip(f"recorded contract {path} is not beside the checkout")
    return json.loads(path.read_text())


class Api:
    """The content API as one caller sees it (headers fixed at creation)."""

    def __init__(self, client: Client, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def get(self, path: str) -> Any:
        return self.client.get(path, **self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, body, content_type="application/json", **self.headers)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, body, content_type="application/json", **self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, **self.headers)


@pytest.fixture
def tenants(db: None) -> dict[str, Tenant]:
    return {slug: Tenant.objects.create(slug=slug, name=slug.title()) for slug in ("acme", "globex")}


@pytest.fixture
def integration(client: Client, tenants: dict[str, Tenant]) -> Api:
    User.objects.create_user(
        email="commerce-integration@cityos.local", enable_api_key=True,
        api_key_digest=api_key_digest(INTEGRATION_KEY), is_integration=True,
    )  # fmt: skip
    return Api(client, {"HTTP_AUTHORIZATION": f"users API-Key {INTEGRATION_KEY}"})


@pytest.fixture
def editor(tenants: dict[str, Tenant]) -> Api:
    user = User.objects.create_user(
        email="editor@acme.test", enable_api_key=True, api_key_digest=api_key_digest("editor-key")
    )
    TenantMembership.objects.create(user=user, tenant=tenants["acme"])
    return Api(Client(), {"HTTP_AUTHORIZATION": "users API-Key editor-key"})


@pytest.fixture
def anonymous() -> Api:
    return Api(Client(), {})


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    """Uploads and renditions go to the test's own directory, never the checkout's ``var/``."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture(autouse=True)
def no_rendition_cache(settings: Any) -> None:
    """Wagtail caches renditions by image id, and ids repeat from test to test."""
    settings.CACHES = {
        **settings.CACHES,
        "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
