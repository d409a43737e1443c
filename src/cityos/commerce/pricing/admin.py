from django.contrib import admin

from cityos.commerce.pricing.models import PriceList
from cityos.commerce.tenant_admin import TenantScopedAdmin


@admin.register(PriceList)
class PriceListAdmin(TenantScopedAdmin):
    event = "price_list"
    list_display = ("title", "type", "status", "starts_at", "ends_at", "tenant")
    list_filter = ("type", "status", "tenant")
    search_fields = ("title",)
