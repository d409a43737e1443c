"""Promotions: codes and automatic discounts, their rules, campaigns with budgets, and usage counts."""

from __future__ import annotations

from django.db import models

from cityos.commerce.pricing.models import AMOUNT
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class Campaign(TimestampedModel):
    class BudgetType(models.TextChoices):
        SPEND = "spend"
        USAGE = "usage"

    id = PrefixedIdField("procamp")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(max_length=200)
    campaign_identifier = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    budget_type = models.CharField(max_length=10, choices=BudgetType.choices, null=True, blank=True)
    budget_limit = models.DecimalField(**AMOUNT, null=True, blank=True)
    budget_used = models.DecimalField(**AMOUNT, default=0)
    budget_currency_code = models.CharField(max_length=3, null=True, blank=True)

    class Meta:
        db_table = "promotion_campaign"
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(fields=("tenant", "campaign_identifier"), name="campaign_identifier")
        ]

    def __str__(self) -> str:
        return self.name


class Promotion(TimestampedModel):
    """What it discounts is its application method (``type``/``target_type``/``allocation``/``value``).

    ``rules`` decide whether a cart qualifies and ``target_rules`` which of its items are discounted;
    both are lists of ``{attribute, operator, values}`` as Medusa's promotion rules.
    """

    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        INACTIVE = "inactive"

    class MethodType(models.TextChoices):
        PERCENTAGE = "percentage"
        FIXED = "fixed"

    class TargetType(models.TextChoices):
        ITEMS = "items"
        ORDER = "order"
        SHIPPING_METHODS = "shipping_methods"

    class Allocation(models.TextChoices):
        EACH = "each"
        ACROSS = "across"

    id = PrefixedIdField("promo")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="promotions")
    code = models.CharField(max_length=100)
    is_automatic = models.BooleanField(default=False)
    type = models.CharField(max_length=20, default="standard")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="promotions"
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    method_type = models.CharField(max_length=20, choices=MethodType.choices)
    target_type = models.CharField(max_length=20, choices=TargetType.choices, default=TargetType.ITEMS)
    allocation = models.CharField(max_length=10, choices=Allocation.choices, default=Allocation.ACROSS)
    value = models.DecimalField(**AMOUNT)
    currency_code = models.CharField(max_length=3, null=True, blank=True, help_text="For fixed amounts.")
    max_quantity = models.PositiveIntegerField(null=True, blank=True)
    rules = models.JSONField(default=list, blank=True)
    target_rules = models.JSONField(default=list, blank=True)
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    usage_count = models.PositiveIntegerField(default=0)
    per_customer_limit = models.PositiveIntegerField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "promotion"
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=("tenant", "code"), name="promotion_code")]

    def __str__(self) -> str:
        return self.code


class PromotionUsage(models.Model):
    """How often one customer has used a promotion, for ``per_customer_limit``."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="usages")
    customer_id = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "promotion_usage"
        constraints = [
            models.UniqueConstraint(fields=("promotion", "customer_id"), name="promotion_usage_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.count}"
