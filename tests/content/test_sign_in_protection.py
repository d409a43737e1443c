"""Sign-in protection on content: throttled guessing at the API and Wagtail's login, JSON-only sign-in
(a cross-site "simple" request sets no cookie), and CONTENT_CORS."""

from __future__ import annotations

import pytest
from django.test import Client

from cityos.content.users.models import User

pytestmark = pytest.mark.django_db
GUESSER, OWNER = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def editor_account(db) -> dict[str, str]:
    User.objects.create_user(email="editor@acme.example.com", password="right-password-1", is_staff=True)
    return {"email": "editor@acme.example.com", "password": "right-password-1"}


def api_login(body: dict[str, str], address: str):
    return Client().post("/api/users/login", body, content_type="application/json", REMOTE_ADDR=address)


def test_thirty_wrong_passwords_are_throttled_and_the_owner_elsewhere_is_not(editor_account):
    wrong = {**editor_account, "password": "wrong"}
    answers = [api_login(wrong, GUESSER) for _ in range(30)]
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert {a.status_code for a in answers[5:]} == {429}
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["errors"][0]["name"] == "TooManyRequests"
    assert api_login(editor_account, GUESSER).status_code == 429
    assert api_login(editor_account, OWNER).status_code == 200


def test_wagtails_login_form_is_throttled(editor_account):
    form = {"username": editor_account["email"], "password": "wrong"}
    codes = [Client().post("/admin/login/", form, REMOTE_ADDR=GUESSER).status_code for _ in range(7)]
    assert codes == [200] * 5 + [429, 429]


def test_wrong_api_keys_are_throttled_per_address(db):
    codes = [
        Client().get("/api/posts", HTTP_AUTHORIZATION="users API-Key nope", REMOTE_ADDR=GUESSER).status_code
        for _ in range(32)
    ]
    assert codes == [401] * 30 + [429, 429]


def test_a_cross_site_simple_login_sets_no_cookie(editor_account):
    body = '{"email": "editor@acme.example.com", "password": "right-password-1"}'
    response = Client().post(
        "/api/users/login", body, content_type="text/plain", HTTP_ORIGIN="https://evil.test"
    )
    assert response.status_code == 400
    assert "payload-token" not in response.cookies


def test_content_cors(settings, db):
    settings.CITYOS_CORS = {"/api/": ["https://shop.example.com"]}
    allowed = Client().options(
        "/api/posts", HTTP_ORIGIN="https://shop.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://shop.example.com"
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    refused = Client().options(
        "/api/posts", HTTP_ORIGIN="https://evil.test", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in refused
