"""Inventory: items linked to variants, stock locations, levels per location, and reservations."""

from __future__ import annotations

from django.db import models

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.tenants.models import SalesChannel, Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class StockLocation(TimestampedModel):
    id = PrefixedIdField("sloc")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="stock_locations")
    name = models.CharField(max_length=200)
    address = models.JSONField(null=True, blank=True)
    sales_channels = models.ManyToManyField(
        SalesChannel, blank=True, related_name="stock_locations", db_table="sales_channel_stock_location"
    )
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "stock_location"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class InventoryItem(TimestampedModel):
    id = PrefixedIdField("iitem")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="inventory_items")
    sku = models.CharField(max_length=200, null=True, blank=True)
    title = models.CharField(max_length=500, blank=True, default="")
    requires_shipping = models.BooleanField(default=True)
    metadata = models.JSONField(null=True, blank=True)
    variants = models.ManyToManyField(
        ProductVariant, through="VariantInventoryItem", related_name="inventory_items"
    )

    class Meta:
        db_table = "inventory_item"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.sku or self.id


class VariantInventoryItem(models.Model):
    """A variant needs ``required_quantity`` of an item per unit sold (bundles need several)."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="inventory_links")
    inventory_item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="variant_links")
    required_quantity = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "product_variant_inventory_item"
        constraints = [
            models.UniqueConstraint(fields=("variant", "inventory_item"), name="variant_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} needs {self.required_quantity} x {self.inventory_item_id}"


class InventoryLevel(TimestampedModel):
    id = PrefixedIdField("ilev")
    inventory_item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="levels")
    location = models.ForeignKey(StockLocation, on_delete=models.CASCADE, related_name="levels")
    stocked_quantity = models.IntegerField(default=0)
    reserved_quantity = models.IntegerField(default=0)
    incoming_quantity = models.IntegerField(default=0)

    class Meta:
        db_table = "inventory_level"
        constraints = [
            models.UniqueConstraint(fields=("inventory_item", "location"), name="level_per_location")
        ]

    @property
    def available_quantity(self) -> int:
        return self.stocked_quantity - self.reserved_quantity


class ReservationItem(TimestampedModel):
    id = PrefixedIdField("resitem")
    inventory_item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="reservations")
    location = models.ForeignKey(StockLocation, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    line_item_id = models.CharField(max_length=40, null=True, blank=True)
    description = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        db_table = "reservation_item"
