"""Sign-in protection: throttled guessing (per account and address, per address), JSON-only sign-in
routes, and CORS per route family as Medusa configures it."""

from __future__ import annotations

import pytest
from django.test import Client

from cityos.commerce.customers import services as customers
from cityos.commerce.users.models import User

pytestmark = pytest.mark.django_db
GUESSER, OWNER = "203.0.113.7", "198.51.100.9"


def sign_in(path: str, email: str, password: str, address: str, **headers: str):
    return Client().post(
        path, {"email": email, "password": password}, content_type="application/json",
        REMOTE_ADDR=address, **headers,
    )  # fmt: skip


@pytest.fixture
def staff(db) -> dict[str, str]:
    User.objects.create_user(email="staff@acme.example.com", password="right-password-1", is_staff=True)
    return {"path": "/auth/user/emailpass", "email": "staff@acme.example.com", "password": "right-password-1"}


@pytest.fixture
def customer(shop) -> dict[str, str]:
    customers.register_identity(
        tenant=shop.tenant, email="buyer@acme.example.com", password="right-password-2"
    )
    return {
        "path": "/auth/customer/emailpass", "email": "buyer@acme.example.com",
        "password": "right-password-2", "HTTP_X_PUBLISHABLE_API_KEY": shop.key,
    }  # fmt: skip


@pytest.mark.parametrize("account", ["staff", "customer"])
def test_thirty_wrong_passwords_are_throttled_and_the_owner_elsewhere_is_not(request, account):
    given = dict(request.getfixturevalue(account))
    path, email, password = given.pop("path"), given.pop("email"), given.pop("password")
    answers = [sign_in(path, email, "wrong", GUESSER, **given) for _ in range(30)]
    assert [a.status_code for a in answers[:5]] == [401] * 5
    refused = answers[5:]
    assert {a.status_code for a in refused} == {429}
    assert int(refused[-1]["Retry-After"]) > 0
    assert refused[-1].json()["type"] == "not_allowed"
    assert sign_in(path, email, password, GUESSER, **given).status_code == 429  # the right one, too late
    assert sign_in(path, email, password, OWNER, **given).status_code == 200


def test_guessing_many_accounts_from_one_address_is_throttled(staff):
    answers = [
        sign_in(staff["path"], f"user{n}@acme.example.com", "wrong", GUESSER).status_code for n in range(25)
    ]
    assert answers[:20] == [401] * 20
    assert set(answers[20:]) == {429}


def test_registrations_are_limited_per_address(shop):
    codes = [
        sign_in("/auth/customer/emailpass/register", f"new{n}@acme.example.com", "a-password-123", GUESSER,
                HTTP_X_PUBLISHABLE_API_KEY=shop.key).status_code
        for n in range(12)
    ]  # fmt: skip
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]


def test_wrong_api_keys_are_throttled_per_address(shop):
    codes = [
        Client().get("/admin/products", HTTP_AUTHORIZATION="Basic sk_wrong", REMOTE_ADDR=GUESSER).status_code
        for _ in range(32)
    ]
    assert codes[:30] == [401] * 30
    assert codes[30:] == [429, 429]


def test_the_django_admin_login_form_is_throttled(staff):
    form = {"username": staff["email"], "password": "wrong"}
    codes = [Client().post("/app/login/", form, REMOTE_ADDR=GUESSER).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5  # the form again, with its error
    assert codes[5:] == [429, 429]
    right = {"username": staff["email"], "password": staff["password"]}
    assert Client().post("/app/login/", right, REMOTE_ADDR=OWNER).status_code == 302


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_sign_in_takes_json_only(staff, content_type):
    body = '{"email": "staff@acme.example.com", "password": "right-password-1"}'
    response = Client().post(staff["path"], body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_data"


def test_cors_follows_store_admin_and_auth_origins(settings, shop):
    settings.CITYOS_CORS = {"/store/": ["https://shop.test"], "/admin/": ["https://admin.test"], "/auth/": []}
    preflight = Client().options(
        "/store/products", HTTP_ORIGIN="https://shop.test", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-publishable-api-key",
    )  # fmt: skip
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://shop.test"
    assert preflight["Access-Control-Allow-Credentials"] == "true"
    answer = Client().get(
        "/store/products", HTTP_ORIGIN="https://shop.test", HTTP_X_PUBLISHABLE_API_KEY=shop.key
    )
    assert answer["Access-Control-Allow-Origin"] == "https://shop.test"
    for path, origin in (
        ("/admin/products", "https://shop.test"),
        ("/auth/user/emailpass", "https://shop.test"),
    ):
        other = Client().options(path, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
        assert "Access-Control-Allow-Origin" not in other


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled_not_the_proxy(settings, staff):
    settings.CITYOS_TRUSTED_PROXIES = ["10.0.0.1"]

    def via_proxy(client_address: str, password: str):
        return sign_in(staff["path"], staff["email"], password, "10.0.0.1",
                       HTTP_X_FORWARDED_FOR=f"{client_address}, 10.0.0.1")  # fmt: skip

    assert {via_proxy(GUESSER, "wrong").status_code for _ in range(6)} == {401, 429}
    assert via_proxy(OWNER, staff["password"]).status_code == 200
    spoofed = sign_in(staff["path"], staff["email"], "wrong", GUESSER, HTTP_X_FORWARDED_FOR=OWNER)
    assert spoofed.status_code == 429  # an untrusted peer's header is ignored
