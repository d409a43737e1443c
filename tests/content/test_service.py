import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_version_database_and_queue(client):
    body = client.get("/health").json()
    assert (body["status"], body["service"]) == ("ok", "content")
    assert body["database"]["status"] == "ok"
    assert body["queue"]["status"] == "ok"


def test_wagtail_admin_shows_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_openapi_docs_at_api_docs(client):
    assert client.get("/api-docs").status_code == 200
    assert client.get("/api/openapi.json").json()["info"]["title"] == "cityos content"
