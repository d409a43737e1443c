"""The outbox table, installed in every service that emits events."""

from __future__ import annotations

from django.db import models

from cityos.platform.fields import PrefixedIdField


class OutboxEvent(models.Model):
    """One event, written in the transaction of the change it announces; delivery reads from here."""

    id = PrefixedIdField("evt")
    name = models.CharField(max_length=100, db_index=True)
    entity_id = models.CharField(max_length=64, blank=True, default="")
    tenant_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    request_id = models.CharField(
        max_length=64, blank=True, default="", help_text="The request that emitted it."
    )

    class Meta:
        db_table = "outbox_event"
        ordering = ("created_at", "id")
        indexes = [
            models.Index(fields=("entity_id", "created_at"), name="outbox_entity_created"),
            # A tenant's latest event is the version of everything it shows (commerce's Store cache).
            models.Index(fields=("tenant_id", "id"), name="outbox_tenant_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.entity_id}"


class Subscription(models.Model):
    """A webhook endpoint that receives the events its ``events`` patterns match (``product.*``, ``*``)."""

    id = PrefixedIdField("whsub")
    url = models.URLField(max_length=1000)
    secret = models.CharField(max_length=100, help_text="whsec_… shared with the receiver.")
    events = models.JSONField(
        default=list, blank=True, help_text='Patterns such as "product.*"; empty means every event.'
    )
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webhook_subscription"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event to one subscription; the attempts to send it hang from here."""

    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        DEAD = "dead"

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    entity_id = models.CharField(
        max_length=64, blank=True, default="", help_text="The event's, for ordering."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "webhook_delivery"
        constraints = [models.UniqueConstraint(fields=("event", "subscription"), name="delivery_once")]
        indexes = [
            models.Index(fields=("status", "next_attempt_at"), name="delivery_due"),
            models.Index(fields=("subscription", "entity_id", "status"), name="delivery_entity_order"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id} ({self.status})"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "webhook_delivery_attempt"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at}: {self.status_code or self.error}"


class InboxMessage(models.Model):
    """A received webhook, stored before it is acknowledged; its id makes a repeat harmless."""

    id = models.CharField(max_length=100, primary_key=True, help_text="The sender's webhook-id.")
    name = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    request_id = models.CharField(
        max_length=64, blank=True, default="", help_text="The sender's x-request-id."
    )

    class Meta:
        db_table = "webhook_inbox"
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.name} {self.id}"


class JobRun(models.Model):
    """The last run of a scheduled job (reconciliation, order summaries, pruning), for sync status."""

    name = models.CharField(max_length=100, primary_key=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        db_table = "scheduled_job_run"
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} at {self.started_at}"
