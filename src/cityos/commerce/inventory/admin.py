from django.contrib import admin

from cityos.commerce.inventory.models import InventoryItem, InventoryLevel, StockLocation
from cityos.commerce.tenant_admin import TenantScopedAdmin, TenantScopedInline


class LevelInline(TenantScopedInline):
    model = InventoryLevel
    fields = ("location", "stocked_quantity", "reserved_quantity", "incoming_quantity")
    readonly_fields = ("reserved_quantity",)


@admin.register(StockLocation)
class StockLocationAdmin(TenantScopedAdmin):
    event = "stock_location"
    list_display = ("name", "tenant")
    search_fields = ("name",)
    filter_horizontal = ("sales_channels",)


@admin.register(InventoryItem)
class InventoryItemAdmin(TenantScopedAdmin):
    event = "inventory_item"
    list_display = ("sku", "title", "requires_shipping", "tenant")
    search_fields = ("sku", "title")
    inlines = (LevelInline,)
