"""Shipping: where a tenant ships from and to, the options a buyer picks, and fulfillments of orders.

A fulfillment set belongs to a stock location; its service zones name the countries served; each
shipping option of a zone has prices per currency, flat or tiered by the cart's item total.
"""

from __future__ import annotations

from django.db import models

from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.pricing.models import AMOUNT
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class ShippingProfile(TimestampedModel):
    id = PrefixedIdField("sp")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="shipping_profiles")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=50, default="default")
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "shipping_profile"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class FulfillmentSet(TimestampedModel):
    id = PrefixedIdField("fuset")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="fulfillment_sets")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=50, default="shipping")
    location = models.ForeignKey(StockLocation, on_delete=models.CASCADE, related_name="fulfillment_sets")

    class Meta:
        db_table = "fulfillment_set"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class ServiceZone(TimestampedModel):
    id = PrefixedIdField("serzo")
    fulfillment_set = models.ForeignKey(
        FulfillmentSet, on_delete=models.CASCADE, related_name="service_zones"
    )
    name = models.CharField(max_length=200)
    countries = models.JSONField(default=list, help_text="ISO 3166-1 alpha-2 codes, lower case.")

    class Meta:
        db_table = "service_zone"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class ShippingOption(TimestampedModel):
    class PriceType(models.TextChoices):
        FLAT = "flat"
        TIERED = "tiered"

    id = PrefixedIdField("so")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="shipping_options")
    name = models.CharField(max_length=200)
    price_type = models.CharField(max_length=20, choices=PriceType.choices, default=PriceType.FLAT)
    service_zone = models.ForeignKey(ServiceZone, on_delete=models.CASCADE, related_name="shipping_options")
    shipping_profile = models.ForeignKey(ShippingProfile, on_delete=models.PROTECT, related_name="+")
    provider_id = models.CharField(max_length=100, default="manual_manual")
    type_label = models.CharField(max_length=100, default="Standard")
    type_code = models.CharField(max_length=100, default="standard")
    type_description = models.CharField(max_length=300, blank=True, default="")
    enabled_in_store = models.BooleanField(default=True)
    is_return = models.BooleanField(default=False)
    data = models.JSONField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "shipping_option"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.name


class ShippingOptionPrice(TimestampedModel):
    """An amount in a currency, optionally only in one region or for an item-total tier."""

    id = PrefixedIdField("price")
    shipping_option = models.ForeignKey(ShippingOption, on_delete=models.CASCADE, related_name="prices")
    currency_code = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    region_id = models.CharField(max_length=40, null=True, blank=True)
    min_item_total = models.DecimalField(**AMOUNT, null=True, blank=True, help_text="Tier: from this total.")
    max_item_total = models.DecimalField(**AMOUNT, null=True, blank=True, help_text="Tier: below this total.")

    class Meta:
        db_table = "shipping_option_price"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency_code}"


class Fulfillment(TimestampedModel):
    """Items of an order packed at a location; shipped and delivered later."""

    id = PrefixedIdField("ful")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="fulfillments")
    location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="+")
    provider_id = models.CharField(max_length=100, default="manual_manual")
    items = models.JSONField(default=list, help_text="[{line_item_id, quantity}]")
    labels = models.JSONField(default=list, help_text="[{tracking_number, tracking_url, label_url}]")
    packed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "fulfillment"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id
