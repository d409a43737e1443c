import pytest

from cityos.content.users.models import User
from tests.content.conftest import recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return User.objects.create_user(email="ed@example.com", password="pw-123456789")


def test_login_then_me_with_the_token(client, member):
    login = client.post(
        "/api/users/login",
        {"email": "ed@example.com", "password": "pw-123456789"},
        content_type="application/json",
    )
    assert login.status_code == 200
    token = login.json()["token"]
    me = client.get("/api/users/me", HTTP_AUTHORIZATION=f"JWT {token}").json()
    assert me["user"]["email"] == "ed@example.com"
    assert me["strategy"] == "local-jwt"


def test_wrong_password_is_401(client, member):
    response = client.post(
        "/api/users/login", {"email": "ed@example.com", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "The email or password provided is incorrect."


def test_me_with_the_integration_key_has_payloads_keys(integration):
    call = recorded("23-users-me-api-key.json")
    body = integration.get("/api/users/me").json()
    assert body.keys() == call["response_body"].keys()
    # plus the fields our users collection declares, as Payload's multi-tenant plugin adds them
    assert body["user"].keys() == call["response_body"]["user"].keys() | {"roles", "tenants"}
    assert body["strategy"] == "api-key"


def test_anonymous_me_has_no_user(client):
    assert client.get("/api/users/me").json() == {"user": None, "message": "Account"}


def test_the_cookie_signs_reads_but_not_writes(client, member, integration, tenants):
    from cityos.content.tenants.models import TenantMembership

    TenantMembership.objects.create(user=member, tenant=tenants["acme"])
    shirt = integration.post(
        "/api/products", {"medusa_id": "prod_C", "title": "Shirt", "tenant": "acme"}
    ).json()["doc"]
    client.post(
        "/api/users/login",
        {"email": "ed@example.com", "password": "pw-123456789"},
        content_type="application/json",
    )
    assert client.get(f"/api/products/{shirt['id']}?draft=true").json()["_status"] == "published"
    assert client.get("/api/users/me").json()["user"]["email"] == "ed@example.com"
    refused = client.patch(
        f"/api/products/{shirt['id']}", {"seo": {"meta_title": "x"}}, content_type="application/json"
    )
    assert refused.status_code == 403
    signed = client.patch(
        f"/api/products/{shirt['id']}", {"seo": {"meta_title": "x"}}, content_type="application/json",
        HTTP_AUTHORIZATION=f"JWT {client.cookies['payload-token'].value}",
    )  # fmt: skip
    assert signed.status_code == 200
