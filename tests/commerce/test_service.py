import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_version_database_and_queue(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["service"] == "commerce"
    assert body["version"]
    assert body["database"]["status"] == "ok"
    assert body["queue"]["status"] == "ok"


def test_admin_ui_shows_login_at_app(client):
    response = client.get("/app/", follow=True)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_openapi_docs_at_docs(client):
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "cityos commerce"
