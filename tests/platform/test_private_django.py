"""The private parts of Django that ``platform/prepared.py`` relies on, pinned: an upgrade that moves
one fails here, by name, before a checkout does. Each was read in Django 5.2's source."""

from __future__ import annotations

import django
import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

from cityos.platform.events.models import Delivery, OutboxEvent, Subscription
from cityos.platform.prepared import PreparedModels, relate, remember, remembered

pytestmark = pytest.mark.django_db


def test_django_is_the_release_the_private_uses_were_checked_against() -> None:
    assert django.VERSION[:2] == (5, 2), "re-read platform/prepared.py's private uses against this Django"


def test_the_connection_parts_the_kept_cursor_uses_exist() -> None:
    connection = connections["default"]
    for name in ("queries_logged", "queries_log", "execute_wrappers", "connection", "wrap_database_errors"):
        assert hasattr(connection, name), name
    for name in ("close_if_health_check_failed", "validate_no_broken_transaction", "create_cursor", "_close"):
        assert callable(getattr(BaseDatabaseWrapper, name)), name


def test_the_compiler_parts_prepared_models_use_exist() -> None:
    compiler = Delivery.objects.select_related("event").query.get_compiler(using="default")
    compiler.as_sql()
    assert {"model", "select_fields"} <= set(compiler.klass_info)
    assert callable(SQLCompiler.apply_converters)
    assert callable(SQLCompiler.get_converters)
    assert callable(get_related_populators)
    assert isinstance(compiler.annotation_col_map, dict)


def test_kept_relations_are_what_a_prefetch_keeps() -> None:
    subscription = Subscription.objects.create(url="http://peer.example/hook", events=["*"])
    event = OutboxEvent.objects.create(name="thing.happened")
    remember(subscription, "deliveries", [])
    assert remembered(subscription, "deliveries") == []
    assert list(subscription.deliveries.all()) == []  # served from the kept rows, as a prefetch's
    queryset: QuerySet[Delivery] = QuerySet(model=Delivery)
    assert hasattr(queryset, "_result_cache")
    assert hasattr(queryset, "_prefetch_done")
    delivery = Delivery(
        event=event, subscription=subscription, entity_id="", next_attempt_at=event.created_at
    )
    relate(delivery, "event", event)
    assert delivery.event is event
    assert delivery._state.adding


def test_prepared_models_build_instances_as_django_does() -> None:
    event = OutboxEvent.objects.create(name="thing.happened", entity_id="e_1")
    read = PreparedModels(lambda ids: OutboxEvent.objects.filter(entity_id__in=ids))
    [found] = read(["e_1"])
    assert (found.pk, found.name, found._state.adding) == (event.pk, "thing.happened", False)
