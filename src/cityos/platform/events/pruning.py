"""Pruning: delivered events and applied inbox messages are kept for ``KEEP`` days, then deleted.

An event goes only once every delivery of it is delivered (a pending or dead one keeps it, for
``retry-failed``); an inbox message only once applied. Replays are refused by the timestamp window
(5 minutes) long before a message could be pruned, so deleting old ids cannot let one through.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cityos.platform.events.models import Delivery, InboxMessage, OutboxEvent

KEEP = timedelta(days=7)


def prune(batch: int = 5000) -> dict[str, int]:
    cutoff = timezone.now() - timedelta(days=getattr(settings, "CITYOS_EVENTS_KEEP_DAYS", KEEP.days))
    unfinished = Delivery.objects.filter(event=OuterRef("pk")).exclude(status=Delivery.Status.DELIVERED)
    old_events = OutboxEvent.objects.filter(created_at__lt=cutoff).exclude(Exists(unfinished))
    event_ids = list(old_events.values_list("pk", flat=True)[:batch])
    events, _ = OutboxEvent.objects.filter(pk__in=event_ids).delete()
    message_ids = list(
        InboxMessage.objects.filter(applied_at__lt=cutoff).values_list("pk", flat=True)[:batch]
    )
    messages, _ = InboxMessage.objects.filter(pk__in=message_ids).delete()
    return {"events": events, "inbox": messages}
