from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.client import Client as DjangoClient

from tests.commerce.factories import Shop, make_shop, secret_key_headers
from tests.commerce.shopping import Buyer


class AdminClient:
    """The Admin API as a secret key of one tenant sees it."""

    def __init__(self, client: DjangoClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def get(self, path: str) -> Any:
        return self.client.get(path, **self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, body, content_type="application/json", **self.headers)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(path, body, content_type="application/json", **self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, **self.headers)


@pytest.fixture
def shop(db: None) -> Shop:
    return make_shop()


@pytest.fixture
def admin(client: Client, shop: Shop) -> AdminClient:
    return AdminClient(client, secret_key_headers(shop.tenant))


@pytest.fixture
def buyer(client: Client, shop: Shop) -> Buyer:
    return Buyer(client, shop)
