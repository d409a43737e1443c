"""Django admin (``/app``) scoped to the staff member's tenants, writing through the records path.

A staff member sees, picks and edits only rows of tenants they are a member of; a superuser sees all.
Saves and deletes go through ``records`` so each one emits its event like any other change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from cityos.commerce import records
from cityos.commerce.tenants.models import Tenant


def member_tenants(request: HttpRequest) -> QuerySet[Tenant]:
    user = request.user
    if user.is_superuser:
        return Tenant.objects.all()
    return Tenant.objects.filter(memberships__user_id=user.pk)


def is_member(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or member_tenants(request).exists()))


def choices_for(model: type[models.Model], request: HttpRequest) -> QuerySet[Any] | None:
    """What a form may pick of ``model``: only the member's tenants and their rows."""
    if model is Tenant:
        return member_tenants(request)
    if any(field.name == "tenant" for field in model._meta.fields):
        return model._default_manager.filter(tenant__in=member_tenants(request))
    return None


class TenantChoices:
    """Foreign-key and many-to-many pickers limited to the member's tenants."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if (queryset := choices_for(db_field.related_model, request)) is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if (queryset := choices_for(db_field.related_model, request)) is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class TenantScopedInline(TenantChoices, admin.TabularInline):
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_member(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class TenantScopedAdmin(TenantChoices, admin.ModelAdmin):
    """``tenant_path`` leads from the model to its tenant; ``event`` names what a save announces."""

    tenant_path = "tenant"
    event = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.tenant_path}__in": member_tenants(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_member(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_member(request)

    has_add_permission = has_module_permission
    has_change_permission = has_delete_permission = has_view_permission

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        records.save_record(obj, label=str(obj._meta.verbose_name).capitalize())

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """The event goes out once inlines and many-to-many picks are saved: its snapshot shows them."""
        super().save_related(request, form, formsets, change)
        records.announce_saved(form.instance, self.event, created=not change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        records.delete_record(obj, self.event)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
