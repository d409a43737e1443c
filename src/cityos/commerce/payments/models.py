"""Payments as Medusa models them: a collection per cart or order, sessions, payments, captures, refunds."""

from __future__ import annotations

from django.db import models

from cityos.commerce.pricing.models import AMOUNT
from cityos.commerce.tenants.models import Tenant
from cityos.platform.fields import PrefixedIdField
from cityos.platform.models import TimestampedModel


class PaymentCollection(TimestampedModel):
    class Status(models.TextChoices):
        NOT_PAID = "not_paid"
        AWAITING = "awaiting"
        AUTHORIZED = "authorized"
        PARTIALLY_AUTHORIZED = "partially_authorized"
        CANCELED = "canceled"
        COMPLETED = "completed"

    id = PrefixedIdField("pay_col")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    cart = models.OneToOneField(
        "carts.Cart", on_delete=models.SET_NULL, null=True, blank=True, related_name="payment_collection"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, null=True, blank=True, related_name="payment_collections"
    )
    currency_code = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    authorized_amount = models.DecimalField(**AMOUNT, default=0)
    captured_amount = models.DecimalField(**AMOUNT, default=0)
    refunded_amount = models.DecimalField(**AMOUNT, default=0)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NOT_PAID)
    completed_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "payment_collection"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id


class PaymentSession(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending"
        AUTHORIZED = "authorized"
        CAPTURED = "captured"
        REQUIRES_MORE = "requires_more"
        ERROR = "error"
        CANCELED = "canceled"

    id = PrefixedIdField("payses")
    payment_collection = models.ForeignKey(
        PaymentCollection, on_delete=models.CASCADE, related_name="payment_sessions"
    )
    provider_id = models.CharField(max_length=100)
    currency_code = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    data = models.JSONField(default=dict, blank=True)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PENDING)
    authorized_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "payment_session"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id


class Payment(TimestampedModel):
    """An authorized session becomes a payment; captures and refunds hang from it."""

    id = PrefixedIdField("pay")
    payment_collection = models.ForeignKey(
        PaymentCollection, on_delete=models.CASCADE, related_name="payments"
    )
    payment_session = models.OneToOneField(PaymentSession, on_delete=models.CASCADE, related_name="payment")
    provider_id = models.CharField(max_length=100)
    currency_code = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    data = models.JSONField(default=dict, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "payment"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.id


class Capture(TimestampedModel):
    id = PrefixedIdField("capt")
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="captures")
    amount = models.DecimalField(**AMOUNT)
    created_by = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        db_table = "capture"
        ordering = ("created_at", "id")


class Refund(TimestampedModel):
    id = PrefixedIdField("ref")
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(**AMOUNT)
    note = models.TextField(null=True, blank=True)
    created_by = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        db_table = "refund"
        ordering = ("created_at", "id")
