"""``emit()``: the only way a service announces a change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from cityos.platform.events.delivery import fan_out
from cityos.platform.events.models import OutboxEvent
from cityos.platform.events.tasks import push_webhooks
from cityos.platform.logs import current_request_id
from cityos.platform.prepared import insert_rows


class OutsideTransactionError(RuntimeError):
    """An event must ride in the transaction of its change, or a crash could lose one and keep the other."""


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransactionError(f"emit({name!r}) outside transaction.atomic()")


def _deliver(events: list[OutboxEvent]) -> None:
    """Queue each event for its subscribers; the worker pushes them once the transaction commits."""
    if fan_out(events) and getattr(settings, "CITYOS_WEBHOOK_PUSH", True):
        transaction.on_commit(push_webhooks)


def emit_many(name: str, entities: list[tuple[str, str]]) -> None:
    """One event per ``(entity_id, tenant_id)``, in one insert: for changes made in bulk."""
    _require_transaction(name)
    request_id = current_request_id()
    events = OutboxEvent.objects.bulk_create(
        OutboxEvent(
            name=name, entity_id=entity_id, tenant_id=tenant_id, data={"id": entity_id}, request_id=request_id
        )
        for entity_id, tenant_id in entities
    )
    _deliver(events)


def emit(
    name: str, *, entity_id: str = "", tenant_id: str = "", data: dict[str, Any] | None = None
) -> OutboxEvent:
    _require_transaction(name)
    event = OutboxEvent(
        name=name,
        entity_id=entity_id,
        tenant_id=tenant_id,
        data=data if data is not None else {"id": entity_id},
        request_id=current_request_id(),
    )
    insert_rows([event])
    _deliver([event])
    return event
