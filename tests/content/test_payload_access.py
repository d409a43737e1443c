"""Who may read and write products: tenants, drafts, and commerce-owned fields."""

import pytest

from tests.content.test_payload_products import SHIRT

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt(integration):
    return integration.post("/api/products", SHIRT).json()["doc"]


@pytest.fixture
def foreign(integration):
    return integration.post("/api/products", {**SHIRT, "medusa_id": "prod_G", "tenant": "globex"}).json()[
        "doc"
    ]


def test_anonymous_reads_published_only_and_by_tenant(anonymous, integration, shirt, foreign):
    integration.post("/api/products?draft=true", {**SHIRT, "medusa_id": "prod_D", "title": "Draft"})
    titles = {doc["medusa_id"] for doc in anonymous.get("/api/products?tenant=acme").json()["docs"]}
    assert titles == {"prod_01SHIRT"}
    assert anonymous.get("/api/products?draft=true&tenant=acme").json()["totalDocs"] == 1


def test_anonymous_cannot_write(anonymous, shirt):
    response = anonymous.patch(f"/api/products/{shirt['id']}", {"description": "x"})
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == "You are not allowed to perform this action."
    assert anonymous.post("/api/products", SHIRT).status_code == 403


def test_editor_sees_only_own_tenant(editor, shirt, foreign):
    assert {doc["id"] for doc in editor.get("/api/products").json()["docs"]} == {shirt["id"]}
    assert editor.get(f"/api/products/{foreign['id']}").status_code == 404
    assert editor.patch(f"/api/products/{foreign['id']}", {"description": "mine"}).status_code == 404


def test_editor_writes_editorial_fields_but_not_commerce_ones(editor, shirt):
    changed = editor.patch(
        f"/api/products/{shirt['id']}?is_from_medusa=true",
        {
            "title": "Hijacked",
            "seo": {"meta_title": "Great shirt"},
            "description": "<p>Soft <em>cotton</em></p>",
        },
    ).json()["doc"]
    assert changed["title"] == "Shirt"
    assert changed["seo"]["meta_title"] == "Great shirt"
    assert changed["description"] == "<p>Soft <em>cotton</em></p>"


def test_editor_cannot_create_or_delete_products(editor, shirt):
    assert editor.post("/api/products", {**SHIRT, "medusa_id": "prod_X"}).status_code == 403
    assert editor.delete(f"/api/products/{shirt['id']}").status_code == 403


def test_html_is_sanitized(editor, shirt):
    changed = editor.patch(
        f"/api/products/{shirt['id']}", {"description": '<p onclick="x()">Hi<script>alert(1)</script></p>'}
    ).json()["doc"]
    assert changed["description"] == "<p>Hi</p>"


def test_a_draft_leaves_the_published_version_alone(editor, anonymous, shirt):
    editor.patch(f"/api/products/{shirt['id']}?draft=true", {"seo": {"meta_title": "Draft title"}})
    public = anonymous.get(f"/api/products/{shirt['id']}").json()
    assert public["seo"]["meta_title"] is None
    assert public["_status"] == "published"
    draft = editor.get(f"/api/products/{shirt['id']}?draft=true").json()
    assert draft["seo"]["meta_title"] == "Draft title"
    assert draft["_status"] == "draft"
    editor.patch(f"/api/products/{shirt['id']}", {"_status": "published"})
    assert anonymous.get(f"/api/products/{shirt['id']}").json()["seo"]["meta_title"] == "Draft title"


def test_a_wrong_api_key_is_refused(anonymous):
    anonymous.headers = {"HTTP_AUTHORIZATION": "users API-Key wrong"}
    assert anonymous.get("/api/products").status_code == 401


def test_commerce_updates_keep_an_editors_pending_draft(editor, integration, anonymous, shirt):
    editor.patch(f"/api/products/{shirt['id']}?draft=true", {"seo": {"meta_title": "Draft title"}})
    integration.patch(f"/api/products/{shirt['id']}?is_from_medusa=true", {"title": "Renamed in commerce"})
    public = anonymous.get(f"/api/products/{shirt['id']}").json()
    assert (public["title"], public["seo"]["meta_title"]) == ("Renamed in commerce", None)
    draft = editor.get(f"/api/products/{shirt['id']}?draft=true").json()
    assert (draft["title"], draft["seo"]["meta_title"]) == ("Renamed in commerce", "Draft title")


def test_a_viewer_reads_drafts_of_their_tenant_but_changes_nothing(tenants, integration):
    from django.test import Client

    from cityos.content.tenants.models import TenantMembership
    from cityos.content.users.models import User, api_key_digest
    from tests.content.conftest import Api

    created = integration.post("/api/posts?draft=true", {"tenant": "acme", "slug": "soon", "title": "Soon"})
    post_id = created.json()["doc"]["id"]
    viewer = User.objects.create_user(email="viewer@acme.test", enable_api_key=True,
                                      api_key_digest=api_key_digest("viewer-key"))  # fmt: skip
    TenantMembership.objects.create(user=viewer, tenant=tenants["acme"], role=TenantMembership.Role.VIEWER)
    api = Api(Client(), {"HTTP_AUTHORIZATION": "users API-Key viewer-key"})
    assert api.get(f"/api/posts/{post_id}?draft=true").json()["title"] == "Soon"
    assert api.patch(f"/api/posts/{post_id}?draft=true", {"title": "Mine"}).status_code == 403
    assert api.post("/api/posts", {"tenant": "acme", "slug": "x", "title": "X"}).status_code == 403
    me = api.get("/api/users/me").json()["user"]
    assert me["tenants"] == [{"tenant": "acme", "roles": ["viewer"]}]
