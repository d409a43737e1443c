"""Versions: every save is a Wagtail revision, listed and restored through Payload's routes."""

import pytest

from tests.content.test_pages import HOME

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(editor):
    doc = editor.post("/api/pages", HOME).json()["doc"]
    editor.patch(f"/api/pages/{doc['id']}", {"title": "Welcome back"})
    return doc


def test_versions_of_a_document_newest_first(editor, page):
    body = editor.get(f"/api/pages/versions?where[parent][equals]={page['id']}").json()
    assert [v["version"]["title"] for v in body["docs"]] == ["Welcome back", "Welcome"]
    assert body["docs"][0]["parent"] == page["id"]
    one = editor.get(f"/api/pages/versions/{body['docs'][1]['id']}").json()
    assert one["version"]["title"] == "Welcome"


def test_restoring_a_version_publishes_its_content(editor, anonymous, page):
    oldest = editor.get(f"/api/pages/versions?where[parent][equals]={page['id']}").json()["docs"][-1]
    restored = editor.client.post(f"/api/pages/versions/{oldest['id']}", **editor.headers)
    assert restored.status_code == 200, restored.content
    assert anonymous.get("/api/public/pages/home?tenant=acme").json()["title"] == "Welcome"


def test_versions_are_not_public_nor_another_tenants(anonymous, integration, editor, page):
    assert anonymous.get("/api/pages/versions").status_code == 403
    theirs = integration.post("/api/pages", {**HOME, "tenant": "globex"}).json()["doc"]
    listed = editor.get(f"/api/pages/versions?where[parent][equals]={theirs['id']}").json()
    assert listed["totalDocs"] == 0
