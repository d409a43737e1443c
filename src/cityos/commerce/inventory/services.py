"""Every change to stock goes through here."""

from __future__ import annotations

from django.db import transaction

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.inventory.models import (
    InventoryItem,
    InventoryLevel,
    StockLocation,
    VariantInventoryItem,
)
from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.events.outbox import emit


@transaction.atomic
def create_stock_location(*, tenant: Tenant, name: str, sales_channels: list[SalesChannel]) -> StockLocation:
    location = StockLocation.objects.create(tenant=tenant, name=name)
    location.sales_channels.set(sales_channels)
    emit("stock_location.created", entity_id=location.id, tenant_id=tenant.id)
    return location


@transaction.atomic
def stock_variant(*, variant: ProductVariant, location: StockLocation, quantity: int) -> InventoryLevel:
    """Give a variant its own inventory item (as Medusa does on create) stocked at one location."""
    item = InventoryItem.objects.create(tenant=variant.tenant, sku=variant.sku, title=variant.title)
    VariantInventoryItem.objects.create(variant=variant, inventory_item=item)
    level = InventoryLevel.objects.create(inventory_item=item, location=location, stocked_quantity=quantity)
    emit("inventory_item.created", entity_id=item.id, tenant_id=variant.tenant_id)
    return level
