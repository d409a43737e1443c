"""``emit()``: the only way a service announces a change."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cityos.platform.events.models import OutboxEvent


class OutsideTransactionError(RuntimeError):
    """An event must ride in the transaction of its change, or a crash could lose one and keep the other."""


def emit(
    name: str, *, entity_id: str = "", tenant_id: str = "", data: dict[str, Any] | None = None
) -> OutboxEvent:
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransactionError(f"emit({name!r}) outside transaction.atomic()")
    return OutboxEvent.objects.create(
        name=name,
        entity_id=entity_id,
        tenant_id=tenant_id,
        data=data if data is not None else {"id": entity_id},
    )
