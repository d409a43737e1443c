"""Which tenants an editor works in: the Wagtail admin and the API both ask here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cityos.content.tenants.models import Tenant


def editable_tenants(user: Any) -> QuerySet[Tenant]:
    if user.is_superuser or getattr(user, "is_integration", False):
        return Tenant.objects.all()
    return Tenant.objects.filter(memberships__user_id=user.pk)
