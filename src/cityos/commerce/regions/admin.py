from django.contrib import admin

from cityos.commerce.regions.models import Region, TaxRate
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline


class TaxRateInline(TenantScopedInline):
    model = TaxRate


@admin.register(Region)
class RegionAdmin(TenantScopedAdmin):
    event = "region"
    list_display = ("name", "currency_code", "automatic_taxes", "is_tax_inclusive", "tenant")
    list_filter = ("tenant",)
    search_fields = ("name",)
    inlines = (TaxRateInline,)
