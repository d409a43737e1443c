"""Every change to content's users and their tenant memberships goes through here."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.content.tenants.models import Tenant, TenantMembership
from cityos.content.users.models import User, api_key_digest


@transaction.atomic
def save_user(user: User, values: dict[str, Any]) -> User:
    """Create or change a user; ``password`` and ``api_key`` are kept only hashed, ``memberships``
    (``[(tenant, role)]``) replaces the user's tenants."""
    values = dict(values)
    memberships: list[tuple[Tenant, str]] | None = values.pop("memberships", None)
    if (password := values.pop("password", None)) is not None:
        user.set_password(password)
    if (api_key := values.pop("api_key", None)) is not None:
        user.api_key_digest = api_key_digest(api_key)
    for name, value in values.items():
        setattr(user, name, value)
    user.save()
    if memberships is not None:
        user.memberships.all().delete()
        TenantMembership.objects.bulk_create(
            TenantMembership(user=user, tenant=tenant, role=role) for tenant, role in memberships
        )
    return user


@transaction.atomic
def delete_user(user: User) -> None:
    user.delete()
