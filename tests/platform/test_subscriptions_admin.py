"""Webhook subscriptions, managed over commerce's Admin API and in its Django admin by superusers."""

from __future__ import annotations

import pytest
from django.test import Client

from cityos.platform.events.models import Subscription
from tests.commerce.factories import make_shop, secret_key_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client: Client, django_user_model) -> Client:
    client.force_login(django_user_model.objects.create_superuser(email="root@cityos.test", password="x"))
    return client


def bearer(client: Client, email: str, superuser: bool, django_user_model) -> dict[str, str]:
    maker = django_user_model.objects.create_superuser if superuser else django_user_model.objects.create_user
    maker(email=email, password="a-long-password", is_staff=True)
    token = client.post("/auth/user/emailpass", {"email": email, "password": "a-long-password"},
                        content_type="application/json").json()["token"]  # fmt: skip
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_superuser_subscribes_changes_and_removes_over_the_api(client: Client, django_user_model) -> None:
    headers = bearer(client, "root@cityos.test", True, django_user_model)
    body = {"url": "https://hooks.example/in", "events": ["order.*"]}
    answer = client.post("/admin/webhook-subscriptions", body, content_type="application/json", **headers)
    made = answer.json()["webhook_subscription"]
    assert made["secret"].startswith("whsec_")
    listed = client.get("/admin/webhook-subscriptions", **headers).json()
    assert listed["count"] == 1
    assert "secret" not in listed["webhook_subscriptions"][0]
    path = f"/admin/webhook-subscriptions/{made['id']}"
    changed = client.post(
        path, {"is_active": False, "rotate_secret": True}, content_type="application/json", **headers
    )
    assert changed.json()["webhook_subscription"]["secret"] != made["secret"]
    assert Subscription.objects.get().is_active is False
    assert client.delete(path, **headers).json()["deleted"] is True
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("body", [
    {"url": "ftp://hooks.example/in"},
    {"url": "https://hooks.example/in", "events": ["ok.*", ""]},
    {"url": "https://hooks.example/in", "secret": "mine"},
])  # fmt: skip
def test_bad_subscriptions_answer_400_and_store_nothing(client: Client, django_user_model, body) -> None:
    headers = bearer(client, "root@cityos.test", True, django_user_model)
    answer = client.post("/admin/webhook-subscriptions", body, content_type="application/json", **headers)
    assert answer.status_code == 400
    assert answer.json()["type"] == "invalid_data"
    assert not Subscription.objects.exists()


def test_staff_and_secret_keys_may_not_manage_subscriptions(client: Client, django_user_model) -> None:
    staff = bearer(client, "staff@cityos.test", False, django_user_model)
    assert client.get("/admin/webhook-subscriptions", **staff).status_code == 403
    shop = make_shop()
    assert client.get("/admin/webhook-subscriptions", **secret_key_headers(shop.tenant)).status_code == 403


def test_the_django_admin_checks_urls_as_the_api_does(root: Client) -> None:
    form = {"url": "ftp://x.example/in", "events": "[]", "is_active": "on", "description": ""}
    refused = root.post("/app/events/subscription/add/", form)
    assert refused.status_code == 200  # the form again, with its error
    assert "webhook URLs must be http or https" in refused.content.decode()
    form = {**form, "url": "https://x.example/in", "events": '["product.*"]', "description": "partner"}
    made = root.post("/app/events/subscription/add/", form)
    assert made.status_code == 302
    assert Subscription.objects.get().secret.startswith("whsec_")
