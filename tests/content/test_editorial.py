"""Collections declared by attributes: lifecycle, tenancy, drafts where they have them, and owners."""

import pytest

from cityos.platform.events.models import OutboxEvent

pytestmark = pytest.mark.django_db

DOCS = {
    "hero-sections": {"title": "Summer", "heading": "Light layers", "sort_order": 2},
    "posts": {
        "slug": "hello",
        "title": "Hello",
        "body": "First *post*.",
        "publishedAt": "2026-11-01T10:00:00Z",
    },
    "navigations": {"handle": "main", "items": [{"label": "Shop", "url": "/products"}]},
    "announcements": {"message": "Free shipping this week", "startsAt": "2026-11-20T00:00:00Z"},
    "site-settings": {"site_name": "Acme Outfitters", "social": {"instagram": "@acme"}},
}


@pytest.mark.parametrize("slug", DOCS)
def test_lifecycle_in_the_editors_tenant(editor, anonymous, slug):
    created = editor.post(f"/api/{slug}", {**DOCS[slug], "tenant": "acme"})
    assert created.status_code == 201, created.content
    doc = created.json()["doc"]
    assert doc["tenant"] == "acme"
    assert anonymous.get(f"/api/{slug}?where[tenant][equals]=acme").json()["totalDocs"] == 1
    changed = editor.patch(f"/api/{slug}/{doc['id']}", {"tenant": "acme"})
    assert changed.status_code == 200
    assert editor.delete(f"/api/{slug}/{doc['id']}").status_code == 200
    assert OutboxEvent.objects.filter(entity_id=str(doc["id"]), name__endswith=".deleted").exists()


@pytest.mark.parametrize("slug", DOCS)
def test_not_in_another_tenant_and_not_anonymously(editor, anonymous, slug):
    assert editor.post(f"/api/{slug}", {**DOCS[slug], "tenant": "globex"}).status_code == 403
    assert anonymous.post(f"/api/{slug}", {**DOCS[slug], "tenant": "acme"}).status_code == 403


def test_wrong_types_name_their_paths(editor):
    response = editor.post("/api/posts", {"tenant": "acme", "slug": "x", "title": 3, "publishedAt": "soon"})
    paths = {e["path"] for e in response.json()["errors"][0]["data"]["errors"]}
    assert paths == {"title", "publishedAt"}


def test_post_slugs_are_unique_per_tenant(editor, integration):
    editor.post("/api/posts", {**DOCS["posts"], "tenant": "acme"})
    assert editor.post("/api/posts", {**DOCS["posts"], "tenant": "acme"}).status_code == 400
    assert integration.post("/api/posts", {**DOCS["posts"], "tenant": "globex"}).status_code == 201


def test_public_hero_sections_are_published_and_ordered(editor, anonymous):
    editor.post("/api/hero-sections", {**DOCS["hero-sections"], "tenant": "acme", "title": "Second"})
    editor.post(
        "/api/hero-sections", {**DOCS["hero-sections"], "tenant": "acme", "title": "First", "sort_order": 1}
    )
    editor.post(
        "/api/hero-sections?draft=true", {**DOCS["hero-sections"], "tenant": "acme", "title": "Draft"}
    )
    body = anonymous.get("/api/public/hero-sections?tenant=acme").json()
    assert [doc["title"] for doc in body["docs"]] == ["First", "Second"]
    assert anonymous.get("/api/public/hero-sections").status_code == 400


def test_order_summaries_are_commerces(editor, integration):
    summary = {
        "tenant": "acme",
        "date": "2026-11-21",
        "orders_count": 12,
        "revenue": "345.60",
        "currency_code": "eur",
    }
    assert editor.post("/api/order-summaries", summary).status_code == 403
    created = integration.post("/api/order-summaries", summary)
    assert created.status_code == 201, created.content
    assert created.json()["doc"]["revenue"] == "345.60"
    assert (
        integration.get(f"/api/order-summaries/{created.json()['doc']['id']}").json()["revenue"] == "345.60"
    )
    assert integration.post("/api/order-summaries", summary).status_code == 400


def test_an_impossible_date_is_a_validation_error(editor):
    response = editor.post(
        "/api/posts", {"tenant": "acme", "slug": "x", "title": "X", "publishedAt": "2026-13-45T00:00:00Z"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["path"] == "publishedAt"
