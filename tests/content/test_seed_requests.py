"""The seeds' own content requests, sent exactly as the seeds write them (seed 000's example 3 and
"Direct API Calls", seed 002's ``PayloadModuleService``), and the shorthands they rely on."""

import pytest

from cityos.content.tenants.models import TenantDomain

pytestmark = pytest.mark.django_db

PAGE = {"slug": "home", "title": "Welcome", "layout": [{"blockType": "rich_text", "content": "Hi"}]}
HERO = {"title": "Summer", "heading": "Summer is here"}


@pytest.fixture
def acme_published(tenants, integration, editor):
    """Each tenant has a published product ``tshirt``, a home page and a hero section."""
    TenantDomain.objects.create(tenant=tenants["acme"], domain="acme.cityos.com")
    TenantDomain.objects.create(tenant=tenants["globex"], domain="globex.cityos.com")
    tenants["acme"].medusa_id = "ten_01ACME"
    tenants["acme"].save()
    for slug in ("acme", "globex"):
        product = {"medusa_id": f"prod_{slug}", "title": f"{slug} tee", "handle": "tshirt", "tenant": slug}
        assert integration.post("/api/products", product).status_code == 201
        assert integration.post("/api/products", {**product, "medusa_id": f"prod_{slug}2", "handle": "cap"})
        assert integration.post("/api/pages", {**PAGE, "tenant": slug}).status_code == 201
        assert integration.post("/api/hero-sections", {**HERO, "tenant": slug}).status_code == 201
    return tenants


def test_a_tenant_is_found_by_its_domain(anonymous, acme_published):
    docs = anonymous.get("/api/tenants?domain=acme.cityos.com").json()["docs"]
    assert [doc["slug"] for doc in docs] == ["acme"]
    assert anonymous.get("/api/tenants?domain=nobody.cityos.com").json()["docs"] == []


def test_products_are_filtered_by_slug(anonymous, acme_published):
    docs = anonymous.get("/api/products?slug=tshirt").json()["docs"]
    assert sorted(doc["medusa_id"] for doc in docs) == ["prod_acme", "prod_globex"]


@pytest.mark.parametrize("naming", ["slug", "content id", "commerce id"])
def test_pages_take_the_tenant_by_slug_content_id_or_commerce_id(anonymous, acme_published, naming):
    acme = acme_published["acme"]
    tenant = {"slug": "acme", "content id": str(acme.pk), "commerce id": "ten_01ACME"}[naming]
    docs = anonymous.get(f"/api/pages?tenant={tenant}&slug=home").json()["docs"]
    assert [(doc["slug"], doc["tenant"]) for doc in docs] in ([("home", acme.pk)], [("home", "acme")])
    where = anonymous.get(f"/api/hero-sections?where[tenant][equals]={tenant}").json()["docs"]
    assert len(where) == 1


def test_hero_sections_by_tenant_as_the_storefront_fetches_them(anonymous, acme_published):
    assert anonymous.get("/api/hero-sections?tenant=ten_01ACME").json()["totalDocs"] == 1


def test_an_unknown_tenant_matches_nothing(anonymous, acme_published):
    for tenant in ("ten_NOBODY", "nobody", "999999", "9" * 40):
        assert anonymous.get(f"/api/pages?tenant={tenant}").json()["docs"] == [], tenant


def test_a_body_names_its_tenant_by_commerce_id(integration, acme_published):
    body = {"medusa_id": "prod_body", "title": "By id", "tenant": "ten_01ACME"}
    created = integration.post("/api/products", body)
    assert created.status_code == 201, created.content
    assert (
        integration.get("/api/products?where[medusa_id][equals]=prod_body&tenant=acme").json()["totalDocs"]
        == 1
    )


def test_a_body_naming_no_known_tenant_is_refused(integration, acme_published):
    response = integration.post(
        "/api/products", {"medusa_id": "prod_x", "title": "X", "tenant": "ten_NOBODY"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["data"]["errors"][0]["path"] == "tenant"


@pytest.mark.parametrize(
    "query", ["/api/products?colour=red", "/api/pages?tenant=acme&slugg=home", "/api/tenants?domian=x"]
)
def test_unknown_query_parameters_are_refused_by_name(anonymous, acme_published, query):
    response = anonymous.get(query)
    assert response.status_code == 400
    unknown = query.rsplit("?", 1)[1].split("&")[-1].split("=")[0]
    assert unknown in response.json()["errors"][0]["message"]
