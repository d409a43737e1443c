"""Every change to content's tenants goes through here (``tenant.updated`` comes from ``announcements``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.content.tenants.models import Tenant, TenantDomain


@transaction.atomic
def save_tenant(tenant: Tenant, values: dict[str, Any]) -> Tenant:
    """Create or change a tenant; ``domains`` given replaces its host names."""
    values = dict(values)
    domains = values.pop("domains", None)
    for name, value in values.items():
        setattr(tenant, name, value)
    tenant.save()
    if domains is not None:
        tenant.domains.all().delete()
        TenantDomain.objects.bulk_create(TenantDomain(tenant=tenant, domain=domain) for domain in domains)
    return tenant


@transaction.atomic
def delete_tenant(tenant: Tenant) -> None:
    tenant.delete()
