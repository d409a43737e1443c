"""Every change to tenants, stores, sales channels and API keys goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cityos.commerce.errors import ErrorType, MedusaError
from cityos.commerce.mirrors import announce_stores_of_key
from cityos.commerce.records import create_record, delete_record, in_tenant, update_record
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
    *, slug: str, name: str, default_currency_code: str = "eur", store_name: str = "", **values: Any
) -> Tenant:
    """A tenant comes with a default sales channel, a store on it and a publishable key for it."""
    tenant = create_record(
        Tenant, "tenant", {"slug": slug, "name": name, "default_currency_code": default_currency_code.lower(),
        **values}, label=f"Tenant with slug: {slug},",
    )  # fmt: skip
    channel = create_sales_channel(tenant=tenant, name=f"{name} storefront")
    create_store(tenant=tenant, name=store_name or name, handle=slug, default_sales_channel_id=channel.id)
    create_api_key(
        tenant=tenant, type=ApiKey.Type.PUBLISHABLE, title=f"{name} storefront", sales_channels=[channel]
    )
    return tenant


@transaction.atomic
def update_tenant(tenant: Tenant, values: dict[str, Any]) -> Tenant:
    if "default_currency_code" in values:
        values = {**values, "default_currency_code": values["default_currency_code"].lower()}
    tenant = update_record(
        tenant, "tenant", values, label=f"Tenant with slug: {values.get('slug', tenant.slug)},"
    )
    return tenant


def create_store(*, tenant: Tenant, name: str, handle: str = "", **values: Any) -> Store:
    values = {
        "tenant": tenant,
        "name": name,
        "handle": handle or slugify(name),
        **_store_links(tenant, values),
    }
    return create_record(Store, "store", values, label=f"Store with handle: {values['handle']},")


def update_store(store: Store, values: dict[str, Any]) -> Store:
    return update_record(store, "store", _store_links(store.tenant, values), label="Store")


def delete_store(store: Store) -> None:
    delete_record(store, "store")


def _store_links(tenant: Tenant, values: dict[str, Any]) -> dict[str, Any]:
    """A store's default channel and region must be the tenant's own."""
    values = dict(values)
    if channel_id := values.pop("default_sales_channel_id", None):
        values["default_sales_channel"] = in_tenant(SalesChannel, tenant, [channel_id], "Sales channel")[0]
    if region_id := values.get("default_region_id"):
        from cityos.commerce.regions.models import Region  # regions build on tenants, not the reverse

        in_tenant(Region, tenant, [region_id], "Region")
    return values


def create_sales_channel(*, tenant: Tenant, name: str, **values: Any) -> SalesChannel:
    return create_record(
        SalesChannel, "sales_channel", {"tenant": tenant, "name": name, **values}, label="Sales channel"
    )


def update_sales_channel(channel: SalesChannel, values: dict[str, Any]) -> SalesChannel:
    return update_record(channel, "sales_channel", values, label="Sales channel")


@transaction.atomic
def delete_sales_channel(channel: SalesChannel) -> None:
    if Store.objects.filter(default_sales_channel=channel).exists():
        raise MedusaError(ErrorType.NOT_ALLOWED, f"Cannot delete default sales channel {channel.id}")
    delete_record(channel, "sales_channel")


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
    emit("api_key.created", entity_id=api_key.id, tenant_id=tenant.id)
    announce_stores_of_key(api_key)
    return IssuedKey(api_key=api_key, token=token)


def update_api_key(api_key: ApiKey, values: dict[str, Any]) -> ApiKey:
    return update_record(api_key, "api_key", values, label="Api key")


@transaction.atomic
def revoke_api_key(api_key: ApiKey, *, revoked_by: str = "") -> ApiKey:
    if api_key.revoked_at is not None:
        raise MedusaError(ErrorType.NOT_ALLOWED, f"The api key {api_key.id} is already revoked")
    api_key = update_record(
        api_key, "api_key", {"revoked_at": timezone.now(), "revoked_by": revoked_by}, label="Api key"
    )
    announce_stores_of_key(api_key)
    return api_key


@transaction.atomic
def delete_api_key(api_key: ApiKey) -> None:
    """As Medusa: a key must be revoked before it can be deleted, so a live client never just vanishes."""
    if api_key.revoked_at is None:
        raise MedusaError(ErrorType.NOT_ALLOWED, "Cannot delete api keys that are not revoked")
    delete_record(api_key, "api_key")


@transaction.atomic
def link_key_sales_channels(api_key: ApiKey, *, add: Sequence[str], remove: Sequence[str]) -> ApiKey:
    if api_key.type != ApiKey.Type.PUBLISHABLE:
        raise MedusaError(
            ErrorType.INVALID_DATA, "Sales channels can only be associated with publishable keys"
        )
    removed = in_tenant(SalesChannel, api_key.tenant, remove, "Sales channel")
    api_key.sales_channels.add(*in_tenant(SalesChannel, api_key.tenant, add, "Sales channel"))
    api_key.sales_channels.remove(*removed)
    emit("api_key.updated", entity_id=api_key.id, tenant_id=api_key.tenant_id)
    announce_stores_of_key(api_key, also=removed)
    return api_key


@transaction.atomic
def add_member(*, tenant: Tenant, user: object, role: str = TenantMembership.Role.ADMIN) -> TenantMembership:
    membership, _ = TenantMembership.objects.update_or_create(
        tenant=tenant, user=user, defaults={"role": role}
    )
    return membership
