"""Which tenants a user works in: the Wagtail admin and the API both ask here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cityos.content.tenants.models import Tenant, TenantMembership


def readable_tenants(user: Any) -> QuerySet[Tenant]:
    """Tenants whose documents (drafts included) the user may read: every membership."""
    if user.is_superuser or getattr(user, "is_integration", False):
        return Tenant.objects.all()
    return Tenant.objects.filter(memberships__user_id=user.pk)


def editable_tenants(user: Any) -> QuerySet[Tenant]:
    """Tenants whose documents the user may change: editor memberships."""
    if user.is_superuser or getattr(user, "is_integration", False):
        return Tenant.objects.all()
    return Tenant.objects.filter(memberships__user_id=user.pk, memberships__role=TenantMembership.Role.EDITOR)
