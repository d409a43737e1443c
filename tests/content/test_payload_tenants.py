"""The tenants collection: found by host, branding by editors, mirror fields by commerce only."""

import pytest

from cityos.content.tenants.models import TenantDomain
from cityos.platform.events.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def domains(tenants):
    TenantDomain.objects.create(tenant=tenants["acme"], domain="acme.localhost")
    TenantDomain.objects.create(tenant=tenants["acme"], domain="shop.acme.test")
    TenantDomain.objects.create(tenant=tenants["globex"], domain="globex.localhost")


def test_the_storefront_finds_a_tenant_by_host(anonymous, domains):
    body = anonymous.get("/api/tenants?where[domains.domain][equals]=acme.localhost").json()
    assert [doc["slug"] for doc in body["docs"]] == ["acme"]
    assert {d["domain"] for d in body["docs"][0]["domains"]} == {"acme.localhost", "shop.acme.test"}


def test_a_host_matching_two_domains_returns_the_tenant_once(anonymous, domains):
    body = anonymous.get("/api/tenants?where[domains.domain][like]=acme").json()
    assert body["totalDocs"] == 1


def test_an_editor_changes_branding_but_not_the_mirror(editor, tenants):
    acme = tenants["acme"]
    changed = editor.patch(
        f"/api/tenants/{acme.pk}", {"theme": {"primary": "#0a7"}, "name": "Hijack", "domains": ["Acme.Test"]}
    )
    assert changed.status_code == 200, changed.content
    doc = changed.json()["doc"]
    assert (doc["theme"], doc["name"], [d["domain"] for d in doc["domains"]]) == (
        {"primary": "#0a7"},
        "Acme",
        ["acme.test"],
    )
    assert OutboxEvent.objects.filter(name="tenant.updated", tenant_id="acme").exists()


def test_an_editor_cannot_change_another_tenant(editor, tenants):
    assert editor.patch(f"/api/tenants/{tenants['globex'].pk}", {"theme": {}}).status_code == 403


def test_a_domain_belongs_to_one_tenant(editor, domains, tenants):
    response = editor.patch(f"/api/tenants/{tenants['acme'].pk}", {"domains": ["globex.localhost"]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["path"] == "domains"


def test_bad_host_names_are_refused(editor, tenants):
    response = editor.patch(f"/api/tenants/{tenants['acme'].pk}", {"domains": ["not a host"]})
    assert response.status_code == 400


def test_only_commerce_or_a_superuser_creates_tenants(editor, integration):
    assert editor.post("/api/tenants", {"slug": "initech", "name": "Initech"}).status_code == 403
    created = integration.post("/api/tenants", {"slug": "initech", "name": "Initech", "medusa_id": "ten_1"})
    assert created.status_code == 201
    assert integration.post("/api/tenants", {"slug": "initech", "name": "Again"}).status_code == 400
