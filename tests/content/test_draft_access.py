"""Drafts are read only by callers who may read the document's tenant: for every collection with drafts,
an anonymous ``?draft=true`` (the way in that was found) answers the published version, single and listed."""

from __future__ import annotations

import pytest

import cityos.content.api  # noqa: F401  (the API module registers every collection)
from cityos.content.payload.collections import REGISTRY
from tests.content.samples import DRAFT_SAMPLES

pytestmark = pytest.mark.django_db
WITH_DRAFTS = sorted(slug for slug, collection in REGISTRY.items() if collection.has_drafts)
SECRET = "Unreleased secret"


def test_every_collection_with_drafts_has_a_sample():
    assert set(WITH_DRAFTS) == set(DRAFT_SAMPLES)


@pytest.fixture(params=WITH_DRAFTS)
def drafted(request, integration):
    """A published document of tenant globex whose latest draft holds a secret."""
    slug = request.param
    body, text_field = DRAFT_SAMPLES[slug]
    created = integration.post(f"/api/{slug}", {**body, "tenant": "globex"})
    assert created.status_code == 201, created.content
    doc = created.json()["doc"]
    saved = integration.patch(f"/api/{slug}/{doc['id']}?draft=true", {text_field: SECRET})
    assert saved.status_code == 200, saved.content
    assert integration.get(f"/api/{slug}/{doc['id']}?draft=true").json()[text_field] == SECRET
    return slug, doc["id"], text_field


def test_anonymous_callers_read_the_published_version(anonymous, drafted):
    slug, pk, text_field = drafted
    single = anonymous.get(f"/api/{slug}/{pk}?draft=true")
    assert single.status_code == 200
    assert single.json()[text_field] == "Sample"
    listed = anonymous.get(f"/api/{slug}?draft=true&where[tenant][equals]=globex").json()["docs"]
    assert [doc[text_field] for doc in listed] == ["Sample"]
    assert SECRET not in anonymous.get(f"/api/{slug}?draft=true&tenant=globex").content.decode()


def test_another_tenants_editor_gets_404(editor, drafted):
    slug, pk, _ = drafted
    assert editor.get(f"/api/{slug}/{pk}?draft=true").status_code == 404
    assert SECRET not in editor.get(f"/api/{slug}?draft=true").content.decode()


def test_a_draft_never_published_is_not_found(anonymous, integration):
    for slug in WITH_DRAFTS:
        body, _ = DRAFT_SAMPLES[slug]
        created = integration.post(f"/api/{slug}?draft=true", {**body, "tenant": "globex"}).json()["doc"]
        assert anonymous.get(f"/api/{slug}/{created['id']}?draft=true").status_code == 404, slug
