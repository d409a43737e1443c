"""The ``tenants`` collection: the storefront finds a tenant by host with ``where[domains.domain]``.

Branding is public (anyone reads it); slug, name and ``medusa_id`` mirror commerce and only its
integration writes them; an editor changes theme and domains of their own tenants.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet

from cityos.content.payload.auth import Actor
from cityos.content.payload.collections import Collection, register
from cityos.content.payload.errors import Forbidden, ValidationError
from cityos.content.payload.query import QueryField, as_date, as_number
from cityos.content.payload.writing import Field, Invalid, mapping, read_body
from cityos.content.tenants import services
from cityos.content.tenants.models import Tenant, TenantDomain

HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
FIELDS = {
    "id": QueryField("pk", as_number),
    "slug": QueryField("slug"),
    "name": QueryField("name"),
    "medusa_id": QueryField("medusa_id"),
    "domains.domain": QueryField("domains__domain"),
    "createdAt": QueryField("created_at", as_date),
    "updatedAt": QueryField("updated_at", as_date),
}


def domain_list(value: Any) -> list[str]:
    """``["shop.example"]`` or Payload's array rows ``[{"domain": "shop.example"}]``, lower-cased."""
    if not isinstance(value, list):
        raise Invalid("This field must be a list.")
    hosts = [
        str(item.get("domain", "") if isinstance(item, dict) else item).strip().lower() for item in value
    ]
    if bad := [host for host in hosts if not HOST.match(host)]:
        raise Invalid(f"Not a host name: {', '.join(bad)}")
    return list(dict.fromkeys(hosts))


WRITABLE = {
    "slug": Field(commerce=True),
    "name": Field(commerce=True),
    "medusa_id": Field(commerce=True),
    "theme": Field(parse=mapping),
    "domains": Field(parse=domain_list),
}


def scope(actor: Actor) -> QuerySet[Tenant]:
    return Tenant.objects.prefetch_related("domains")


def to_doc(tenant: Tenant, draft: bool) -> dict[str, Any]:
    return {
        "id": tenant.pk,
        "name": tenant.name,
        "slug": tenant.slug,
        "medusa_id": tenant.medusa_id,
        "domains": [{"id": domain.pk, "domain": domain.domain} for domain in tenant.domains.all()],
        "theme": tenant.theme,
        "createdAt": tenant.created_at,
        "updatedAt": tenant.updated_at,
    }


def _values(actor: Actor, body: Any, current: Tenant | None) -> dict[str, Any]:
    values = read_body("tenants", body, WRITABLE, actor, required=("slug", "name") if current is None else ())
    errors = []
    if (slug := values.get("slug")) and Tenant.objects.filter(slug=slug).exclude(
        pk=getattr(current, "pk", None)
    ).exists():
        errors.append({"path": "slug", "message": "Value must be unique"})
    taken = TenantDomain.objects.filter(domain__in=values.get("domains", [])).exclude(
        tenant_id=getattr(current, "pk", None)
    )
    errors += [{"path": "domains", "message": f"{row.domain} belongs to another tenant"} for row in taken]
    if errors:
        raise ValidationError("tenants", errors)
    return values


def create(actor: Actor, body: dict[str, Any], publish: bool) -> Tenant:
    if not actor.sees_everything:
        raise Forbidden
    return services.save_tenant(Tenant(), _values(actor, body, None))


def update(tenant: Tenant, actor: Actor, body: dict[str, Any], publish: bool) -> Tenant:
    if not actor.edits(tenant.pk):
        raise Forbidden
    return services.save_tenant(tenant, _values(actor, body, tenant))


def delete(tenant: Tenant, actor: Actor) -> None:
    if not (actor.user and actor.user.is_superuser):
        raise Forbidden
    services.delete_tenant(tenant)


TENANTS = register(
    Collection(
        slug="tenants", singular="Tenant", plural="Tenants", fields=FIELDS, scope=scope, to_doc=to_doc,
        create=create, update=update, delete=delete, tenant_lookup="slug", has_drafts=False,
    )
)  # fmt: skip
