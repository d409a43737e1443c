"""Every change to tenants, stores, sales channels and API keys goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cityos.commerce.tenants import tokens
from cityos.commerce.tenants.models import ApiKey, SalesChannel, Store, Tenant, TenantMembership
from cityos.platform.events.outbox import emit


@dataclass(frozen=True)
class IssuedKey:
    """A freshly made key: ``token`` is shown once, since secret keys are stored only as a digest."""

    api_key: ApiKey
    token: str


@transaction.atomic
def create_tenant(
    *, slug: str, name: str, default_currency_code: str = "eur", store_name: str = ""
) -> Tenant:
    """A tenant comes with a default sales channel, a store on it and a publishable key for it."""
    tenant = Tenant.objects.create(slug=slug, name=name, default_currency_code=default_currency_code.lower())
    channel = create_sales_channel(tenant=tenant, name=f"{name} storefront")
    store = Store.objects.create(
        tenant=tenant, name=store_name or name, handle=slug, default_sales_channel=channel
    )
    emit("tenant.created", entity_id=tenant.id, tenant_id=tenant.id)
    emit("store.created", entity_id=store.id, tenant_id=tenant.id)
    create_api_key(
        tenant=tenant, type=ApiKey.Type.PUBLISHABLE, title=f"{name} storefront", sales_channels=[channel]
    )
    return tenant


@transaction.atomic
def create_sales_channel(*, tenant: Tenant, name: str, description: str = "") -> SalesChannel:
    channel = SalesChannel.objects.create(tenant=tenant, name=name, description=description)
    emit("sales_channel.created", entity_id=channel.id, tenant_id=tenant.id)
    return channel


@transaction.atomic
def create_api_key(
    *,
    tenant: Tenant,
    type: str,
    title: str,
    sales_channels: Sequence[SalesChannel] = (),
    token: str | None = None,
    created_by: str = "",
) -> IssuedKey:
    prefix = "pk" if type == ApiKey.Type.PUBLISHABLE else "sk"
    token = token or tokens.new_token(prefix)
    stored = token if type == ApiKey.Type.PUBLISHABLE else tokens.digest(token)
    api_key = ApiKey.objects.create(
        tenant=tenant,
        type=type,
        title=title,
        token=stored,
        redacted=tokens.redact(token),
        created_by=created_by,
    )
    if sales_channels:
        api_key.sales_channels.set(sales_channels)
    return IssuedKey(api_key=api_key, token=token)


@transaction.atomic
def revoke_api_key(api_key: ApiKey, *, revoked_by: str = "") -> ApiKey:
    api_key.revoked_at = timezone.now()
    api_key.revoked_by = revoked_by
    api_key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return api_key


@transaction.atomic
def add_member(*, tenant: Tenant, user: object, role: str = TenantMembership.Role.ADMIN) -> TenantMembership:
    membership, _ = TenantMembership.objects.update_or_create(
        tenant=tenant, user=user, defaults={"role": role}
    )
    return membership
