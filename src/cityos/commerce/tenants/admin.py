from django.contrib import admin

from cityos.commerce.tenants.models import ApiKey, SalesChannel, Store, Tenant, TenantMembership


class MembershipInline(admin.TabularInline):
    model = TenantMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "status", "default_currency_code", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "slug", "id")
    inlines = (MembershipInline,)


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ("name", "handle", "tenant", "default_sales_channel")
    list_filter = ("tenant",)
    search_fields = ("name", "handle", "id")


@admin.register(SalesChannel)
class SalesChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "is_disabled")
    list_filter = ("tenant", "is_disabled")
    search_fields = ("name", "id")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("title", "type", "redacted", "tenant", "revoked_at", "last_used_at")
    list_filter = ("type", "tenant")
    readonly_fields = ("token", "redacted", "created_by", "revoked_by", "revoked_at", "last_used_at")
    search_fields = ("title", "id")
