"""Demo data of commerce: an admin, the demo tenants with their stores and keys."""

from __future__ import annotations

from typing import Any

from cityos.commerce.tenants import services as tenant_services
from cityos.commerce.tenants.models import ApiKey, Tenant
from cityos.commerce.tenants.tokens import digest
from cityos.commerce.users.models import User
from cityos.platform.demo import DEMO_TENANTS


def ensure_admin(email: str, password: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_superuser(
        email=email, password=password
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def ensure_tenant(spec: dict[str, str]) -> Tenant:
    tenant = Tenant.objects.filter(slug=spec["slug"]).first()
    if tenant is None:
        tenant = tenant_services.create_tenant(
            slug=spec["slug"], name=spec["name"], default_currency_code=spec["currency"]
        )
    return tenant


def ensure_secret_key(tenant: Tenant, token: str) -> None:
    if not ApiKey.objects.filter(token=digest(token)).exists():
        tenant_services.create_api_key(
            tenant=tenant, type=ApiKey.Type.SECRET, title="cityos integration", token=token
        )


def load(wanted: dict[str, Any]) -> dict[str, Any]:
    admin = ensure_admin(wanted["admin"]["email"], wanted["admin"]["password"])
    tenants = []
    for spec in DEMO_TENANTS:
        tenant = ensure_tenant(spec)
        tenant_services.add_member(tenant=tenant, user=admin)
        store = tenant.stores.select_related("default_sales_channel").first()
        key = (
            ApiKey.objects.filter(tenant=tenant, type=ApiKey.Type.PUBLISHABLE, revoked_at__isnull=True)
            .order_by("created_at")
            .first()
        )
        tenants.append(
            {
                "id": tenant.id,
                "slug": tenant.slug,
                "name": tenant.name,
                "host": spec["host"],
                "store_id": store.id if store else None,
                "sales_channel_id": store.default_sales_channel_id if store else None,
                "publishable_key": key.token if key else None,
            }
        )
    first = Tenant.objects.get(slug=DEMO_TENANTS[0]["slug"])
    ensure_secret_key(first, wanted["secret_api_key"])
    return {"admin": wanted["admin"], "secret_api_key": wanted["secret_api_key"], "tenants": tenants}
