"""Every change to content's tenants goes through here (``tenant.updated`` comes from ``announcements``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.content.tenants.models import Store, StoreDomain, Tenant, TenantDomain


def _save_with_domains(
    row: Tenant | Store, values: dict[str, Any], domain_model: type[Any], owner: str
) -> Any:
    """Save a tenant or store; ``domains`` given replaces its host names before the save that
    announces it, so the event carries them (a new row is saved once more to announce them)."""
    values = dict(values)
    domains = values.pop("domains", None)
    for name, value in values.items():
        setattr(row, name, value)
    new = row.pk is None
    if new:
        row.save()
    if domains is not None:
        domain_model.objects.filter(**{owner: row}).delete()
        domain_model.objects.bulk_create(domain_model(**{owner: row, "domain": domain}) for domain in domains)
        getattr(row, "_prefetched_objects_cache", {}).pop("domains", None)
    if not new or domains:
        row.save()
    return row


@transaction.atomic
def save_tenant(tenant: Tenant, values: dict[str, Any]) -> Tenant:
    """Create or change a tenant; ``domains`` given replaces its host names."""
    return _save_with_domains(tenant, values, TenantDomain, "tenant")


@transaction.atomic
def save_store(store: Store, values: dict[str, Any]) -> Store:
    """Create or change a store; ``domains`` given replaces its host names."""
    return _save_with_domains(store, values, StoreDomain, "store")


@transaction.atomic
def delete_store(store: Store) -> None:
    store.delete()


@transaction.atomic
def delete_tenant(tenant: Tenant) -> None:
    tenant.delete()
