from django.contrib import admin
from django.http import HttpRequest

from cityos.commerce.tenant_admin import TenantScopedAdmin
from cityos.commerce.tenants.models import ApiKey, SalesChannel, Store, Tenant, TenantMembership


class MembershipInline(admin.TabularInline):
    model = TenantMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Tenant)
class TenantAdmin(TenantScopedAdmin):
    tenant_path = "id"
    event = "tenant"
    list_display = ("name", "slug", "status", "default_currency_code", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "slug", "id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser  # as POST /admin/tenants: only the platform makes tenants

    def has_delete_permission(self, request: HttpRequest, obj: Tenant | None = None) -> bool:
        return request.user.is_superuser

    def get_inlines(self, request: HttpRequest, obj: Tenant | None) -> list[type[admin.TabularInline]]:
        return [MembershipInline] if request.user.is_superuser else []


@admin.register(Store)
class StoreAdmin(TenantScopedAdmin):
    event = "store"
    list_display = ("name", "handle", "tenant", "default_sales_channel")
    list_filter = ("tenant",)
    search_fields = ("name", "handle", "id")


@admin.register(SalesChannel)
class SalesChannelAdmin(TenantScopedAdmin):
    event = "sales_channel"
    list_display = ("name", "tenant", "is_disabled")
    list_filter = ("tenant", "is_disabled")
    search_fields = ("name", "id")


@admin.register(ApiKey)
class ApiKeyAdmin(TenantScopedAdmin):
    event = "api_key"
    list_display = ("title", "type", "redacted", "tenant", "revoked_at", "last_used_at")
    list_filter = ("type", "tenant")
    readonly_fields = ("token", "redacted", "created_by", "revoked_by", "revoked_at", "last_used_at")
    search_fields = ("title", "id")
