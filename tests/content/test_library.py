"""Uploads: typed by content, limited in size and pixels, answered with each named size."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityos.content.library.models import MediaImage

pytestmark = pytest.mark.django_db


def image_file(name: str, *, size=(800, 600), kind="PNG", mode="RGB") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(api, file, **fields):
    return api.client.post("/api/media", {"file": file, **fields}, **api.headers)


def test_upload_answers_every_named_size(editor):
    response = upload(editor, image_file("shirt.png"), alt="A shirt", tenant="acme")
    assert response.status_code == 201, response.content
    doc = response.json()["doc"]
    assert (doc["mimeType"], doc["width"], doc["height"], doc["alt"], doc["tenant"]) == (
        "image/png",
        800,
        600,
        "A shirt",
        "acme",
    )
    assert set(doc["sizes"]) == {"thumbnail", "card", "hero", "og"}
    assert (doc["sizes"]["thumbnail"]["width"], doc["sizes"]["thumbnail"]["height"]) == (300, 300)


def test_the_type_comes_from_the_bytes_not_the_name(editor):
    doc = upload(editor, image_file("photo.jpg"), tenant="acme").json()["doc"]
    assert doc["mimeType"] == "image/png"
    refused = upload(editor, SimpleUploadedFile("evil.png", b"<script>alert(1)</script>"), tenant="acme")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["data"]["errors"][0]["path"] == "file"


def test_too_many_pixels_is_refused_before_decoding(editor):
    bomb = image_file("bomb.png", size=(8000, 6000), mode="1")
    response = upload(editor, bomb, tenant="acme")
    assert response.status_code == 400
    assert "pixels" in response.json()["errors"][0]["data"]["errors"][0]["message"]
    assert not MediaImage.objects.exists()


def test_payload_clients_send_fields_as_json_payload(editor):
    response = upload(editor, image_file("a.png"), _payload='{"alt": "From JSON", "tenant": "acme"}')
    assert response.json()["doc"]["alt"] == "From JSON"


def test_anonymous_and_strangers_cannot_upload(anonymous, editor):
    assert upload(anonymous, image_file("a.png"), tenant="acme").status_code == 403
    assert upload(editor, image_file("a.png"), tenant="globex").status_code == 403


def test_media_lists_publicly(editor, anonymous):
    upload(editor, image_file("a.png"), tenant="acme", alt="x")
    body = anonymous.get("/api/media?where[tenant][equals]=acme").json()
    assert body["totalDocs"] == 1
    assert body["docs"][0]["url"].startswith("/media/")


def upload_document(api, file, **fields):
    return api.client.post("/api/documents", {"file": file, **fields}, **api.headers)


def document(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_documents_upload_with_their_type_read_from_the_bytes(editor, anonymous):
    pdf = upload_document(
        editor, document("size-guide.bin", b"%PDF-1.7\n..."), tenant="acme", title="Size guide"
    )
    assert pdf.status_code == 201, pdf.content
    doc = pdf.json()["doc"]
    assert (doc["mimeType"], doc["title"], doc["tenant"]) == ("application/pdf", "Size guide", "acme")
    assert anonymous.client.get(doc["url"]).status_code == 200
    csv = upload_document(editor, document("stock.csv", b"sku,qty\nA,1\n"), tenant="acme")
    assert csv.json()["doc"]["mimeType"] == "text/csv"


def test_binaries_that_are_not_documents_are_refused_and_strangers_cannot_upload(editor, anonymous):
    from cityos.content.library.models import MediaDocument

    refused = upload_document(editor, document("tool.pdf", b"\x7fELF\x02\x01\x01\x00" * 8), tenant="acme")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["data"]["errors"][0]["path"] == "file"
    stranger = upload_document(editor, document("a.txt", b"hi"), tenant="globex")
    assert stranger.status_code == 403
    assert upload_document(anonymous, document("a.txt", b"hi")).status_code == 403
    assert not MediaDocument.objects.exists()
