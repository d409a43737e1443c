"""Old delivered events and applied inbox messages are pruned; anything unfinished is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cityos.platform.events.delivery import subscribe
from cityos.platform.events.models import Delivery, InboxMessage, OutboxEvent
from cityos.platform.events.outbox import emit
from cityos.platform.events.pruning import prune

pytestmark = pytest.mark.django_db


def old_event(name: str) -> OutboxEvent:
    with transaction.atomic():
        event = emit(name, entity_id=name)
    OutboxEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=8))
    return event


def test_only_finished_old_rows_are_pruned() -> None:
    subscribe("http://peer.test/hook", events=["*"])
    delivered, pending = old_event("a.delivered"), old_event("b.pending")
    Delivery.objects.filter(event=delivered).update(status=Delivery.Status.DELIVERED)
    with transaction.atomic():
        recent = emit("c.recent", entity_id="c")
    week_ago = timezone.now() - timedelta(days=8)
    InboxMessage.objects.create(id="old", name="x", payload={}, applied_at=week_ago)
    InboxMessage.objects.create(id="unapplied", name="x", payload={})

    assert prune()["inbox"] == 1
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {pending.pk, recent.pk}
    assert set(InboxMessage.objects.values_list("pk", flat=True)) == {"unapplied"}
