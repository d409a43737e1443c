"""Pages: Payload blocks over a StreamField, per-tenant slugs, drafts, and the public endpoint."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db

HOME = {
    "tenant": "acme",
    "slug": "home",
    "title": "Welcome",
    "layout": [
        {
            "blockType": "hero",
            "heading": "Summer is here",
            "subheading": "Light layers",
            "cta_label": "Shop",
            "cta_url": "/products",
        },
        {"blockType": "rich_text", "content": "We make **good** things."},
        {"blockType": "product_grid", "heading": "New", "handles": ["trail-shirt", "camp-mug"], "limit": 4},
        {"blockType": "faq", "items": [{"question": "Shipping?", "answer": "Free over 50."}]},
    ],
}


def test_an_editor_builds_a_page_and_the_public_reads_it(editor, anonymous):
    created = editor.post("/api/pages", HOME)
    assert created.status_code == 201, created.content
    page = anonymous.get("/api/public/pages/home?tenant=acme").json()
    kinds = [block["blockType"] for block in page["layout"]]
    assert kinds == ["hero", "rich_text", "product_grid", "faq"]
    assert page["layout"][1]["content"] == "<p>We make <strong>good</strong> things.</p>"
    assert page["layout"][2]["handles"] == ["trail-shirt", "camp-mug"]
    assert page["layout"][3]["items"][0]["answer"] == "<p>Free over 50.</p>"


def test_the_public_endpoint_needs_a_tenant_and_hides_drafts(editor, anonymous):
    editor.post("/api/pages?draft=true", HOME)
    assert anonymous.get("/api/public/pages/home").status_code == 400
    assert anonymous.get("/api/public/pages/home?tenant=acme").status_code == 404
    assert anonymous.get("/api/public/pages/home?tenant=globex").status_code == 404


def test_slugs_are_unique_per_tenant(editor, integration):
    assert editor.post("/api/pages", HOME).status_code == 201
    again = editor.post("/api/pages", HOME)
    assert again.status_code == 400
    assert again.json()["errors"][0]["data"]["errors"] == [
        {"path": "slug", "message": "Value must be unique"}
    ]
    assert integration.post("/api/pages", {**HOME, "tenant": "globex"}).status_code == 201


def test_an_editor_cannot_write_another_tenants_pages(editor):
    assert editor.post("/api/pages", {**HOME, "tenant": "globex"}).status_code == 403


def test_an_unknown_block_type_is_named(editor):
    response = editor.post("/api/pages", {**HOME, "layout": [{"blockType": "carousel"}]})
    assert response.json()["errors"][0]["data"]["errors"][0]["message"] == "Unknown blockType: carousel"


@pytest.mark.parametrize(
    "block",
    [
        {"blockType": "carousel"},
        {"heading": "no type"},
        {"blockType": "hero"},
        {"blockType": "product_grid", "limit": 1000},
        {"blockType": "faq", "items": ["not a question"]},
        {"blockType": "faq", "items": 3},
        {"blockType": "gallery", "images": "x"},
    ],
)
def test_bad_blocks_are_validation_errors(editor, block):
    response = editor.post("/api/pages", {**HOME, "layout": [block]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["path"] == "layout"


def test_images_are_populated_for_the_whole_list_at_once(editor, anonymous):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300)).save(buffer, "PNG")
    upload = editor.client.post(
        "/api/media",
        {"file": SimpleUploadedFile("hero.png", buffer.getvalue()), "tenant": "acme"},
        **editor.headers,
    )
    image_id = upload.json()["doc"]["id"]

    def queries_for(count: int) -> int:
        for number in range(count - len(anonymous.get("/api/pages?limit=0").json()["docs"])):
            hero = {"blockType": "hero", "heading": "Hi", "image": image_id}
            editor.post("/api/pages", {**HOME, "slug": f"p{count}-{number}", "layout": [hero]})
        with CaptureQueriesContext(connection) as queries:
            docs = anonymous.get("/api/pages?depth=2&limit=100").json()["docs"]
        assert docs[0]["layout"][0]["image"]["sizes"]["hero"]["url"]
        return len(queries)

    assert queries_for(2) == queries_for(8)


def test_a_product_grid_carries_its_published_products_at_depth(editor, anonymous):
    from cityos.content.sync import apply_mirror
    from tests.content.test_sync_apply import SNAPSHOT, T1

    apply_mirror("product.created", T1, SNAPSHOT)  # trail-shirt in acme
    apply_mirror(
        "product.created", T1, {**SNAPSHOT, "id": "prod_g", "tenant": "globex", "handle": "camp-mug"}
    )
    editor.post("/api/pages", HOME)
    grid = anonymous.get("/api/public/pages/home?tenant=acme").json()["layout"][2]
    assert [product["medusa_id"] for product in grid["products"]] == ["prod_1"]  # globex's mug is not acme's
    flat = anonymous.get("/api/pages?where[slug][equals]=home&depth=0").json()["docs"][0]["layout"][2]
    assert "products" not in flat
