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
