"""Demo data of content: an admin, the demo tenants with domains, an editor and editorial content
each (home page, hero section, navigation, announcement, posts, images), and commerce's API key."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.models import Collection, GroupCollectionPermission

from cityos.content import publishing
from cityos.content.editorial.models import Announcement, HeroSection, Navigation, Post, SiteSettings
from cityos.content.library import services as media
from cityos.content.pages.models import ContentPage
from cityos.content.payload import declared
from cityos.content.tenants.models import Tenant, TenantDomain, TenantMembership
from cityos.content.users.models import User, api_key_digest
from cityos.platform.demo import DEMO_TENANTS

INTEGRATION_EMAIL = "commerce-integration@cityos.local"
DEMO_COLOURS = [(196, 120, 64), (64, 110, 160)]


def ensure_user(email: str, password: str | None, *, superuser: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email=email, password=password)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


DRAFTED = ("contentpage", "herosection", "post")
EDITOR_PERMISSIONS = (
    "access_admin", "view_product", "change_product", "publish_product", "view_tenant", "view_ordersummary",
    "view_category", "change_category", "publish_category", "view_store", "change_store",
    *(f"{action}_{model}" for model in DRAFTED for action in ("add", "change", "delete", "publish", "view")),
    "view_formsubmission", "delete_formsubmission",
    *(f"{action}_{model}" for model in ("navigation", "announcement", "sitesettings", "form")
      for action in ("add", "change", "delete", "view")),
)  # fmt: skip


MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}


def editors_group() -> Group:
    """Editors reach the Wagtail admin and work on products; which ones is decided by their tenants.
    Images and documents are Wagtail's collection permissions on the root (the libraries show their
    tenants' files only)."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
    root = Collection.get_first_root_node()
    for app, codenames in MEDIA_PERMISSIONS.items():
        for permission in Permission.objects.filter(content_type__app_label=app, codename__in=codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
    return group


def ensure_tenants(password: str) -> list[dict[str, str]]:
    """Each demo tenant with its storefront domain and an editor who signs in with the admin's password."""
    group = editors_group()
    editors = []
    for spec in DEMO_TENANTS:
        tenant, _ = Tenant.objects.get_or_create(slug=spec["slug"], defaults={"name": spec["name"]})
        TenantDomain.objects.get_or_create(domain=spec["host"], defaults={"tenant": tenant})
        editor = ensure_user(f"editor@{spec['slug']}.cityos.local", password, superuser=False)
        editor.is_staff = True
        editor.save(update_fields=["is_staff"])
        editor.groups.add(group)
        TenantMembership.objects.get_or_create(user=editor, tenant=tenant)
        editors.append({"tenant": tenant.slug, "email": editor.email})
    return editors


def demo_image(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A soft gradient PNG, so the demo's pages have real images without shipping any."""
    image = PILImage.linear_gradient("L").resize((1600, 900)).convert("RGB")
    tinted = PILImage.blend(image, PILImage.new("RGB", image.size, colour), 0.7)
    buffer = io.BytesIO()
    tinted.save(buffer, "PNG")
    return SimpleUploadedFile(f"{name}.png", buffer.getvalue())


def ensure_editorial(tenant: Tenant, colour: tuple[int, int, int]) -> None:
    """A published home page, a hero section, navigation, an announcement, two posts and settings."""
    if ContentPage.objects.filter(tenant=tenant).exists():
        return
    hero = media.upload_image(
        demo_image(f"{tenant.slug}-hero", colour), alt=f"{tenant.name}", tenant=tenant, user=None
    )
    cover = media.upload_image(
        demo_image(f"{tenant.slug}-cover", colour[::-1]), alt="Journal", tenant=tenant, user=None
    )
    welcome = f"<p>{tenant.name} makes <strong>good things</strong> for every day.</p>"
    hero_block = {"heading": f"Welcome to {tenant.name}", "subheading": "Made to last.", "image": hero.pk,
                  "cta_label": "Shop now", "cta_url": "/products"}  # fmt: skip
    grid = {"heading": "Essentials", "handles": [], "category_handle": "apparel", "limit": 8}
    journal = {
        "heading": "Read the journal",
        "body": "Stories from the workshop.",
        "label": "Journal",
        "url": "/journal",
    }
    layout = [
        {"type": "hero", "value": hero_block},
        {"type": "rich_text", "value": welcome},
        {"type": "product_grid", "value": grid},
        {"type": "call_to_action", "value": journal},
    ]
    page_values = {"tenant": tenant, "slug": "home", "title": "Home", "layout": layout}
    publishing.create_document(ContentPage, page_values, user=None, publish=True)
    hero_values = {"tenant": tenant, "title": "Season", "heading": "New season", "image_id": hero.pk}
    publishing.create_document(HeroSection, hero_values, user=None, publish=True)
    for number, title in enumerate(("How we choose our linen", "Caring for waxed cotton"), start=1):
        post = {"tenant": tenant, "slug": f"post-{number}", "title": title, "cover_id": cover.pk,
                "body": f"<p>{title}: notes from the {tenant.name} workshop.</p>"}  # fmt: skip
        publishing.create_document(Post, post, user=None, publish=True)
    items = [{"label": "Shop", "url": "/products"}, {"label": "Journal", "url": "/journal"}]
    declared.save_plain(Navigation(), {"tenant": tenant, "handle": "main", "items": items})
    declared.save_plain(Announcement(), {"tenant": tenant, "message": "Free shipping this week"})
    declared.save_plain(SiteSettings(), {"tenant": tenant, "site_name": tenant.name})


def load(wanted: dict[str, Any]) -> dict[str, Any]:
    ensure_user(wanted["admin"]["email"], wanted["admin"]["password"], superuser=True)
    editors = ensure_tenants(wanted["admin"]["password"])
    for spec, colour in zip(DEMO_TENANTS, DEMO_COLOURS, strict=True):
        ensure_editorial(Tenant.objects.get(slug=spec["slug"]), colour)
    integration = ensure_user(INTEGRATION_EMAIL, None, superuser=False)
    integration.enable_api_key = True
    integration.is_integration = True
    integration.api_key_digest = api_key_digest(wanted["api_key"])
    integration.save(update_fields=["enable_api_key", "is_integration", "api_key_digest"])
    return {
        "admin": wanted["admin"],
        "editors": editors,
        "api_key": wanted["api_key"],
        "api_key_collection": "users",
        "api_key_user": INTEGRATION_EMAIL,
    }
