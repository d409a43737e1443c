"""Input a hostile tester sent that once answered 500: each answers its 4xx in Payload's shape and
changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityos.content.editorial.models import Navigation, SiteSettings
from cityos.content.library.models import MediaDocument, MediaImage

pytestmark = pytest.mark.django_db


def assert_refused(response, status: int = 400) -> None:
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors
    assert errors[0]["message"]


def raw(api, method: str, path: str, body: str):
    return getattr(api.client, method)(path, body, content_type="application/json", **api.headers)


@pytest.mark.parametrize("query", ["where[³]=1", "where[title][equals][³]=x", "where[id][equals]=³"])
def test_unicode_digits_in_a_where_are_a_400(anonymous, query):
    assert_refused(anonymous.get(f"/api/posts?{query}"))


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999999",
        "limit=99999999999999999999999",
        "page=٣",
        "limit=-1",
        "limit=" + "9" * 5000,
    ],
)
def test_paging_beyond_range_is_a_400(anonymous, query):
    assert_refused(anonymous.get(f"/api/posts?{query}"))


def test_an_id_beyond_64_bits_is_not_found(anonymous):
    assert_refused(anonymous.get("/api/posts/99999999999999999999999"), 404)
    assert_refused(anonymous.get("/api/posts?where[id][equals]=99999999999999999999999"))


def test_lone_surrogates_are_refused(editor):
    assert_refused(raw(editor, "post", "/api/posts", '{"tenant": "acme", "slug": "s", "title": "\\ud800"}'))


def test_an_integer_no_column_holds_is_a_400(editor):
    body = '{"tenant": "acme", "title": "H", "heading": "H", "sort_order": 99999999999999999999}'
    assert_refused(raw(editor, "post", "/api/hero-sections", body))


def test_a_second_site_settings_for_a_tenant_is_refused(editor):
    assert editor.post("/api/site-settings", {"tenant": "acme", "site_name": "One"}).status_code == 201
    second = editor.post("/api/site-settings", {"tenant": "acme", "site_name": "Two"})
    assert_refused(second)
    assert second.json()["errors"][0]["data"]["errors"] == [
        {"path": "tenant", "message": "Value must be unique"}
    ]
    assert SiteSettings.objects.count() == 1


def test_null_for_a_navigations_tenant_is_refused(editor):
    created = editor.post("/api/navigations", {"tenant": "acme", "handle": "main", "items": []}).json()["doc"]
    assert_refused(editor.patch(f"/api/navigations/{created['id']}", {"tenant": None}))
    assert Navigation.objects.get().tenant.slug == "acme"


def test_null_alt_text_and_document_title_are_refused(editor):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    image = editor.client.post(
        "/api/media", {"file": SimpleUploadedFile("a.png", buffer.getvalue()), "tenant": "acme", "alt": "A"},
        **editor.headers,
    ).json()["doc"]  # fmt: skip
    assert_refused(editor.patch(f"/api/media/{image['id']}", {"alt": None}))
    assert MediaImage.objects.get().alt == "A"
    document = editor.client.post(
        "/api/documents", {"file": SimpleUploadedFile("a.txt", b"hello"), "tenant": "acme", "title": "T"},
        **editor.headers,
    ).json()["doc"]  # fmt: skip
    assert_refused(editor.patch(f"/api/documents/{document['id']}", {"title": None}))
    assert MediaDocument.objects.get().title == "T"


def test_a_body_beyond_the_size_limit_answers_the_json_shape(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert_refused(raw(editor, "post", "/api/posts", '{"title": "' + "x" * 2000 + '"}'), 413)


def test_a_huge_signed_webhook_body_answers_the_json_shape(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.CITYOS_SYNC_SECRET = "whsec_" + "A" * 44
    response = client.post("/api/webhooks/commerce", "x" * 2000, content_type="application/json")
    assert_refused(response, 413)


@pytest.mark.parametrize("ids", [["9" * 5000], [99999999999999999999], ["³"], [-1], [None], "1"])
def test_a_sync_trigger_with_ids_no_key_holds_is_a_400(integration, ids):
    assert_refused(integration.post("/api/sync/trigger", {"collection": "products", "ids": ids}))
