"""Prepared writes: multi-row inserts batched under the database's parameter limit, through a kept cursor
that behaves as Django's own: its errors are Django's and a broken transaction refuses it."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from cityos.platform.events.models import OutboxEvent
from cityos.platform.prepared import insert_rows, update_columns

pytestmark = pytest.mark.django_db


def events(count: int) -> list[OutboxEvent]:
    return [OutboxEvent(name="probe.made", entity_id=f"probe_{n}", data={"n": n}) for n in range(count)]


def test_rows_are_inserted_in_one_statement_and_read_back_as_written():
    rows = events(3)
    with CaptureQueriesContext(connection) as queries:
        insert_rows(rows)
    assert len(queries) == 1
    assert not any(row._state.adding for row in rows)
    stored = OutboxEvent.objects.filter(name="probe.made").order_by("entity_id")
    assert [(e.id, e.data) for e in stored] == [(r.id, r.data) for r in rows]
    assert all(e.created_at is not None for e in stored)


def test_many_rows_are_split_into_batches_the_database_accepts():
    rows = events(2000)
    fields = list(OutboxEvent._meta.concrete_fields)
    batch = min(connection.ops.bulk_batch_size(fields, rows), 65535 // len(fields))
    with CaptureQueriesContext(connection) as queries:
        insert_rows(rows)
    assert len(queries) == -(-len(rows) // batch)
    assert OutboxEvent.objects.filter(name="probe.made").count() == len(rows)


def test_columns_are_updated_for_each_row():
    rows = events(2)
    insert_rows(rows)
    for row in rows:
        row.entity_id = f"changed_{row.entity_id}"
    update_columns(rows, ["entity_id"])
    assert sorted(OutboxEvent.objects.filter(name="probe.made").values_list("entity_id", flat=True)) == [
        "changed_probe_0",
        "changed_probe_1",
    ]


def test_a_failed_write_raises_djangos_error_and_breaks_the_transaction():
    rows = events(1)
    insert_rows(rows)
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            insert_rows([OutboxEvent(id=rows[0].id, name="probe.again")])
        with pytest.raises(TransactionManagementError):
            insert_rows(events(1))
    assert OutboxEvent.objects.filter(name="probe.made").count() == 1
