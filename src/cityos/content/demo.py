"""Demo data of content: an admin, the demo tenants with domains and one editor each, and the API key
that commerce's integration uses."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from cityos.content.tenants.models import Tenant, TenantDomain, TenantMembership
from cityos.content.users.models import User, api_key_digest
from cityos.platform.demo import DEMO_TENANTS

INTEGRATION_EMAIL = "commerce-integration@cityos.local"


def ensure_user(email: str, password: str | None, *, superuser: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email=email, password=password)
    if password and not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


EDITOR_PERMISSIONS = ("access_admin", "view_product", "change_product", "publish_product", "view_tenant")


def editors_group() -> Group:
    """Editors reach the Wagtail admin and work on products; which ones is decided by their tenants."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMISSIONS))
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


def load(wanted: dict[str, Any]) -> dict[str, Any]:
    ensure_user(wanted["admin"]["email"], wanted["admin"]["password"], superuser=True)
    editors = ensure_tenants(wanted["admin"]["password"])
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
