"""/api/users: editors, their tenants and roles, and API keys, managed as Payload's auth collection."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cityos.content.tenants.models import TenantMembership
from cityos.content.users.models import User, api_key_digest
from tests.content.conftest import Api

pytestmark = pytest.mark.django_db
NEWCOMER = {
    "email": "New@Acme.test",
    "password": "a-long-password",
    "tenants": [{"tenant": "acme", "roles": ["viewer"]}],
}


@pytest.fixture
def superuser(tenants: Any) -> Api:
    User.objects.create_superuser(email="root@cityos.test", password="x", enable_api_key=True,
                                  api_key_digest=api_key_digest("root-key"))  # fmt: skip
    return Api(Client(), {"HTTP_AUTHORIZATION": "users API-Key root-key"})


def test_a_superuser_creates_an_editor_who_then_signs_in(superuser: Api, client: Client) -> None:
    created = superuser.post("/api/users", NEWCOMER)
    assert created.status_code == 201, created.content
    doc = created.json()["doc"]
    assert (doc["email"], doc["tenants"], doc["roles"]) == (
        "new@acme.test",
        [{"tenant": "acme", "roles": ["viewer"]}],
        ["user"],
    )
    assert "password" not in doc
    login = client.post("/api/users/login", {"email": "new@acme.test", "password": "a-long-password"},
                        content_type="application/json")  # fmt: skip
    assert login.status_code == 200
    listed = superuser.get("/api/users?where[tenants.tenant][equals]=acme").json()
    assert [user["email"] for user in listed["docs"]] == ["new@acme.test"]


def test_an_editor_changes_their_own_account_but_never_their_tenants(superuser: Api, editor: Api) -> None:
    me = User.objects.get(email="editor@acme.test")
    assert (
        editor.patch(
            f"/api/users/{me.pk}", {"tenants": [{"tenant": "globex", "roles": ["editor"]}]}
        ).status_code
        == 403
    )
    assert editor.patch(f"/api/users/{me.pk}", {"roles": ["super-admin"]}).status_code == 403
    assert editor.post("/api/users", NEWCOMER).status_code == 403
    assert [doc["email"] for doc in editor.get("/api/users").json()["docs"]] == ["editor@acme.test"]
    assert editor.delete(f"/api/users/{me.pk}").status_code == 403
    assert list(TenantMembership.objects.filter(user=me).values_list("tenant__slug", flat=True)) == ["acme"]
    assert (
        editor.patch(f"/api/users/{me.pk}", {"apiKey": "k" * 40}).status_code == 200
    )  # last: the old key ends
    assert User.objects.get(pk=me.pk).api_key_digest == api_key_digest("k" * 40)


@pytest.mark.parametrize(("body", "path"), [
    ({**NEWCOMER, "password": "short"}, "password"),
    ({**NEWCOMER, "email": "not-an-email"}, "email"),
    ({**NEWCOMER, "tenants": [{"tenant": "nope", "roles": ["editor"]}]}, "tenants"),
    ({**NEWCOMER, "tenants": [{"tenant": "acme", "roles": ["owner"]}]}, "tenants"),
    ({**NEWCOMER, "roles": ["god"]}, "roles"),
    ({**NEWCOMER, "apiKey": "short"}, "apiKey"),
])  # fmt: skip
def test_bad_user_bodies_name_the_field_and_write_nothing(
    superuser: Api, body: dict[str, Any], path: str
) -> None:
    answer = superuser.post("/api/users", body)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["data"]["errors"][0]["path"] == path
    assert not User.objects.filter(email__in=("new@acme.test", "not-an-email")).exists()


def test_a_second_account_with_the_same_email_is_refused(superuser: Api) -> None:
    assert superuser.post("/api/users", NEWCOMER).status_code == 201
    assert superuser.post("/api/users", NEWCOMER).status_code == 400


def test_superusers_manage_webhook_subscriptions_and_nobody_else_sees_them(
    superuser: Api, editor: Api
) -> None:
    from cityos.platform.events.models import Subscription

    made = superuser.post(
        "/api/webhook-subscriptions", {"url": "https://hooks.example/in", "events": ["page.*"]}
    )
    assert made.status_code == 201, made.content
    doc = made.json()["doc"]
    assert doc["secret"].startswith("whsec_")
    assert "secret" not in superuser.get(f"/api/webhook-subscriptions/{doc['id']}").json()
    rotated = superuser.patch(
        f"/api/webhook-subscriptions/{doc['id']}", {"rotateSecret": True, "active": False}
    )
    assert rotated.json()["doc"]["secret"] != doc["secret"]
    assert editor.get("/api/webhook-subscriptions").json()["totalDocs"] == 0
    assert editor.post("/api/webhook-subscriptions", {"url": "https://evil.example/in"}).status_code == 403
    assert superuser.post("/api/webhook-subscriptions", {"url": "file:///etc/passwd"}).status_code == 400
    assert list(Subscription.objects.values_list("is_active", flat=True)) == [False]
