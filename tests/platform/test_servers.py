"""The scale path for real: these run only in the PostgreSQL + Redis pass of ``make test``."""

import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from huey.contrib.djhuey import HUEY


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


@pytest.mark.redis
def test_huey_queue_round_trips_through_redis():
    assert type(HUEY).__name__ == "PriorityRedisHuey"
    HUEY.flush()
    HUEY.storage.enqueue(b"cityos-probe", priority=0)
    assert HUEY.pending_count() == 1
    assert HUEY.storage.dequeue() == b"cityos-probe"


@pytest.mark.redis
def test_cache_is_redis():
    key = f"probe-{uuid.uuid4().hex}"
    cache = caches["default"]
    assert type(cache).__name__ == "RedisCache"
    cache.set(key, {"n": 1}, timeout=10)
    assert cache.get(key) == {"n": 1}
