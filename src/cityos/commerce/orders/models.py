"""Orders: what a completed cart became, numbered per tenant, with its fulfillment and return state."""

from __future__ import annotations

from django.db import models

from cityos.commerce.carts.models import AddressFields, LineFields, ShippingFields
from cityos.commerce.customers.models import Customer
from cityos.commerce.inventory.models import StockLocation
from cityos.commerce.pricing.models import AMOUNT
from cityos.commerce.regions.models import Region
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class OrderAddress(AddressFields):
    id = PrefixedIdField("ordaddr")
    customer_id = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        db_table = "order_address"


class DisplayIdCounter(models.Model):
    """The last order number of a tenant; taken under a row lock so numbers never repeat or skip."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, primary_key=True, related_name="+")
    last_display_id = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "order_display_id"

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.last_display_id}"


class Order(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending"
        COMPLETED = "completed"
        CANCELED = "canceled"
        ARCHIVED = "archived"
        REQUIRES_ACTION = "requires_action"

    id = PrefixedIdField("order")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    display_id = models.PositiveIntegerField()
    cart_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    currency_code = models.CharField(max_length=3)
    email = models.EmailField(max_length=320, null=True, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    sales_channel_id = models.CharField(max_length=40)
    shipping_address = models.OneToOneField(
        OrderAddress, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    billing_address = models.OneToOneField(
        OrderAddress, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    promotion_codes = models.JSONField(default=list, blank=True)
    total = models.DecimalField(**AMOUNT, help_text="As placed; kept for listing and daily summaries.")
    canceled_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "order"
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=("tenant", "display_id"), name="order_display_id_per_tenant")
        ]
        indexes = [models.Index(fields=("tenant", "created_at"), name="order_tenant_created")]

    def __str__(self) -> str:
        return f"#{self.display_id}"


class OrderLineItem(LineFields):
    id = PrefixedIdField("ordli")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    fulfilled_quantity = models.PositiveIntegerField(default=0)
    shipped_quantity = models.PositiveIntegerField(default=0)
    delivered_quantity = models.PositiveIntegerField(default=0)
    return_requested_quantity = models.PositiveIntegerField(default=0)
    return_received_quantity = models.PositiveIntegerField(default=0)
    written_off_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "order_line_item"
        ordering = ("created_at", "id")


class OrderShippingMethod(ShippingFields):
    id = PrefixedIdField("ordsm")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipping_methods")

    class Meta:
        db_table = "order_shipping_method"
        ordering = ("created_at", "id")


class Return(TimestampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested"
        RECEIVED = "received"
        CANCELED = "canceled"

    id = PrefixedIdField("return")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    location = models.ForeignKey(
        StockLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(default=list, help_text="[{item_id, quantity}]")
    refund_amount = models.DecimalField(**AMOUNT, null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "order_return"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id
