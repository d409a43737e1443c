"""How clients name a tenant: content's own id, commerce's tenant id (``ten_…``) or the slug.

Payload clients hold content's id, a commerce-side client (the seeds' ``PayloadModuleService``)
holds commerce's, and people type slugs; every query and body that takes a tenant takes all three.
"""

from __future__ import annotations

from typing import Any

from cityos.content.tenants.models import Tenant

NO_TENANT = -1  # compared with a tenant key, matches no row


def _is_key(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19
    )


def tenant_named(value: Any) -> Tenant | None:
    """The tenant ``value`` names, or None. A number is content's id first, as Payload relations are."""
    if _is_key(value) and 0 < int(value) <= 2**63 - 1:
        found = Tenant.objects.filter(pk=int(value)).first()
        if found is not None or not isinstance(value, str):
            return found
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("ten_") and (found := Tenant.objects.filter(medusa_id=value).first()):
        return found
    return Tenant.objects.filter(slug=value).first()


def tenant_key(value: Any) -> int:
    """The content id of the tenant ``value`` names, for a filter (``NO_TENANT`` when none does)."""
    tenant = tenant_named(value)
    return tenant.pk if tenant is not None else NO_TENANT
