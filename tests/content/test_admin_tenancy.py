"""The Wagtail admin as a demo editor sees it: their tenants' images only, commerce's documents
changed but never added or deleted."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cityos.content.catalog.models import Category
from cityos.content.demo import load
from cityos.content.library.models import MediaImage
from cityos.content.sync import apply_mirror
from cityos.content.tenants.models import Tenant
from cityos.content.users.models import User
from tests.content.test_demo import WANTED
from tests.content.test_library import image_file
from tests.content.test_mirrors import APPAREL

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme_editor(client: Client) -> Client:
    load(WANTED)
    client.force_login(User.objects.get(email="editor@acme.cityos.local"))
    return client


def image(tenant: str, title: str) -> MediaImage:
    return MediaImage.objects.create(
        title=title, file=image_file(f"{title}.png"), tenant=Tenant.objects.get(slug=tenant)
    )


def test_the_image_library_and_chooser_hold_the_editors_tenants_images_only(acme_editor: Client) -> None:
    mine, theirs = image("acme", "acme-logo"), image("globex", "globex-logo")
    for path in ("/admin/images/", "/admin/images/chooser/"):
        page = acme_editor.get(path).content.decode()
        assert "acme-logo" in page, path
        assert "globex-logo" not in page, path
    assert acme_editor.get(f"/admin/images/{mine.pk}/").status_code == 200
    assert acme_editor.get(f"/admin/images/{theirs.pk}/").status_code in (302, 403)


def test_the_upload_form_offers_only_the_editors_tenants(acme_editor: Client) -> None:
    page = acme_editor.get("/admin/images/add/").content.decode()
    picker = re.search(r'<select name="tenant".*?</select>', page, re.S)
    assert picker is not None
    offered = set(re.findall(r'<option value="(\d+)"', picker.group(0)))
    assert offered == {str(Tenant.objects.get(slug="acme").pk)}


def test_categories_are_edited_and_published_but_never_added_here(acme_editor: Client) -> None:
    apply_mirror("product_category.created", "2026-11-22T10:00:00Z", APPAREL)
    category = Category.objects.get()
    assert acme_editor.get("/admin/snippets/catalog/category/add/").status_code in (302, 403)
    assert acme_editor.get(f"/admin/snippets/catalog/category/delete/{category.pk}/").status_code in (
        302,
        403,
    )
    edit = f"/admin/snippets/catalog/category/edit/{category.pk}/"
    assert "From commerce (read-only)" in acme_editor.get(edit).content.decode()
    form = {"description": '{"blocks": [{"key": "a", "text": "Warm", "type": "unstyled", "depth": 0,'
            ' "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "image": "", "seo_meta_title": "Apparel for all weather", "seo_meta_description": "",
            "seo_meta_keywords": "", "action-publish": "publish"}  # fmt: skip
    answer = acme_editor.post(edit, form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.seo_meta_title, category.name, category.live) == (
        "Apparel for all weather",
        "Apparel",
        True,
    )


def test_the_sync_dashboard_is_for_superusers(acme_editor: Client) -> None:
    assert acme_editor.get("/admin/sync/").status_code in (302, 403)  # Wagtail redirects a refusal
    acme_editor.force_login(User.objects.get(email=WANTED["admin"]["email"]))
    page = acme_editor.get("/admin/sync/")
    assert page.status_code == 200
    assert "content → commerce" in page.content.decode()
    assert "Retry failed and dead" in page.content.decode()


def test_a_superuser_subscribes_in_the_wagtail_admin_through_the_same_checks(acme_editor: Client) -> None:
    from cityos.platform.events.models import Subscription

    acme_editor.force_login(User.objects.get(email=WANTED["admin"]["email"]))
    form = {"url": "ftp://x.example/in", "events": "[]", "is_active": "on", "description": ""}
    refused = acme_editor.post("/admin/snippets/events/subscription/add/", form)
    assert "webhook URLs must be http or https" in refused.content.decode()
    made = acme_editor.post(
        "/admin/snippets/events/subscription/add/", {**form, "url": "https://x.example/in"}
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    assert Subscription.objects.get(url="https://x.example/in").secret.startswith("whsec_")


def test_the_document_library_holds_the_editors_tenants_documents_only(acme_editor: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cityos.content.library.models import MediaDocument

    for slug in ("acme", "globex"):
        MediaDocument.objects.create(title=f"{slug}-terms", tenant=Tenant.objects.get(slug=slug),
                                     file=SimpleUploadedFile(f"{slug}.pdf", b"%PDF-1.7"))  # fmt: skip
    page = acme_editor.get("/admin/documents/").content.decode()
    assert "acme-terms" in page
    assert "globex-terms" not in page
