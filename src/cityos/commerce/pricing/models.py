"""Prices: a price set per variant, prices per currency with rules and quantity tiers, and price lists."""

from __future__ import annotations

from django.db import models

from cityos.commerce.catalog.models import ProductVariant
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel

AMOUNT = {"max_digits": 24, "decimal_places": 6}


class PriceSet(TimestampedModel):
    id = PrefixedIdField("pset")
    variant = models.OneToOneField(ProductVariant, on_delete=models.CASCADE, related_name="price_set")

    class Meta:
        db_table = "price_set"

    def __str__(self) -> str:
        return self.id


class PriceList(TimestampedModel):
    class Type(models.TextChoices):
        SALE = "sale"
        OVERRIDE = "override"

    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"

    id = PrefixedIdField("plist")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="price_lists")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.SALE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    customer_group_ids = models.JSONField(default=list, blank=True, help_text="Empty: every customer.")

    class Meta:
        db_table = "price_list"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.title


class Price(TimestampedModel):
    """An amount in major units (as Medusa), with optional rules and a quantity tier."""

    id = PrefixedIdField("price")
    price_set = models.ForeignKey(PriceSet, on_delete=models.CASCADE, related_name="prices")
    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, null=True, blank=True, related_name="prices"
    )
    currency_code = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    min_quantity = models.PositiveIntegerField(null=True, blank=True)
    max_quantity = models.PositiveIntegerField(null=True, blank=True)
    region_id = models.CharField(max_length=40, null=True, blank=True, help_text="Rule: only in this region.")
    customer_group_id = models.CharField(
        max_length=40, null=True, blank=True, help_text="Rule: only this group."
    )
    rules_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "price"
        indexes = [models.Index(fields=("price_set", "currency_code"), name="price_lookup")]

    def count_rules(self) -> None:
        """Kept in a column so price selection can rank by it without reading the rules."""
        self.rules_count = int(bool(self.region_id)) + int(bool(self.customer_group_id))

    def save(self, *args: object, **kwargs: object) -> None:
        self.count_rules()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency_code}"
