from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityos.commerce.fulfillment.models import (
    ServiceZone,
    ShippingOption,
    ShippingOptionPrice,
    ShippingProfile,
)
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline, member_tenants


class PriceInline(TenantScopedInline):
    model = ShippingOptionPrice
    fields = ("currency_code", "amount", "region_id", "min_item_total", "max_item_total")


@admin.register(ShippingOption)
class ShippingOptionAdmin(TenantScopedAdmin):
    event = "shipping_option"
    list_display = ("name", "price_type", "service_zone", "enabled_in_store", "tenant")
    list_filter = ("enabled_in_store", "tenant")
    search_fields = ("name",)
    inlines = (PriceInline,)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Service zones carry their tenant on their fulfillment set."""
        if db_field.name == "service_zone":
            kwargs["queryset"] = ServiceZone.objects.filter(
                fulfillment_set__tenant__in=member_tenants(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ShippingProfile)
class ShippingProfileAdmin(TenantScopedAdmin):
    event = "shipping_profile"
    list_display = ("name", "type", "tenant")
    list_filter = ("tenant",)
