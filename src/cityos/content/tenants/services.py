"""Every change to content's tenants goes through here, announced as ``tenant.updated`` (design §5)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.content.tenants.models import Tenant, TenantDomain
from cityos.platform.events.outbox import emit


def _save(tenant: Tenant, values: dict[str, Any]) -> Tenant:
    domains = values.pop("domains", None)
    for name, value in values.items():
        setattr(tenant, name, value)
    tenant.save()
    if domains is not None:
        tenant.domains.all().delete()
        TenantDomain.objects.bulk_create(TenantDomain(tenant=tenant, domain=domain) for domain in domains)
    emit(
        "tenant.updated",
        entity_id=str(tenant.pk),
        tenant_id=tenant.slug,
        data={"id": tenant.pk, "slug": tenant.slug},
    )
    return tenant


@transaction.atomic
def create_tenant(values: dict[str, Any]) -> Tenant:
    return _save(Tenant(), dict(values))


@transaction.atomic
def update_tenant(tenant: Tenant, values: dict[str, Any]) -> Tenant:
    return _save(tenant, dict(values))


@transaction.atomic
def delete_tenant(tenant: Tenant) -> None:
    tenant_id, slug = tenant.pk, tenant.slug
    tenant.delete()
    emit("tenant.deleted", entity_id=str(tenant_id), tenant_id=slug, data={"id": tenant_id, "slug": slug})
