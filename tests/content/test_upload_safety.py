"""Stored XSS through uploads: the stored name follows the bytes, and every upload is served so that no
uploaded byte runs as a page on content's origin (the finding: a PNG with HTML appended, named .html)."""

from __future__ import annotations

import io

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityos.content.library.models import MediaDocument, MediaImage
from cityos.content.users.models import User, api_key_digest

pytestmark = pytest.mark.django_db
SCRIPT = b"<html><body><script>document.title = 'pwned'; window.pwned = true;</script></body></html>"


def polyglot(name: str) -> SimpleUploadedFile:
    """A real PNG that is also an HTML page."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + SCRIPT, content_type="text/html")


def upload(api, path: str, file: SimpleUploadedFile, **fields):
    return api.client.post(path, {"file": file, "tenant": "acme", **fields}, **api.headers)


@pytest.mark.parametrize("name", ["poly.html", "poly.png", "real.svg", "../../poly.htm", ".html", "x.PHP"])
def test_an_image_is_stored_under_the_extension_of_its_bytes(editor, name):
    response = upload(editor, "/api/media", polyglot(name))
    assert response.status_code == 201, response.content
    doc = response.json()["doc"]
    assert doc["filename"].endswith(".png")
    assert "/" not in doc["filename"]
    served = editor.client.get(doc["url"])
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_svg_is_refused(editor):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(editor, "/api/media", SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"))
    assert response.status_code == 400
    assert not MediaImage.objects.exists()


def test_a_text_document_named_html_is_stored_as_text_and_served_as_a_download(editor):
    file = SimpleUploadedFile("page.html", SCRIPT, content_type="text/html")
    response = upload(editor, "/api/documents", file, title="Page")
    assert response.status_code == 201, response.content
    doc = response.json()["doc"]
    assert doc["filename"] == "page.txt"
    stored = MediaDocument.objects.get()
    served = editor.client.get(stored.file.url)
    assert served["Content-Disposition"] == "attachment"
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_an_empty_document_is_refused(editor):
    response = upload(editor, "/api/documents", SimpleUploadedFile("empty.txt", b""), title="Empty")
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["message"] == "The file is empty."
    assert not MediaDocument.objects.exists()


def test_wagtail_serves_every_document_as_a_download(editor):
    upload(editor, "/api/documents", SimpleUploadedFile("terms.pdf", b"%PDF-1.4\n%%EOF\n"), title="Terms")
    stored = MediaDocument.objects.get()
    served = editor.client.get(stored.url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")


def test_media_links_follow_cityos_media_url(editor, settings):
    settings.MEDIA_URL = "https://media.example.test/"
    doc = upload(editor, "/api/media", polyglot("a.png")).json()["doc"]
    assert doc["url"].startswith("https://media.example.test/original_images/")


@pytest.fixture
def uploader(tenants) -> dict[str, str]:
    user = User.objects.create_user(
        email="uploader@acme.test", enable_api_key=True, api_key_digest=api_key_digest("up-key")
    )
    user.memberships.create(tenant=tenants["acme"], role="editor")
    return {"authorization": "users API-Key up-key"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_runs_no_script_from_an_uploaded_file(live_server, uploader, browser):
    """The finding as it was found: the polyglot uploaded over HTTP, then opened in a real browser on
    content's origin, at every URL content answers for it."""
    with httpx.Client(base_url=live_server.url, headers=uploader) as http:
        png = polyglot("poly.html")
        image = http.post("/api/media", data={"tenant": "acme"}, files={"file": ("poly.html", png.read())})
        text = http.post(
            "/api/documents", data={"tenant": "acme", "title": "T"}, files={"file": ("page.html", SCRIPT)}
        )
    assert (image.status_code, text.status_code) == (201, 201)
    document = text.json()["doc"]
    urls = [image.json()["doc"]["url"], document["url"], f"/media/documents/{document['filename']}"]
    page = browser.new_page()
    try:
        for url in urls:
            try:
                page.goto(f"{live_server.url}{url}")
            except Exception:
                continue
            assert page.evaluate("() => window.pwned === undefined"), url
            assert page.title() != "pwned", url
    finally:
        page.close()
