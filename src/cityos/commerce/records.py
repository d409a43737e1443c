"""The write path shared by the services of simple records: save, announce, and turn clashes into 422.

Each app's ``services.py`` calls these for its plain records, so a row and its event are always
written in one transaction and a unique-constraint clash answers Medusa's ``duplicate_error``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

from cityos.commerce.errors import ErrorType, MedusaError, not_found
from cityos.commerce.mirrors import deletion_of, snapshot_of
from cityos.commerce.tenants.models import Tenant
from cityos.platform.events.outbox import emit

Record = TypeVar("Record", bound=models.Model)


@contextmanager
def unique_or_422(label: str) -> Iterator[None]:
    """A savepoint around writes whose unique constraints the caller did not pre-check."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise MedusaError(ErrorType.DUPLICATE_ERROR, f"{label} already exists.") from None


def in_tenant(model: type[Record], tenant: Any, ids: Sequence[str], label: str) -> list[Record]:
    """Rows a body names by id, in the body's order; one missing or of another tenant answers 404."""
    wanted = list(dict.fromkeys(ids))
    found = {row.pk: row for row in model._default_manager.filter(tenant=tenant, pk__in=wanted)}
    if missing := [id for id in wanted if id not in found]:
        raise not_found(label, ", ".join(missing))
    return [found[id] for id in wanted]


def tenant_of(record: models.Model) -> str:
    """The tenant an event belongs to: the record's own, or the record itself for a tenant."""
    if isinstance(record, Tenant):
        return record.pk
    return str(getattr(record, "tenant_id", "") or "")


def _announce(name: str, event: str, record: models.Model) -> None:
    """The record's event; mirrored records (tenants, stores, categories) carry their snapshot."""
    emit(name, entity_id=record.pk, tenant_id=tenant_of(record), data=snapshot_of(event, record))


@transaction.atomic
def create_record(model: type[Record], event: str, values: Mapping[str, Any], *, label: str) -> Record:
    with unique_or_422(label):
        record = model.objects.create(**values)
    emit(
        f"{event}.created", entity_id=record.pk, tenant_id=tenant_of(record), data=snapshot_of(event, record)
    )
    return record


@transaction.atomic
def update_record(record: Record, event: str, values: Mapping[str, Any], *, label: str) -> Record:
    for name, value in values.items():
        setattr(record, name, value)
    with unique_or_422(label):
        record.save()
    emit(
        f"{event}.updated", entity_id=record.pk, tenant_id=tenant_of(record), data=snapshot_of(event, record)
    )
    return record


def save_record(record: Record, *, label: str) -> Record:
    """Save a record a form has already filled (Django admin); ``announce_saved`` follows once the
    form's related rows (inlines, many-to-many) are saved too, so the event shows them."""
    with unique_or_422(label):
        record.save()
    return record


@transaction.atomic
def announce_saved(record: models.Model, event: str, *, created: bool) -> None:
    _announce(f"{event}.{'created' if created else 'updated'}", event, record)


@transaction.atomic
def delete_record(record: models.Model, event: str, *, data: dict[str, Any] | None = None) -> None:
    entity_id, tenant_id = record.pk, tenant_of(record)
    data = data or deletion_of(event, record)
    record.delete()
    emit(f"{event}.deleted", entity_id=entity_id, tenant_id=tenant_id, data=data)
