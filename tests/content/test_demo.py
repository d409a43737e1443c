import pytest

from cityos.content.demo import INTEGRATION_EMAIL, load
from cityos.content.users.models import User, api_key_digest

pytestmark = pytest.mark.django_db

WANTED = {"admin": {"email": "editor@example.com", "password": "a-long-password"}, "api_key": "k" * 43}


def test_demo_makes_admin_and_integration_key():
    made = load(WANTED)
    assert made["api_key_collection"] == "users"
    admin = User.objects.get(email="editor@example.com")
    assert admin.is_superuser
    assert admin.check_password("a-long-password")
    integration = User.objects.get(email=INTEGRATION_EMAIL)
    assert integration.api_key_digest == api_key_digest(WANTED["api_key"])


def test_demo_is_idempotent():
    load(WANTED)
    load(WANTED)
    assert User.objects.count() == 4  # admin, integration, one editor per demo tenant


def test_demo_tenants_have_domains_and_an_editor_each():
    made = load(WANTED)
    assert [e["tenant"] for e in made["editors"]] == ["acme", "globex"]
    editor = User.objects.get(email="editor@acme.cityos.local")
    assert editor.check_password("a-long-password")
    assert [m.tenant.slug for m in editor.memberships.all()] == ["acme"]
    assert User.objects.get(email=INTEGRATION_EMAIL).is_integration


def test_an_editor_sees_only_their_tenants_products_in_wagtail(client):
    from cityos.content.catalog import services
    from cityos.content.tenants.models import Tenant

    load(WANTED)
    for slug in ("acme", "globex"):
        tenant = Tenant.objects.get(slug=slug)
        values = {"medusa_id": f"prod_{slug}", "title": f"{slug} shirt", "tenant": tenant}
        services.create_product(values=values, user=None, publish=True)
    client.force_login(User.objects.get(email="editor@acme.cityos.local"))
    page = client.get("/admin/snippets/catalog/product/").content.decode()
    assert "acme shirt" in page
    assert "globex shirt" not in page


def test_demo_gives_each_tenant_a_published_home_page(client):
    load(WANTED)
    load(WANTED)  # idempotent: still one home page each
    page = client.get("/api/public/pages/home?tenant=globex").json()
    assert [block["blockType"] for block in page["layout"]] == [
        "hero",
        "rich_text",
        "product_grid",
        "call_to_action",
    ]
    assert page["layout"][0]["image"]["sizes"]["hero"]["url"]
    assert client.get("/api/posts?where[tenant][equals]=acme").json()["totalDocs"] == 2
    assert client.get("/api/public/hero-sections?tenant=acme").json()["totalDocs"] == 1


def test_publishing_in_the_wagtail_admin_announces_it(client):
    from cityos.content.editorial.models import HeroSection
    from cityos.content.tenants.models import Tenant
    from cityos.platform.events.models import OutboxEvent

    load(WANTED)
    client.force_login(User.objects.get(email="editor@acme.cityos.local"))
    acme = Tenant.objects.get(slug="acme")
    form = {"tenant": acme.pk, "title": "Winter", "heading": "Warm layers", "subheading": "", "cta_label": "",
            "cta_url": "", "sort_order": 0, "action-publish": "publish"}  # fmt: skip
    response = client.post("/admin/snippets/editorial/herosection/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    hero = HeroSection.objects.get(title="Winter")
    assert hero.live
    assert OutboxEvent.objects.filter(
        name="hero_section.published", entity_id=str(hero.pk), tenant_id="acme"
    ).exists()
